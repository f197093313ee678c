import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { ReplayServer } from "../../src/emulator/index.js";
import { startDemoApis, type DemoApis } from "./demo-apis.js";
import { runCli } from "../cli/run-cli.js";

// The real clients (fetch-based Argo and Incident, Octokit with throttling and retry) talk HTTP to
// a local server that answers like the three APIs from the demo recording.
const NOW = new Date("2026-11-16T00:00:00Z");
let apis: DemoApis;
let server: ReplayServer;
let configPath: string;
let work: string;

beforeAll(async () => {
  apis = await startDemoApis("dora-live");
  ({ server, work, configPath } = apis);
});
afterAll(() => server.close());

const countBySource = () => apis.countBySource();
const env = { GITHUB_TOKEN: "ghp_live_test_token_123", ARGO_TOKEN: "argo-token-456", GRAFANA_TOKEN: "glsa_grafana_789" };

describe("live clients against local API servers", () => {
  it("cold run: the lower bound of requests; warm run: no GitHub and no per-uid Argo request", async () => {
    const cacheDir = join(work, "cache");
    const args = ["report", "--config", configPath, "--since", "90d", "--format", "json", "--cache-dir", cacheDir];
    server.requests.length = 0;
    const cold = await runCli(args, { env, now: NOW });
    expect(cold.code).toBe(0);
    // Lower bound, by hand from EXPECTED.md: Argo = 3 list pages (one per service, < 100 runs each)
    // + 127 per-uid GETs (every run in the fetched range: 76 deployments in the window, 48 in the
    // lookback, 3 that never reached production; all need nodes for the productionStep).
    // GitHub = one commit graph per repository: the compare oldest...newest deployed SHA, paged by
    // 100: backstage and checkout span more than 100 commits (2 pages each), search fewer (1 page)
    // = 5 (one compare per deployment needed 76). The first deployment's head is the graph's root.
    // Incident = 1 page of 11 previews.
    expect(countBySource()).toEqual({ argo: 130, github: 5, incident: 1 });
    const coldReport = JSON.parse(cold.stdout);
    expect(coldReport.overall.deploymentFrequency.deployments).toBe(76);
    expect(coldReport.overall.leadTime.medianSeconds).toBe(62545);

    server.requests.length = 0;
    const warm = await runCli(args, { env, now: NOW });
    expect(countBySource()).toEqual({ argo: 3, github: 0, incident: 1 });
    expect(JSON.parse(warm.stdout)).toEqual(coldReport);

    const demo = JSON.parse((await runCli(["report", "--demo", "--format", "json"])).stdout);
    expect(coldReport.overall).toEqual(demo.overall);
    expect(coldReport.services).toEqual(demo.services);
  });

  it("dora record, then report --fixtures, reproduces the live run's JSON exactly", async () => {
    const out = join(work, "recorded");
    const live = await runCli(["report", "--config", configPath, "--since", "30d", "--format", "json", "--no-cache"], { env, now: NOW });
    const record = await runCli(["record", "--config", configPath, "--since", "30d", "--out", out], { env, now: NOW });
    expect(record.code).toBe(0);
    expect(record.stderr).toContain(`replay with: dora report --fixtures ${out}`);
    const replay = await runCli(["report", "--fixtures", out, "--format", "json"]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toBe(live.stdout);
    // No credential reaches the recording.
    const { execSync } = await import("node:child_process");
    expect(execSync(`grep -rl -e ghp_live_test_token_123 -e argo-token-456 -e glsa_grafana_789 ${out} || true`).toString()).toBe("");
  });

  it("--verbose logs requests without tokens", async () => {
    const run = await runCli(["report", "--config", configPath, "--since", "7d", "--format", "json", "--no-cache", "--verbose"], { env, now: NOW });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/GET .*\/api\/v1\/archived-workflows\?.* → 200/);
    expect(run.stderr).toMatch(/github: GET .*compare/);
    for (const token of Object.values(env)) expect(run.stderr + run.stdout).not.toContain(token);
  });
});
