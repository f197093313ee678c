import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

// `dora explain` on the demo, one case per reason the metrics give. Every fact asserted below is a
// hand-computed edge case of fixtures/demo/EXPECTED.md (window [2026-08-18, 2026-11-16), UTC,
// attribution window 24h, rework grace 1h); the numbers in the comments are its arithmetic.

async function explain(...args: string[]): Promise<string> {
  const run = await runCli(["explain", ...args, "--demo"]);
  expect(run.stderr).toBe("dora: 3 warning(s) in the report; --verbose prints them here\n");
  expect(run.code).toBe(0);
  return run.stdout;
}

describe("dora explain deployment --demo: where its changes come from", () => {
  it("first deployment (edge case 6): only the head commit, lead time 11:00 − 09:00 = 2h", async () => {
    const out = await explain("deployment", "deploy-search-xsqjv");
    expect(out).toContain("Changes: 1 (1 in lead time)");
    expect(out).toContain("first deployment of search (none earlier, lookback included): only its head commit is a change");
    expect(out).toMatch(/│ 524b1f7b6de7 │ 2026-08-24 09:00 │ 2h +│/);
  });

  it("comparison with the previous deployment (edge case 8's deploy-backstage-2vkmc)", async () => {
    const out = await explain("deployment", "deploy-backstage-2vkmc");
    expect(out).toContain(
      "ahead of the previous deployment deploy-backstage-bkxzp (b329a3e8baa5): its changes are the commits no earlier deployment reached",
    );
    expect(out).toContain("Changes: 2 (2 in lead time)");
  });

  it("redeploy (edge case 1): no changes, not rework", async () => {
    const out = await explain("deployment", "3a4a3f1f-78ec-4126-aacf-8c627a680e21"); // by uid
    expect(out).toContain("Deployment deploy-backstage-hsvdb (backstage)");
    expect(out).toContain("Changes: 0 (0 in lead time)");
    expect(out).toContain("redeploy of the SHA of the previous deployment deploy-backstage-z9l8w (e2d8440307e0): no changes");
    expect(out).toContain("Rework\n  not rework");
  });

  it("rollback (edge case 2): compare behind, no changes, rework twice over (rollback, and during 1042 open 13:00 → 14:30 + 1h)", async () => {
    const out = await explain("deployment", "deploy-backstage-hxzch");
    expect(out).toContain(
      "rollback: its SHA is an ancestor of the previous deployment deploy-backstage-5j9k6 (95f17d6e0175)'s: no changes",
    );
    expect(out).toContain(
      "rework: a rollback, and finished while incident 1042 was open (2026-09-22 13:00 → 2026-09-22 15:30, grace included)",
    );
  });

  it("roll-forward (edge case 2): measured from the high water, not the rollback before it", async () => {
    const out = await explain("deployment", "31c41005"); // by SHA prefix
    expect(out).toContain("Deployment deploy-backstage-p6s2l (backstage)");
    expect(out).toContain(
      "ahead of the high water deploy-backstage-5j9k6 (95f17d6e0175), not of the previous deployment deploy-backstage-hxzch (ac01c825967e), which is behind it (a rollback): its changes are the commits no earlier deployment reached",
    );
    // 2 changes, deployed 2026-09-24 11:00: 11:00 − 09-23 14:06 = 20h 53m (rounded), 11:00 − 14:19 = 20h 40m
    expect(out).toMatch(/│ df377e3a2de4 │ 2026-09-23 14:06 │ 20h 53m +│\n│ 31c41005b997 │ 2026-09-23 14:19 │ 20h 40m +│/);
  });

  it("clock skew (edge case 7): the head commit authored 15:00, deployed 14:30, is listed but left out", async () => {
    const out = await explain("deployment", "deploy-backstage-pk8p5");
    expect(out).toContain("Changes: 2 (1 in lead time)");
    expect(out).toMatch(/│ 399a6555c98e │ 2026-10-20 15:00 │ left out: dated at or after its deployment \(clock skew\) │/);
  });

  it("an ambiguous SHA prefix (a redeploy shares its SHA) names both deployments, exit 2", async () => {
    const run = await runCli(["explain", "deployment", "e2d84403", "--demo"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '"e2d84403" matches 2 deployments: deploy-backstage-z9l8w (3dee387b-b02b-42eb-b8fa-675ef1ce3773), deploy-backstage-hsvdb (3a4a3f1f-78ec-4126-aacf-8c627a680e21)',
    );
    expect(run.stdout).toBe("");
  });

  it("an unknown deployment is a usage error naming the window and the fix", async () => {
    const run = await runCli(["explain", "deployment", "deploy-nothing", "--demo"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no deployment "deploy-nothing" in the window 2026-08-18 00:00 → 2026-11-16 00:00 (UTC)');
  });
});

describe("dora explain deployment --demo: failure and rework", () => {
  it("inferred (edge case 2): failed by 1042, 2h after it, recovery 11:00 → 14:30 = 3h 30m", async () => {
    const out = await explain("deployment", "deploy-backstage-5j9k6");
    expect(out).toContain(
      "failed: incident 1042 (inferred: the latest deployment deploy-backstage-5j9k6 (95f17d6e0175) finished 2h before it started, within the 1d window)",
    );
    expect(out).toContain("failed deployment recovery time: 3h 30m");
  });

  it("deployment label (edge case 8): failed by 1047 although zhxjz finished later; recovery 72000 s = 20h", async () => {
    const out = await explain("deployment", "deploy-backstage-2vkmc");
    expect(out).toContain(
      "failed: incident 1047 (label: deployment=deploy-backstage-2vkmc names deploy-backstage-2vkmc; labels come first, so not the latest deployment deploy-backstage-zhxjz (dfb683819529), 30m before it started)",
    );
    expect(out).toContain("failed deployment recovery time: 20h");
  });

  it("rework within the grace (edge case 11): 10:40 is inside 1045's 09:00 → 10:00 + 1h", async () => {
    const out = await explain("deployment", "deploy-checkout-d96qj");
    expect(out).toContain("rework: finished while incident 1045 was open (2026-10-15 09:00 → 2026-10-15 11:00, grace included)");
    expect(out).toContain("not failed: no incident is attributed to it");
  });

  it("past the grace (edge case 14): 11:00 is 2h after 1049 was resolved at 09:00, not rework", async () => {
    expect(await explain("deployment", "deploy-search-ltgfr")).toContain("Rework\n  not rework");
  });
});

describe("dora explain incident --demo: service match and attribution", () => {
  it("commit label (edge case 10): names deploy-checkout-4jbhc, not dfcd7 finished 2h before", async () => {
    const out = await explain("incident", "1041");
    expect(out).toContain("service checkout: it carries service=checkout");
    expect(out).toContain("Attribution: label");
    expect(out).toContain(
      "label: commit=0fbbc887f230 is a prefix of the SHA of deploy-checkout-4jbhc; labels come first, so not the latest deployment deploy-checkout-dfcd7 (cb14b4abae3e), 2h before it started",
    );
    expect(out).toContain("deploy-checkout-4jbhc is failed by it");
  });

  it("inferred at the edge (edge case 12): 86100 s = 23h 55m after deploy-checkout-z7flc, within 24h", async () => {
    const out = await explain("incident", "1048");
    expect(out).toContain("inferred: the latest deployment deploy-checkout-z7flc (6f6e04617edd) finished 23h 55m before it started, within the 1d window");
    expect(out).toContain("counts in time to restore: 1h 20m"); // incidentStart 10:00 → incidentEnd 11:20
  });

  it("outside the window (edge case 13): the latest search deployment finished 42h = 1d 18h earlier", async () => {
    const out = await explain("incident", "1046");
    expect(out).toContain("Attribution: none");
    expect(out).toContain("none: the latest deployment deploy-search-pt7qt (4a80f47360ba) finished 1d 18h before it started, beyond the 1d window");
    expect(out).toContain("counts in time to restore: 2h");
  });

  it("active (edge case 15): counted as active, no restore time, attributed to nothing", async () => {
    const out = await explain("incident", "1050");
    expect(out).toContain("counts in time to restore as active (no restore time yet)");
    // the latest checkout deployment, z7flc 2026-11-02 10:05, is 12d 21h 55m before 2026-11-15 08:00
    expect(out).toContain("none: the latest deployment deploy-checkout-z7flc (6f6e04617edd) finished 12d 21h before it started, beyond the 1d window");
  });

  it("no service label (edge case 17): counts nowhere", async () => {
    const out = await explain("incident", "1043");
    expect(out).toContain("no service: its labels match no configured service's incident labels; it counts nowhere");
    expect(out).toContain("none: it belongs to no configured service");
  });

  it("JSON carries the attribution reason as the report does", async () => {
    const explanation = JSON.parse(await explain("incident", "1046", "--format", "json"));
    expect(explanation.incident.attributionReason).toEqual({
      rule: "outside-window",
      label: null,
      ignoredLabels: [],
      latestDeployment: { id: "6c957525-8ab4-4a6c-9c10-f6a7269ec256", name: "deploy-search-pt7qt", sha: expect.stringMatching(/^4a80f47360ba/), finishedAt: "2026-10-22T15:00:00.000Z" },
      secondsAfterLatest: 151200, // 10-22 15:00 → 10-24 09:00 = 42 h
      windowSeconds: 86400,
      serviceLabels: { service: "search" },
    });
  });
});

describe("dora explain service --demo", () => {
  it("--metric cfr lists the failed deployments with their incidents and recovery times", async () => {
    const out = await explain("service", "checkout", "--metric", "cfr");
    // 3 failed of 26 (EXPECTED.md): 1041 (recovery 25200 s = 7h), 1045 (68400 s = 19h), 1048 (90900 s = 1d 1h)
    expect(out).toContain("Change failure rate: 11.5% (3 of 26 deployments), medium");
    expect(out).toContain("23 other deployments not failed");
    expect(out).toMatch(/│ deploy-checkout-4jbhc │ 2026-09-09 10:00 │ 1041 +│ 7h +│/);
    expect(out).toMatch(/│ deploy-checkout-2xgkx │ 2026-10-14 15:00 │ 1045 +│ 19h +│/);
    expect(out).toMatch(/│ deploy-checkout-z7flc │ 2026-11-02 10:05 │ 1048 +│ 1d 1h +│/);
    expect(out).not.toContain("Lead time for changes");
  });

  it("--metric lead-time names the change left out (edge case 7) and sorts the largest first", async () => {
    const out = await explain("service", "backstage", "--metric", "lead-time", "--format", "markdown");
    expect(out).toContain("- Lead time for changes: 7h 5m (mean 19h 12m, p90 1d 22h, 107 changes), elite"); // median 25526 s
    expect(out).toContain("- left out 399a6555c98e of deploy-backstage-pk8p5: dated at or after its deployment (clock skew)");
    expect(out).toContain("| b08e5ff50c4d | deploy-backstage-w9nbj | 2026-10-16 19:10 | 5d 17h |");
  });

  it("an unknown service is a usage error listing the services", async () => {
    const run = await runCli(["explain", "service", "nope", "--demo"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"nope" is not a reported service');
    expect(run.stderr).toContain("backstage, checkout, search");
  });
});

describe("dora report --demo --format json: the reasons as optional row fields", () => {
  it("carries lineage, rework reasons, recovery and lead-time exclusions on the rows", async () => {
    const run = await runCli(["report", "--demo", "--format", "json"]);
    const report = JSON.parse(run.stdout) as import("../../src/model/report.js").Report;
    const byName = (name: string) => report.deployments.find((row) => row.name === name)!;
    // edge case 2: the roll-forward is compared with the high water 5j9k6, the rollback hxzch being the previous one
    expect(byName("deploy-backstage-p6s2l").lineage).toMatchObject({
      reason: "high-water",
      previous: { name: "deploy-backstage-hxzch" },
      base: { name: "deploy-backstage-5j9k6" },
      compared: null,
      alreadyDeployed: [],
    });
    // edge case 9: hotfix during 1047 (10:00 → 12:00, + 1h grace)
    expect(byName("deploy-backstage-hxrgg").reworkReasons).toEqual([
      { kind: "open-incident", incidentId: "1047", openFrom: "2026-10-27T10:00:00.000Z", openUntil: "2026-10-27T13:00:00.000Z" },
    ]);
    // edge case 10: recovery 10:00 → 17:00 = 25200 s
    expect(byName("deploy-checkout-4jbhc").recoverySeconds).toBe(25200);
    // edge case 7: the one change left out of the lead time, and why
    expect(report.changes.filter((change) => change.leadTimeExcluded !== undefined)).toEqual([
      expect.objectContaining({ sha: "399a6555c98efd5b0b35a797507b3ceb5a71ff36", leadTimeSeconds: null, leadTimeExcluded: "non-positive-lead-time" }),
    ]);
    // the lineage reasons the demo holds, counted over its 76 deployments
    const reasons: Record<string, number> = {};
    for (const row of report.deployments) reasons[row.lineage!.reason] = (reasons[row.lineage!.reason] ?? 0) + 1;
    expect(reasons).toEqual({ ahead: 72, "high-water": 1, "first-deployment": 1, redeploy: 1, rollback: 1 });
    // every incident has its rule: 1041/1047 labels, 1042/1045/1048/1049 inferred, 1046/1050 outside the window, 1043 no service
    expect(Object.fromEntries(report.incidents.map((row) => [row.id, row.attributionReason!.rule]))).toEqual({
      "1041": "commit-label", "1042": "inferred", "1043": "no-service", "1045": "inferred", "1046": "outside-window",
      "1047": "deployment-label", "1048": "inferred", "1049": "inferred", "1050": "outside-window",
    });
  });

  it("explain --help lists the three questions", async () => {
    const run = await runCli(["explain", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/deployment \[options\] <deployment>/);
    expect(run.stdout).toMatch(/incident \[options\] <id>/);
    expect(run.stdout).toMatch(/service \[options\] <name>/);
  });
});
