import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "./run-cli.js";

/** A golden record of one command: the command line, the exit code and what it printed. */
function golden(args: string[], run: CliRun): string {
  return `$ dora ${args.join(" ")}\n# exit ${run.code}\n# stdout\n${run.stdout}# stderr\n${run.stderr}`;
}

describe("dora (help and usage)", () => {
  it("prints help and exits 2 without a command", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("dora report --demo");
  });

  it("--help teaches the commands, report --help the flags with examples", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/report \[options\]\s+compute DORA metrics/);
    const report = await runCli(["report", "--help"]);
    expect(report.code).toBe(0);
    for (const text of ["--since <duration>", "--bucket <period>", '(choices: "table", "csv",', "--fail-lead-time", "Examples:", "Exit codes:"]) {
      expect(report.stdout).toContain(text);
    }
  });

  it("rejects an unknown format with exit 2", async () => {
    const run = await runCli(["report", "--demo", "--format", "xml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'xml' is invalid");
  });
});

describe("dora report --demo outputs", () => {
  it("prints the tables (golden)", async () => {
    const args = ["report", "--demo"];
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Deployment frequency");
    expect(run.stdout).not.toMatch(/\u001b\[/); // no colour when stdout is not a terminal
    await expect(golden(args, run)).toMatchFileSnapshot("__golden__/report-demo.txt");
  });

  it("writes the deployments CSV: a header and 76 rows", async () => {
    const run = await runCli(["report", "--demo", "--format", "csv", "--csv", "deployments"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("id,name,service,repo,sha,status,startedAt,finishedAt,changes,failed,rework,rollback,incidentIds,url,traceId");
    expect(lines).toHaveLength(77);
  });

  it("writes Markdown for a step summary (golden)", async () => {
    const args = ["report", "--demo", "--format", "markdown", "--bucket", "month"];
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("## DORA metrics");
    await expect(golden(args, run)).toMatchFileSnapshot("__golden__/report-demo-markdown.txt");
  });

  it("--bucket week splits the window into 13 ISO weeks whose deployments add up to 76", async () => {
    const run = await runCli(["report", "--demo", "--format", "json", "--bucket", "week"]);
    const report = JSON.parse(run.stdout);
    // 2026-08-18 is a Tuesday: the first week is clipped to [08-18, 08-24); the last is [11-09, 11-16).
    expect(report.buckets).toHaveLength(13);
    expect(report.buckets[0].start).toBe("2026-08-18T00:00:00.000Z");
    expect(report.buckets[0].end).toBe("2026-08-24T00:00:00.000Z");
    expect(report.buckets[12].start).toBe("2026-11-09T00:00:00.000Z");
    const total = report.buckets.reduce((sum: number, b: { overall: { deploymentFrequency: { deployments: number } } }) => sum + b.overall.deploymentFrequency.deployments, 0);
    expect(total).toBe(76);
    // Deploy days per ISO week, from EXPECTED.md: 2 4 5 4 4 4 2 3 5 4 4 3 4.
    expect(report.buckets.map((b: { overall: { deploymentFrequency: { deployDays: number } } }) => b.overall.deploymentFrequency.deployDays)).toEqual([2, 4, 5, 4, 4, 4, 2, 3, 5, 4, 4, 3, 4]);
  });

  it("--service restricts every figure to that service", async () => {
    const run = await runCli(["report", "--demo", "--format", "json", "--service", "search"]);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report.services)).toEqual(["search"]);
    expect(report.overall.deploymentFrequency.deployments).toBe(12);
    expect(report.overall.changeFailureRate.failedDeployments).toBe(1);
  });

  it("--output writes the file and says so on stderr", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const dir = mkdtempSync("/tmp/dora-out-");
    const run = await runCli(["report", "--demo", "--format", "json", "--output", `${dir}/r/dora.json`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`wrote the json report to ${dir}/r/dora.json`);
    expect(JSON.parse(readFileSync(`${dir}/r/dora.json`, "utf8")).schemaVersion).toBe(1);
  });
});

describe("exit codes", () => {
  it("1 when a threshold is breached, naming metric, value and threshold", async () => {
    // Demo CFR = 6/76 = 7.9 %; median lead time 62545 s = 17h 22m.
    const run = await runCli(["report", "--demo", "--format", "json", "--fail-change-failure-rate", "0.05", "--fail-lead-time", "1d"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("dora: threshold breached: overall: change failure rate 7.9% is above the threshold 5.0% (--fail-change-failure-rate)");
    expect(run.stderr).not.toContain("lead time");
    expect(JSON.parse(run.stdout).schemaVersion).toBe(1); // the report is still printed
  });

  it("2 for a config with an unknown key, naming the key", async () => {
    const run = await runCli(["report", "--config", "fixtures/cli/unknown-key/dora.config.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argo.namepsace: unknown key");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("2 for bad flags, each naming the flag and the expected form", async () => {
    const cases: Array<[string[], string]> = [
      [["--since", "a month"], '--since "a month" is not a valid duration'],
      [["--from", "2026-13-01"], '--from "2026-13-01" is not a valid date'],
      [["--from", "2026-10-01", "--to", "2026-09-01"], "the window is empty"],
      [["--service", "billing"], '--service "billing" is not a configured service'],
      [["--timezone", "Mars/Olympus"], '--timezone "Mars/Olympus" is not a known time zone'],
      [["--fail-change-failure-rate", "high"], '--fail-change-failure-rate "high" is not a rate'],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(["report", "--demo", ...flags]);
      expect({ flags, code: run.code }).toEqual({ flags, code: 2 });
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain("fix:");
    }
  });

  it("2 when no config file is found, pointing at --demo", async () => {
    const run = await runCli(["report"], { cwd: "/tmp" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no config file found in /tmp");
    expect(run.stderr).toContain("--demo");
  });

  it("2 when a live run lacks a URL, naming the key and the variable", async () => {
    const run = await runCli(["report", "--config", "fixtures/cli/no-grafana-url/dora.config.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("dora: incidents.grafanaUrl is not set");
    expect(run.stderr).toContain("GRAFANA_URL");
  });
});
