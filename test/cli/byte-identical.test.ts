// Pins every output of the demo byte for byte, so that a restructuring of the code (issue 15) or a
// rewrite for speed (issue 18) can show it changed no figure and no byte: report in every format
// and CSV table, with and without buckets and comparison, explain in every format, the backfill's
// OpenMetrics text and the digests of its OTLP request bodies. A change here is a change users see:
// update the files only on purpose (`npx vitest run test/cli/byte-identical.test.ts -u`) and say why.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startOtlpReceiver } from "../faults/otlp-receiver.js";
import { runCli } from "./run-cli.js";

const DIR = "__golden__/byte-identical";

/** Output files named by their command line; the digest in the name keeps them distinct. */
const REPORTS: Array<{ file: string; args: string[] }> = [
  { file: "report-table.txt", args: ["report", "--demo"] },
  { file: "report-table-bucket-week-compare.txt", args: ["report", "--demo", "--bucket", "week", "--compare", "previous"] },
  { file: "report-json.json", args: ["report", "--demo", "--format", "json"] },
  { file: "report-json-bucket-day.json", args: ["report", "--demo", "--format", "json", "--bucket", "day", "--since", "30d"] },
  { file: "report-json-compare-service.json", args: ["report", "--demo", "--format", "json", "--compare", "previous", "--service", "checkout"] },
  { file: "report-csv-summary.csv", args: ["report", "--demo", "--format", "csv"] },
  { file: "report-csv-summary-bucket-month.csv", args: ["report", "--demo", "--format", "csv", "--bucket", "month"] },
  { file: "report-csv-deployments.csv", args: ["report", "--demo", "--format", "csv", "--csv", "deployments"] },
  { file: "report-csv-changes.csv", args: ["report", "--demo", "--format", "csv", "--csv", "changes"] },
  { file: "report-csv-incidents.csv", args: ["report", "--demo", "--format", "csv", "--csv", "incidents"] },
  { file: "report-markdown.md", args: ["report", "--demo", "--format", "markdown"] },
  { file: "report-markdown-bucket-week-compare.md", args: ["report", "--demo", "--format", "markdown", "--bucket", "week", "--compare", "previous"] },
  { file: "report-html.html", args: ["report", "--demo", "--format", "html"] },
  { file: "report-html-bucket-month-compare.html", args: ["report", "--demo", "--format", "html", "--bucket", "month", "--compare", "previous"] },
  { file: "report-timezone.json", args: ["report", "--demo", "--format", "json", "--timezone", "America/New_York", "--bucket", "week"] },
  { file: "explain-deployment.txt", args: ["explain", "deployment", "deploy-backstage-hxzch", "--demo"] },
  { file: "explain-deployment.json", args: ["explain", "deployment", "deploy-backstage-hxzch", "--demo", "--format", "json"] },
  { file: "explain-incident.md", args: ["explain", "incident", "1046", "--demo", "--format", "markdown"] },
  { file: "explain-service-lead-time.txt", args: ["explain", "service", "checkout", "--metric", "lead-time", "--demo"] },
  { file: "explain-service.json", args: ["explain", "service", "search", "--demo", "--format", "json"] },
];

describe("the demo's outputs are byte-identical to the recorded ones", () => {
  for (const { file, args } of REPORTS) {
    it(`dora ${args.join(" ")}`, async () => {
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
      await expect(run.stdout).toMatchFileSnapshot(`${DIR}/${file}`);
    });
  }

  it("dora backfill --demo --format openmetrics: the same text (86 MB, so pinned by its digest)", async () => {
    const lines: string[] = [];
    for (const args of [
      ["backfill", "--demo", "--from", "2026-11-01", "--to", "2026-11-16", "--format", "openmetrics"],
      ["backfill", "--demo", "--from", "2026-10-20", "--to", "2026-11-16", "--format", "openmetrics", "--step", "5m", "--deployment-info", "--timezone", "Asia/Kolkata"],
    ]) {
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
      const digest = createHash("sha256").update(run.stdout).digest("hex");
      lines.push(`$ dora ${args.join(" ")}`, `${run.stdout.length} chars, ${run.stdout.split("\n").length - 1} lines, sha256 ${digest}`);
      expect(run.stdout.endsWith("# EOF\n")).toBe(true);
    }
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot(`${DIR}/backfill-openmetrics.txt`);
  }, 120_000);

  it("dora backfill --demo (OTLP): the same request bodies, digest by digest", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const args = ["backfill", "--demo", "--from", "2026-10-01", "--to", "2026-11-16", "--otlp-endpoint", receiver.endpoint];
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
      const lines = receiver.received.map((body) => `${body.signal} ${body.bytes} ${body.digest}`);
      // The deployment-info series and gzip give other bodies: they are pinned too.
      const info = await startOtlpReceiver();
      try {
        const withInfo = await runCli([...args.slice(0, -1), info.endpoint, "--deployment-info", "--otlp-compression", "gzip"]);
        expect(withInfo.code, withInfo.stderr).toBe(0);
        lines.push("# --deployment-info --otlp-compression gzip");
        for (const body of info.received) lines.push(`${body.signal} ${body.bytes} ${body.digest}`);
      } finally {
        await info.close();
      }
      await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot(`${DIR}/backfill-otlp-bodies.txt`);
      // Guard against an empty capture passing as "identical".
      expect(receiver.received.filter((body) => body.signal === "traces").length).toBeGreaterThan(0);
      expect(receiver.received.filter((body) => body.signal === "metrics").length).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  }, 120_000);

  it("the recorded files are what the test wrote (no stale file left behind)", async () => {
    const { readdirSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const files = readdirSync(fileURLToPath(new URL(DIR, import.meta.url))).sort();
    expect(files).toEqual([...REPORTS.map((report) => report.file), "backfill-otlp-bodies.txt", "backfill-openmetrics.txt"].sort());
  });
});
