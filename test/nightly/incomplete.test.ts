import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultBench, type FaultBench } from "../faults/harness.js";

// A nightly run where Grafana refuses the token: with --allow-partial the report is still
// written, marked INCOMPLETE, and the run exits 3 — even though a threshold is breached too.
let bench: FaultBench;

beforeAll(async () => {
  bench = await startFaultBench((config) => {
    // search: 12 deployments / (90 / 7) weeks = 0.93/week < 1 (EXPECTED.md): breached.
    config.thresholds = { services: { search: { deploysPerWeek: 1 } } };
  });
});
afterAll(() => bench.close());

describe("an incomplete nightly report", () => {
  it("exit 3 wins over exit 1; the breach is still printed; the outputs open with an INCOMPLETE banner", async () => {
    bench.proxy.rules = [{ source: "incident", path: /QueryIncidentPreviews/, fault: { kind: "status", status: 401, body: '{"message":"invalid API key"}' } }];
    const summaryPath = join(mkdtempSync("/tmp/dora-nightly-partial-"), "summary.md");
    const run = await bench.report(["--allow-partial", "--format", "table", "--summary", "--quiet"], { CI: "true", GITHUB_STEP_SUMMARY: summaryPath });
    expect(run.code).toBe(3);
    expect(run.stdout.startsWith("INCOMPLETE: 1 gap(s) in the data; the figures below do not cover them:\n  - ")).toBe(true);
    expect(run.stdout).toMatch(/HTTP 401/);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("dora: threshold breached: service search: deployments per week 0.93 is below the threshold 1.00 (thresholds.services.search.deploysPerWeek)");
    expect(lines[1]).toMatch(/^dora: the report is incomplete: 1 gap\(s\) in the data; the figures above are NOT complete:$/);
    expect(readFileSync(summaryPath, "utf8")).toMatch(/^## DORA metrics\n\n> \[!CAUTION\]\n> \*\*INCOMPLETE:\*\* 1 gap\(s\)/);
  });
});
