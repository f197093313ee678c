import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

// The CLI as a GitHub Actions job runs it: no TTY, CI=true, GITHUB_STEP_SUMMARY naming a file
// that earlier steps may already have written to.
const BREACH_CONFIG = "fixtures/nightly/breach/dora.config.yaml";
let summaryPath: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  summaryPath = join(mkdtempSync("/tmp/dora-nightly-"), "step-summary.md");
  writeFileSync(summaryPath, "## Build\n\nearlier step\n");
  env = { CI: "true", GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summaryPath };
});

const summary = () => readFileSync(summaryPath, "utf8");
const ESC = "\u001b";

describe("nightly job on the demo", () => {
  it("passes: exit 0, the table on stdout, the Markdown appended to the step summary with a weekly trend", async () => {
    const run = await runCli(["report", "--demo", "--summary", "--fail-change-failure-rate", "0.15", "--fail-below-tier", "medium"], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("│ Change failure rate             │ 7.9%");
    expect(run.stdout).not.toContain("Trend"); // no --bucket: the terminal output is unchanged
    expect(run.stdout + run.stderr).not.toContain(ESC);
    expect(run.stderr).toBe(`dora: appended the Markdown report to $GITHUB_STEP_SUMMARY (${summaryPath})\n`);
    const text = summary();
    // Appended, not overwritten.
    expect(text.startsWith("## Build\n\nearlier step\n## DORA metrics\n")).toBe(true);
    expect(text).toContain("| Change failure rate | 7.9% | 6 of 76 deployments | high |");
    expect(text).toContain("| checkout | 2.0 (high) | 21h 50m (elite) | 11.5% (medium) | 1h (high) | 3.8% |");
    // 13 ISO weeks (EXPECTED.md: deploy days per week 2 4 5 4 4 4 2 3 5 4 4 3 4), then the sparkline row.
    expect(text).toContain("### Trend (weekly, all services)");
    expect(text.match(/^\| 2026-W\d\d \|/gm)).toHaveLength(13);
    expect(text).toMatch(/^\| \*\*Trend\*\* \| `[▁-█ ]{13}` \|/m);
    expect(text).toContain("### Warnings (3)");
    // CFR 7.9% ≤ 15%; tiers high, elite, high, high are all ≥ medium: 2 thresholds, both met.
    expect(text.endsWith("\n### Thresholds\n\nAll 2 threshold(s) met.\n")).toBe(true);
  });

  it("--summary without GITHUB_STEP_SUMMARY says so and still exits 0", async () => {
    const run = await runCli(["report", "--demo", "--summary", "--format", "json"], { env: { CI: "true" } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("dora: GITHUB_STEP_SUMMARY is not set: --summary writes no step summary");
    expect(JSON.parse(run.stdout).buckets).toEqual([]); // the JSON is exactly what it was without --summary
  });

  it("no colour without a TTY, nor with NO_COLOR on a TTY; colour on a TTY otherwise", async () => {
    expect((await runCli(["report", "--demo"], { env })).stdout).not.toContain(ESC);
    expect((await runCli(["report", "--demo"], { env: { ...env, NO_COLOR: "1" }, tty: true })).stdout).not.toContain(ESC);
    expect((await runCli(["report", "--demo"], { env, tty: true })).stdout).toContain(`${ESC}[32melite${ESC}[39m`);
  });
});

describe("nightly job with breached thresholds (fixtures/nightly/breach)", () => {
  const BREACHES = [
    "service checkout: change failure rate 11.5% is above the threshold 10.0% (thresholds.services.checkout.changeFailureRate)",
    "service checkout: change failure rate tier medium is below the threshold high (thresholds.services.checkout.belowTier)",
    "service backstage: median lead time 7h 5m is above the threshold 6h (thresholds.services.backstage.leadTime)",
    "service search: deployments per week 0.93 is below the threshold 1.00 (thresholds.services.search.deploysPerWeek)",
  ];

  it("exit 1, one stderr line per breach, and the breaches in the step summary", async () => {
    const run = await runCli(["report", "--demo", "--config", BREACH_CONFIG, "--summary", "--quiet"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(BREACHES.map((breach) => `dora: threshold breached: ${breach}\n`).join(""));
    expect(run.stdout).toContain("DORA metrics  2026-08-18 00:00 → 2026-11-16 00:00 (UTC)");
    const text = summary();
    expect(text).toContain("### Thresholds: 4 breached\n\n- **service checkout**: change failure rate 11.5% is above the threshold 10.0% (thresholds.services.checkout.changeFailureRate)\n");
    expect(text).toContain("- **service search**: deployments per week 0.93 is below the threshold 1.00 (thresholds.services.search.deploysPerWeek)\n");
  });

  it("a flag overrides the config for the same service and metric", async () => {
    // backstage's median 7h 5m is within 8h: that breach goes, the other three stay.
    const run = await runCli(["report", "--demo", "--config", BREACH_CONFIG, "--fail-lead-time", "backstage=8h", "--quiet"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([BREACHES[0], BREACHES[1], BREACHES[3]].map((breach) => `dora: threshold breached: ${breach}`));
  });

  it("an overall flag adds to the config's per-service limits", async () => {
    // Overall rework 3 / 76 = 3.9% > 2%.
    const run = await runCli(["report", "--demo", "--config", BREACH_CONFIG, "--fail-rework-rate", "2%", "--quiet"], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("dora: threshold breached: overall: deployment rework rate 3.9% is above the threshold 2.0% (--fail-rework-rate)\n");
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(5);
  });

  it("--log-format json: every stderr line is one JSON object; warnings carry code and subject, breaches are errors", async () => {
    const run = await runCli(["report", "--demo", "--config", BREACH_CONFIG, "--log-format", "json", "--format", "json", "--output", join(summaryPath, "..", "dora.json")], { env });
    expect(run.code).toBe(1);
    const records = run.stderr.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(records.filter((record) => record.level === "warning").map((record) => record.code)).toEqual([
      "unmatched-incidents", "non-positive-lead-time", "first-deployment",
    ]);
    expect(records.find((record) => record.code === "first-deployment")).toMatchObject({ subject: "deploy-search-xsqjv" });
    expect(records.filter((record) => record.level === "error").map((record) => record.message)).toEqual(BREACHES.map((breach) => `threshold breached: ${breach}`));
    expect(records[0]).toMatchObject({ level: "info", message: expect.stringMatching(/^wrote the json report to .*dora\.json$/) });
    expect(run.stderr).not.toContain(ESC);
  });

  it("--log-format json turns a configuration error into one error record with its fix", async () => {
    const run = await runCli(["report", "--demo", "--fail-lead-time", "nope=2d", "--log-format", "json"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n").map((line) => JSON.parse(line))).toEqual([
      { level: "error", message: '--fail-lead-time: "nope" is not a configured service', details: ["fix: use one of: backstage, checkout, search"] },
    ]);
  });
});
