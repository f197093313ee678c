import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";
import { runCli } from "../cli/run-cli.js";
import { fakeEnv, NOW, startFakeApis, type FakeApis } from "./fake-apis.js";

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(async () => {
  await fake.close();
});

const freshDir = () => mkdtempSync(join(tmpdir(), "dora-init-"));

describe("dora init --yes against local Argo, GitHub and Grafana", () => {
  it("proposes both deploying templates, leaves out the one without a commit, and writes a valid, commented config", async () => {
    const cwd = freshDir();
    const run = await runCli(["init", "--yes"], { env: fakeEnv(fake), cwd, now: NOW });
    expect(run.stderr).not.toContain("secret");
    expect(run.code).toBe(0);
    const text = readFileSync(join(cwd, "dora.config.yaml"), "utf8");
    // First line: the editor's schema, in the node_modules next to the config (docs/configuration.md).
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./node_modules/dora-metrics-cli/schemas/dora-config.schema.json");
    // Templates come sorted: cd-search, deploy-checkout, nightly-cleanup.
    //  - search: both runs since 2026-08-22 ran release-production and verify-prod-config; the deploy verb picks
    //    release-production. `revision` holds a 40-hex SHA; `repository: acme/search` names the repo.
    //  - checkout: 4 runs; deploy-production ran in 3 (the 4th stopped at approve-production, a Suspend node that
    //    never counts). `commit-sha` is the SHA; repo-url https://github.com/acme/checkout.git gives acme/checkout.
    //  - incidents: the non-drill incidents carry service=checkout and service=search; team=payments names nothing.
    expect(YAML.parse(text)).toEqual({
      timezone: "UTC",
      lookback: "90d",
      argo: { server: fake.argo, namespace: "argo", source: "archive" },
      github: { apiUrl: fake.github },
      incidents: { grafanaUrl: fake.grafana, plugin: "grafana-irm-app" },
      services: [
        {
          name: "search",
          repo: "acme/search",
          workflows: { labelSelector: "workflows.argoproj.io/workflow-template=cd-search", productionStep: "release-production", commit: "parameter:revision" },
          incidents: { labels: { service: "search" } },
        },
        {
          name: "checkout",
          repo: "acme/checkout",
          workflows: { labelSelector: "workflows.argoproj.io/workflow-template=deploy-checkout", productionStep: "deploy-production", commit: "parameter:commit-sha" },
          incidents: { labels: { service: "checkout" } },
        },
      ],
    });
    // The guesses and the reasons are comments.
    expect(text).toContain("productionStep: deploy-production # guessed: ran in 3 of 4 runs read");
    expect(text).toContain("productionStep: release-production # guessed: ran in 2 of 2 runs read; other candidates: verify-prod-config");
    expect(text).toContain("commit: parameter:commit-sha # guessed: a 40-hex SHA in 4 of 4 runs read");
    expect(text).toContain("repo: acme/checkout # guessed: from parameter:repo-url (4 of 4 runs), found on GitHub");
    expect(text).toContain("service: checkout # guessed: label service=checkout on 1 recent incident(s)");
    expect(text).toContain("#   nightly-cleanup: no parameter, label or annotation holds a 40-hex commit SHA in the 1 latest run(s) read");
    expect(text).toContain("#   team: payments");
    // The drill's own label is not offered: drills are not read.
    expect(text).not.toContain("drill-only");
    // No token in the file.
    expect(text).not.toMatch(/secret/);

    // Never overwrites without --force (exit 2), and --force does.
    writeFileSync(join(cwd, "dora.config.yaml"), "# mine\n");
    const again = await runCli(["init", "--yes"], { env: fakeEnv(fake), cwd, now: NOW });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect(again.stderr).toContain("--force");
    expect(readFileSync(join(cwd, "dora.config.yaml"), "utf8")).toBe("# mine\n");
    const forced = await runCli(["init", "--yes", "--force"], { env: fakeEnv(fake), cwd, now: NOW });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(cwd, "dora.config.yaml"), "utf8")).toBe(text);
  });

  it("dora report with the generated config gives the figures of the servers' data", async () => {
    const cwd = freshDir();
    expect((await runCli(["init", "--yes"], { env: fakeEnv(fake), cwd, now: NOW })).code).toBe(0);
    const run = await runCli(["report", "--format", "json", "--no-cache", "--since", "30d"], { env: fakeEnv(fake), cwd, now: NOW });
    expect(run.stderr).not.toContain("secret");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    // Window [2026-10-21, 2026-11-20). Deployments in it: checkout-1 (10-25 12:00), checkout-2 (11-02 12:00),
    // search-1 (11-10 09:00); checkout-3 stopped before production; checkout-0 and search-0 are the lookback's.
    // perWeek = 3 / (30 / 7) = 0.7; 3 distinct days.
    const overall = report.overall;
    expect(overall.deploymentFrequency.deployments).toBe(3);
    expect(overall.deploymentFrequency.deployDays).toBe(3);
    expect(overall.deploymentFrequency.perWeek).toBeCloseTo(0.7, 10);
    // Lead times (deploy finish − author date):
    //   checkout-1 (c0...c1): 10-24 12:00 → 24h, 10-25 06:00 → 6h, c1 itself 10-25 06:00 → 6h
    //   checkout-2 (c1...c2): 11-01 12:00 → 24h, c2 itself 11-02 10:00 → 2h
    //   search-1 (s0...s1): s1 11-08 09:00 → 48h
    // sorted 2, 6, 6, 24, 24, 48 h: median (6 + 24) / 2 = 15h, mean 110 / 6 h = 66 000 s,
    // p90 at rank 0.9 × 5 = 4.5: 24 + 0.5 × 24 = 36h.
    expect(overall.leadTime.changes).toBe(6);
    expect(overall.leadTime.medianSeconds).toBe(15 * 3600);
    expect(overall.leadTime.meanSeconds).toBeCloseTo(66_000, 6);
    expect(overall.leadTime.p90Seconds).toBeCloseTo(36 * 3600, 6);
    // Incident 101 (checkout) starts 2h after checkout-1 finished: within the 24h window, so checkout-1 failed.
    // Incident 102 (search) starts 49h after search-1: not attributed. CFR = 1 / 3.
    expect(overall.changeFailureRate.failedDeployments).toBe(1);
    expect(overall.changeFailureRate.rate).toBeCloseTo(1 / 3, 10);
    // Restore: 101 took 1h30m, 102 took 4h; the drill does not count. Median = mean = (5 400 + 14 400) / 2.
    expect(overall.timeToRestore.incidents).toBe(2);
    expect(overall.timeToRestore.medianSeconds).toBe(9_900);
    // Failed deployment recovery: checkout-1 finished 12:00, its incident resolved 15:30 → 3h30m.
    expect(overall.failedDeploymentRecoveryTime.medianSeconds).toBe(12_600);
    // No deployment happened while an incident was open.
    expect(overall.reworkRate.reworkDeployments).toBe(0);
    // Per service: checkout 2, 6, 6, 24, 24 h → median 6h; search 48h.
    expect(report.services.checkout.leadTime.medianSeconds).toBe(6 * 3600);
    expect(report.services.search.leadTime.medianSeconds).toBe(48 * 3600);
    expect(report.services.checkout.changeFailureRate.rate).toBe(0.5);
    expect(report.services.search.changeFailureRate.rate).toBe(0);
  });

  it("names what is missing and how to fix it", async () => {
    const cwd = freshDir();
    const noServer = await runCli(["init", "--yes", "--source", "archive"], { env: { GITHUB_TOKEN: "x" }, cwd, now: NOW });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain("ARGO_SERVER is not set");
    expect(noServer.stderr).toContain("fix: export ARGO_SERVER=");
    // Not a terminal and no --yes: it cannot ask.
    const noTty = await runCli(["init"], { env: fakeEnv(fake), cwd, now: NOW });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain("--yes");
  });

  it("prints the config with --output -", async () => {
    const cwd = freshDir();
    const run = await runCli(["init", "--yes", "--output", "-"], { env: fakeEnv(fake), cwd, now: NOW });
    expect(run.code).toBe(0);
    expect(YAML.parse(run.stdout).services.map((s: { name: string }) => s.name)).toEqual(["search", "checkout"]);
  });
});
