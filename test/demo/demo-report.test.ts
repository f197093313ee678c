import { beforeAll, describe, expect, it } from "vitest";
import type { Report, DeploymentRow } from "../../src/model/report.js";
import { runCli } from "../cli/run-cli.js";

// Every figure below is from fixtures/demo/EXPECTED.md, where each edge case is scripted at round
// times and computed by hand (window [2026-08-18, 2026-11-16), 90 days, UTC).
let report: Report;
const deployment = (name: string): DeploymentRow => {
  const row = report.deployments.find((d) => d.name === name);
  if (!row) throw new Error(`no deployment ${name} in the report`);
  return row;
};
const incident = (id: string) => report.incidents.find((i) => i.id === id);

beforeAll(async () => {
  const run = await runCli(["report", "--demo", "--format", "json"]);
  expect(run.stderr).toBe("dora: 3 warning(s) in the report; --verbose prints them here\n");
  expect(run.code).toBe(0);
  report = JSON.parse(run.stdout) as Report;
});

describe("dora report --demo: the JSON contract", () => {
  it("has the schemaVersion 1 shape with a pinned clock", () => {
    expect(Object.keys(report)).toEqual([
      "schemaVersion", "generatedAt", "window", "benchmark", "overall", "services", "buckets", "deployments", "changes", "incidents", "warnings",
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.generatedAt).toBe("2026-11-16T00:00:00.000Z");
    expect(report.window).toEqual({ from: "2026-08-18T00:00:00.000Z", to: "2026-11-16T00:00:00.000Z", timezone: "UTC" });
    expect(report.benchmark).toBe("dora-2023");
    expect(Object.keys(report.services)).toEqual(["backstage", "checkout", "search"]);
    expect(report.buckets).toEqual([]);
  });

  it("has no null overall metric", () => {
    const nulls = Object.entries(report.overall).flatMap(([metric, values]) =>
      Object.entries(values).filter(([, value]) => value === null).map(([key]) => `${metric}.${key}`),
    );
    expect(nulls).toEqual([]);
  });
});

describe("dora report --demo: overall figures", () => {
  it("deployment frequency: 76 deployments on 48 days, median 4 deploy days a week", () => {
    const f = report.overall.deploymentFrequency;
    expect([f.deployments, f.deployDays, f.medianDeployDaysPerWeek, f.tier]).toEqual([76, 48, 4, "high"]);
    expect(f.perDay).toBeCloseTo(76 / 90, 10);
    expect(f.perWeek).toBeCloseTo(76 / (90 / 7), 10);
    expect(Object.values(report.services).map((s) => s.deploymentFrequency.deployments)).toEqual([38, 26, 12]);
  });

  it("lead time: 209 changes, median 62545 s, p90 264815 s", () => {
    const l = report.overall.leadTime;
    expect([l.changes, l.medianSeconds, l.p90Seconds, l.tier]).toEqual([209, 62545, 264815, "elite"]);
    expect(l.meanSeconds).toBeCloseTo(97062.89, 2);
    expect(report.services.checkout!.leadTime.medianSeconds).toBe(78643.5);
  });

  it("change failure rate: 6 of 76 deployments", () => {
    const c = report.overall.changeFailureRate;
    expect([c.deployments, c.failedDeployments, c.tier]).toEqual([76, 6, "high"]);
    expect(c.rate).toBeCloseTo(6 / 76, 12);
    expect(report.services.checkout!.changeFailureRate.failedDeployments).toBe(3);
    expect(report.services.checkout!.changeFailureRate.tier).toBe("medium"); // 3/26 = 11.5 %
  });

  it("time to restore: 8 incidents, 7 resolved, 1 active; median 5400 s", () => {
    const t = report.overall.timeToRestore;
    expect([t.incidents, t.resolved, t.active, t.medianSeconds, t.tier]).toEqual([8, 7, 1, 5400, "high"]);
    expect(t.meanSeconds).toBeCloseTo(93000 / 7, 6);
    expect(t.p90Seconds).toBeCloseTo(28800, 6); // rank 5.4 between 7200 and 61200
  });

  it("failed deployment recovery time: 6 recovered, median 68400 s", () => {
    const r = report.overall.failedDeploymentRecoveryTime;
    expect([r.count, r.meanSeconds, r.medianSeconds, r.p90Seconds]).toEqual([6, 56250, 68400, 81450]);
  });

  it("rework: 3 of 76 deployments", () => {
    expect(report.overall.reworkRate.reworkDeployments).toBe(3);
    expect(report.overall.reworkRate.rate).toBeCloseTo(3 / 76, 12);
    expect(report.deployments.filter((d) => d.rework).map((d) => d.name)).toEqual([
      "deploy-backstage-hxzch", "deploy-checkout-d96qj", "deploy-backstage-hxrgg",
    ]);
  });
});

describe("dora report --demo: each edge case of docs/metric-definitions.md", () => {
  it("a redeploy of the same SHA has no changes and is not a rollback", () => {
    expect(deployment("deploy-backstage-z9l8w").changes).toBe(3);
    const redeploy = deployment("deploy-backstage-hsvdb");
    expect([redeploy.changes, redeploy.rollback, redeploy.rework]).toEqual([0, false, false]);
  });

  it("a rollback has no changes, is rework, and the roll-forward counts only new commits", () => {
    const rollback = deployment("deploy-backstage-hxzch");
    expect([rollback.changes, rollback.rollback, rollback.rework]).toEqual([0, true, true]);
    expect(deployment("deploy-backstage-5j9k6").changes).toBe(2);
    // ac01...31c4 lists 4 commits, 2 of them shipped by the bad release already.
    expect(deployment("deploy-backstage-p6s2l").changes).toBe(2);
  });

  it("runs that never reached production are not deployments; their commits count at the next one", () => {
    const names = report.deployments.map((d) => d.name);
    for (const name of ["deploy-backstage-8tvfx", "deploy-checkout-5qgdg", "deploy-search-cc6vz"]) expect(names).not.toContain(name);
    expect(deployment("deploy-backstage-grjgl").changes).toBe(3); // after the failed production rollout
    expect(deployment("deploy-checkout-2xgkx").changes).toBe(3); // after the staging failure
    expect(deployment("deploy-search-pt7qt").changes).toBe(4); // after the run stopped at approval
  });

  it("the first deployment without predecessor counts only its head commit, with a warning", () => {
    const first = deployment("deploy-search-xsqjv");
    expect(first.changes).toBe(1);
    const changes = report.changes.filter((c) => c.deploymentId === first.id);
    expect(changes.map((c) => c.leadTimeSeconds)).toEqual([7200]); // 11:00 − authored 09:00
    expect(report.warnings.filter((w) => w.code === "first-deployment").map((w) => w.subject)).toEqual(["deploy-search-xsqjv"]);
  });

  it("a commit dated after its deployment is excluded from lead time and warned about", () => {
    const skewed = report.changes.find((c) => c.sha === "399a6555c98efd5b0b35a797507b3ceb5a71ff36");
    expect(skewed).toMatchObject({ leadTimeSeconds: null, authoredAt: "2026-10-20T15:00:00.000Z", deployedAt: "2026-10-20T14:30:00.000Z" });
    expect(deployment("deploy-backstage-pk8p5").changes).toBe(2);
    expect(report.warnings.find((w) => w.code === "non-positive-lead-time")?.subject).toBe("399a6555c98efd5b0b35a797507b3ceb5a71ff36");
  });

  it("incidents are attributed by deployment label, commit label, inference, or not at all", () => {
    expect(incident("1047")).toMatchObject({ attribution: "label", deploymentId: deployment("deploy-backstage-2vkmc").id, restoreSeconds: 7200 });
    expect(deployment("deploy-backstage-zhxjz").failed).toBe(false); // inference would have picked it
    expect(incident("1041")).toMatchObject({ attribution: "label", deploymentId: deployment("deploy-checkout-4jbhc").id });
    expect(deployment("deploy-checkout-dfcd7").failed).toBe(false);
    expect(incident("1042")).toMatchObject({ attribution: "inferred", deploymentId: deployment("deploy-backstage-5j9k6").id });
    expect(incident("1046")).toMatchObject({ attribution: "none", deploymentId: null, restoreSeconds: 7200 }); // 42 h after
    expect(incident("1048")).toMatchObject({ attribution: "inferred", restoreSeconds: 4800 }); // incidentStart/End, 23 h 55 min
  });

  it("one failed deployment per deployment, with its incident ids", () => {
    expect(report.deployments.filter((d) => d.failed).map((d) => [d.name, d.incidentIds])).toEqual([
      ["deploy-checkout-4jbhc", ["1041"]],
      ["deploy-backstage-5j9k6", ["1042"]],
      ["deploy-checkout-2xgkx", ["1045"]],
      ["deploy-backstage-2vkmc", ["1047"]],
      ["deploy-checkout-z7flc", ["1048"]],
      ["deploy-search-stkwx", ["1049"]],
    ]);
  });

  it("the active incident is counted, not averaged; the drill and the unlabelled one count nowhere", () => {
    expect(incident("1050")).toMatchObject({ status: "active", resolvedAt: null, restoreSeconds: null, attribution: "none" });
    expect(incident("1044")).toBeUndefined(); // drills are filtered at the source (includeDrills: false)
    expect(incident("1043")).toMatchObject({ service: null });
    expect(report.warnings.find((w) => w.code === "unmatched-incidents")?.message).toMatch(/\b1\b/);
    expect(incident("1040")).toBeUndefined(); // lookback
  });

  it("rework by an open incident and within the grace, not after it", () => {
    expect(deployment("deploy-backstage-hxrgg").rework).toBe(true); // inside 1047 (10:00–12:00)
    expect(deployment("deploy-checkout-d96qj").rework).toBe(true); // 40 min after 1045 resolved
    expect(deployment("deploy-search-ltgfr").rework).toBe(false); // 2 h after 1049 resolved
  });

  it("each deployment carries its deterministic trace id and Argo URL", () => {
    const row = deployment("deploy-search-xsqjv");
    expect(row.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(row.url).toBe("https://argo.example.com/archived-workflows/argo/87b15e25-f3b0-48eb-822a-98fc50fbe253");
  });
});
