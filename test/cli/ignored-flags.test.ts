import { describe, expect, it } from "vitest";
import { readCredentials } from "../../src/config/environment.js";
import { runCli } from "./run-cli.js";

// A flag that is accepted and then has no effect is a silently wrong answer: each is either honoured
// or refused with exit 2 and what to do.

const csvRows = (text: string) => text.trimEnd().split("\n").map((line) => line.split(","));

describe("--bucket with --format csv", () => {
  it("adds one row per period and scope to the summary table, with the span of each row", async () => {
    const plain = csvRows((await runCli(["report", "--demo", "--format", "csv"])).stdout);
    const run = await runCli(["report", "--demo", "--format", "csv", "--bucket", "month"]);
    expect(run.code).toBe(0);
    const [header, ...rows] = csvRows(run.stdout);
    expect(header!.slice(0, 4)).toEqual(["scope", "period_start", "period_end", "deployment_frequency_deployments"]);
    // The demo window 2026-08-18 → 2026-11-16 touches 4 months (Aug from the 18th … Nov to the 16th);
    // 4 scopes (overall + 3 services) for the window and for each month: 4 × 5 = 20 rows, vs 4 without.
    expect(plain).toHaveLength(1 + 4);
    expect(rows).toHaveLength(20);
    const months = rows.filter((row) => row[0] === "overall").slice(1);
    expect(months.map((row) => row[1]!.slice(0, 10))).toEqual(["2026-08-18", "2026-09-01", "2026-10-01", "2026-11-01"]);
    expect(months.at(-1)![2]!.slice(0, 10)).toBe("2026-11-16");
    // The months partition the window: their deployments add up to the window's 76.
    expect(months.reduce((sum, row) => sum + Number(row[3]), 0)).toBe(76);
  });

  it("with a row table (--csv deployments) is refused: exit 2", async () => {
    const run = await runCli(["report", "--demo", "--format", "csv", "--csv", "deployments", "--bucket", "month"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--bucket month applies to the summary table");
  });
});

describe("--csv without --format csv", () => {
  it("is refused with exit 2 saying to add --format csv", async () => {
    const run = await runCli(["report", "--demo", "--csv", "deployments"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--csv deployments applies to --format csv only");
    expect(run.stderr).toContain("add --format csv");
    expect(run.stdout).toBe("");
  });
});

describe("dora record", () => {
  it("does not offer --demo or --fixtures, and refuses them as unknown options", async () => {
    const help = await runCli(["record", "--help"]);
    expect(help.stdout).not.toMatch(/^\s+--(demo|fixtures)\b/m);
    const run = await runCli(["record", "--demo", "--out", "/tmp/x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--demo'");
  });
});

describe("GH_TOKEN, the GitHub CLI's variable", () => {
  it("is read when GITHUB_TOKEN is not set; GITHUB_TOKEN wins when both are", () => {
    expect(readCredentials({ GH_TOKEN: "gho_from_gh" }).githubToken).toBe("gho_from_gh");
    expect(readCredentials({ GH_TOKEN: "gho_from_gh", GITHUB_TOKEN: "ghp_own" }).githubToken).toBe("ghp_own");
  });
});

describe("commands without --demo do not suggest it", () => {
  it("doctor without a config points at dora init and at dora report --demo, not at a --demo of its own", async () => {
    const run = await runCli(["doctor"], { cwd: "/" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("dora init");
    expect(run.stderr).toContain("dora report --demo");
    expect(run.stderr).not.toMatch(/try --demo/);
  });
});
