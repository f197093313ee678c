import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "./run-cli.js";

// Every documented `dora report` flag works with --demo (the demo's recording covers the previous
// window and its lookback, so --compare previous replays too). The list of cases is checked against
// the flags report --help documents: a new flag needs a case here.

const dir = mkdtempSync(join(tmpdir(), "dora-demo-flags-"));
const tlsBefore = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
afterAll(() => {
  if (tlsBefore === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = tlsBefore;
});

const CASES: Record<string, string[]> = {
  "--config": ["--config", "fixtures/demo/dora.config.yaml"],
  "--since": ["--since", "30d"],
  "--from": ["--from", "2026-09-01", "--to", "2026-10-01"],
  "--to": ["--to", "2026-11-01"],
  "--timezone": ["--timezone", "Europe/Berlin"],
  "--service": ["--service", "backstage", "checkout"],
  "--demo": [],
  "--cache-dir": ["--cache-dir", join(dir, "cache")],
  "--no-cache": ["--no-cache"],
  "--concurrency": ["--concurrency", "2"],
  "--timeout": ["--timeout", "5m"],
  "--allow-partial": ["--allow-partial"],
  "--insecure": ["--insecure"],
  "--progress": ["--progress"],
  "--no-progress": ["--no-progress"],
  "--quiet": ["--quiet"],
  "--verbose": ["--verbose"],
  "--bucket": ["--bucket", "month"],
  "--format": ["--format", "markdown"],
  "--csv": ["--format", "csv", "--csv", "changes"],
  "--output": ["--output", join(dir, "report.html"), "--format", "html"],
  "--summary": ["--summary"],
  "--compare": ["--compare", "previous"],
  "--fail-change-failure-rate": ["--fail-change-failure-rate", "0.5"],
  "--fail-lead-time": ["--fail-lead-time", "7d", "--fail-lead-time", "backstage=2d"],
  "--fail-restore-time": ["--fail-restore-time", "1d"],
  "--fail-deploys-per-week": ["--fail-deploys-per-week", "1"],
  "--fail-rework-rate": ["--fail-rework-rate", "10%"],
  "--fail-below-tier": ["--fail-below-tier", "medium"],
  "--log-format": ["--log-format", "json"],
};
// --fixtures replays another recording: with --demo it is refused (one of them), tested elsewhere.
const NOT_WITH_DEMO = new Set(["--fixtures", "--help"]);

describe("dora report --demo with every documented flag", () => {
  it("has a case for every flag report --help lists", async () => {
    const io: CliIo = { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: process.cwd(), now: () => new Date() };
    const report = (await buildProgram(io, ["report"])).commands.find((command) => command.name() === "report")!;
    const documented = report.options.map((option) => option.long!).filter((flag) => !NOT_WITH_DEMO.has(flag));
    expect(Object.keys(CASES).sort()).toEqual(documented.sort());
  });

  it.each(Object.entries(CASES))("%s exits 0", async (_flag, args) => {
    const summary = join(dir, "step-summary.md");
    const run = await runCli(["report", "--demo", ...args], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.stderr).not.toMatch(/internal error|no recorded response/);
    expect(run.code).toBe(0);
  });

  it("--compare previous shows the previous window's figures: 76 deployments now against 48 before", async () => {
    const run = await runCli(["report", "--demo", "--compare", "previous", "--format", "json"]);
    const json = JSON.parse(run.stdout);
    expect(json.previous.window).toEqual({ from: "2026-05-20T00:00:00.000Z", to: "2026-08-18T00:00:00.000Z", timezone: "UTC" });
    expect(json.overall.deploymentFrequency.deployments).toBe(76);
    // Counted in fixtures/demo/exchanges/argo/*-get-*.json: runs whose deploy-production node succeeded
    // with finishedAt in [2026-05-20, 2026-08-18): backstage 27 + checkout 21 + search 0 = 48.
    expect(json.previous.overall.deploymentFrequency.deployments).toBe(48);
    expect(json.previous.services.search.deploymentFrequency.deployments).toBe(0);
  });
});
