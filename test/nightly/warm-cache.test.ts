import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplayServer } from "../../src/emulator/index.js";
import { startDemoApis, type DemoApis } from "../integration/demo-apis.js";
import { runCli } from "../cli/run-cli.js";

// A nightly job against live-shaped APIs (the demo recording served over HTTP to the real
// clients), with the cache directory kept between runs as actions/cache would keep it.
const NOW = new Date("2026-11-16T00:00:00Z");
let apis: DemoApis;
let server: ReplayServer;
let work: string;
let configPath: string;

beforeAll(async () => {
  apis = await startDemoApis("dora-nightly-cache");
  ({ server, work, configPath } = apis);
});
afterAll(() => server.close());

const countBySource = () => apis.countBySource();
const env = { CI: "true", GITHUB_TOKEN: "ghp_nightly_token_1", ARGO_TOKEN: "argo-nightly-2", GRAFANA_TOKEN: "glsa_nightly_3" };

/** Deployments of EXPECTED.md's table "Successful deployments in the window" that finished in [from, to). */
function expectedDeployments(from: string, to: string): number {
  return readFileSync("fixtures/demo/EXPECTED.md", "utf8")
    .split("\n")
    .map((line) => /^\| (\d{4}-\d\d-\d\dT[\d:]+Z) \|/.exec(line)?.[1])
    .filter((finished): finished is string => finished !== undefined && finished >= from && finished < to).length;
}

describe("nightly --compare previous on a warm cache", () => {
  it("the second run makes no GitHub request and the same report; previous is the 30 days before", async () => {
    const args = ["report", "--config", configPath, "--since", "30d", "--compare", "previous", "--format", "json", "--cache-dir", join(work, "cache")];
    server.requests.length = 0;
    const cold = await runCli(args, { env, now: NOW });
    expect(cold.code).toBe(0);
    expect(countBySource().github).toBeGreaterThan(0);
    const report = JSON.parse(cold.stdout);
    expect(report.window).toEqual({ from: "2026-10-17T00:00:00.000Z", to: "2026-11-16T00:00:00.000Z", timezone: "UTC" });
    expect(report.previous.window).toEqual({ from: "2026-09-17T00:00:00.000Z", to: "2026-10-17T00:00:00.000Z", timezone: "UTC" });
    expect(report.overall.deploymentFrequency.deployments).toBe(expectedDeployments("2026-10-17", "2026-11-16"));
    expect(report.previous.overall.deploymentFrequency.deployments).toBe(expectedDeployments("2026-09-17", "2026-10-17"));
    expect(Object.keys(report.previous.services)).toEqual(["backstage", "checkout", "search"]);

    server.requests.length = 0;
    const warm = await runCli(args, { env, now: NOW });
    expect(warm.code).toBe(0);
    // Per window: one Argo list page per service (3) and one incident page; both windows: 6 and 2.
    // Archived runs, compares and commits all come from the cache.
    expect(countBySource()).toEqual({ argo: 6, github: 0, incident: 2 });
    expect(warm.stdout).toBe(cold.stdout);
    for (const token of Object.values(env).slice(1)) expect(cold.stdout + cold.stderr + warm.stderr).not.toContain(token);
  });
});
