// The scripted edge cases with the values computed by hand (written out in EXPECTED.md). The
// generator refuses to write a dataset in which the independent computation disagrees.

import type { Expected } from "./expected.js";
import type { DemoData } from "../../test/support/demo/timeline.js";

export interface HandValues {
  restoreSeconds: Record<string, number | null>;
  attribution: Record<string, { attribution: "label" | "inferred" | "none"; runTag?: string }>;
  recoverySeconds: Record<string, number>;
  changes: Record<string, number>;
  countedLeadTimes: Record<string, number>;
  rework: Record<string, boolean>;
  notDeployments: string[];
  overall: { failedDeployments: number; reworkDeployments: number; incidents: number; resolved: number; active: number; medianRestore: number; meanRestore: number; p90Restore: number };
}

export const HAND: HandValues = {
  // resolvedAt − startedAt (incidentStart/incidentEnd when set)
  restoreSeconds: {
    "1041": 3600, // 16:00 → 17:00
    "1042": 5400, // 13:00 → 14:30
    "1045": 3600, // 09:00 → 10:00
    "1046": 7200, // 09:00 → 11:00
    "1047": 7200, // 10:00 → 12:00
    "1048": 4800, // incidentStart 10:00 → incidentEnd 11:20 (created 10:15 → closed 12:00 would be 6300)
    "1049": 61200, // Nov 11 16:00 → Nov 12 09:00 = 17 h
    "1050": null, // active
  },
  attribution: {
    "1041": { attribution: "label", runTag: "labelled-commit" },
    "1042": { attribution: "inferred", runTag: "bad-release" },
    "1045": { attribution: "inferred", runTag: "inferred-overnight" },
    "1046": { attribution: "none" },
    "1047": { attribution: "label", runTag: "labelled-deployment" },
    "1048": { attribution: "inferred", runTag: "incident-start-edge" },
    "1049": { attribution: "inferred", runTag: "overnight-incident" },
    "1050": { attribution: "none" },
  },
  // failed deployment finishedAt → latest resolvedAt of its incidents
  recoverySeconds: {
    "bad-release": 12600, // Sep 22 11:00 → 14:30
    "labelled-commit": 25200, // Sep 9 10:00 → 17:00
    "inferred-overnight": 68400, // Oct 14 15:00 → Oct 15 10:00
    "labelled-deployment": 72000, // Oct 26 16:00 → Oct 27 12:00
    "incident-start-edge": 90900, // Nov 2 10:05 → Nov 3 11:20 = 25 h 15 min
    "overnight-incident": 68400, // Nov 11 14:00 → Nov 12 09:00
  },
  changes: {
    "redeploy-original": 3,
    redeploy: 0,
    "bad-release": 2,
    rollback: 0,
    "roll-forward": 2,
    "after-failed-rollout": 3, // 2 commits of the failed rollout + 1 fix
    "clock-skew": 2,
    "labelled-commit": 2,
    "after-labelled-commit": 1,
    "inferred-overnight": 3, // 2 new + 1 from the run that failed in staging
    "within-grace": 1,
    "incident-start-edge": 3,
    "first-deployment": 1, // only its head commit
    "before-unattributed": 4, // 2 new + 2 from the run stopped at approval
  },
  countedLeadTimes: { "clock-skew": 1, "first-deployment": 1 },
  rework: {
    rollback: true,
    "roll-forward": false,
    "hotfix-while-open": true,
    "before-incident": false,
    "within-grace": true,
    "after-overnight-incident": false,
    "bad-release": false,
  },
  notDeployments: ["failed-rollout", "failed-staging", "stopped-at-approval"],
  overall: {
    failedDeployments: 6,
    reworkDeployments: 3,
    incidents: 8,
    resolved: 7,
    active: 1,
    // sorted restores: 3600 3600 4800 5400 7200 7200 61200
    medianRestore: 5400,
    meanRestore: 93000 / 7, // 13285.714…
    p90Restore: 28800, // rank 5.4: 7200 + 0.4 × (61200 − 7200)
  },
};

export function checkHandValues(data: DemoData, expected: Expected): void {
  const problems: string[] = [];
  const check = (what: string, actual: unknown, wanted: unknown) => {
    // Floating point: 7200 + 0.4 × 54000 is 28800.00000000002 in doubles.
    const tidy = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v));
    if (tidy(actual) !== tidy(wanted)) problems.push(`${what}: computed ${JSON.stringify(actual)}, by hand ${JSON.stringify(wanted)}`);
  };
  const facts = (tag: string) => {
    const found = expected.deployments.find((deployment) => deployment.run.tag === tag);
    if (!found) throw new Error(`no deployment tagged ${tag}`);
    return found;
  };
  const incident = (id: string) => expected.incidents.find((facts) => facts.incident.id === id);
  for (const [id, restore] of Object.entries(HAND.restoreSeconds)) check(`restore ${id}`, incident(id)?.restoreSeconds ?? null, restore);
  for (const [id, wanted] of Object.entries(HAND.attribution)) {
    const found = incident(id);
    check(`attribution ${id}`, found?.attribution, wanted.attribution);
    check(`attributed deployment of ${id}`, found?.deployment?.tag, wanted.runTag);
  }
  for (const [tag, recovery] of Object.entries(HAND.recoverySeconds)) {
    const deployment = facts(tag);
    const resolved = expected.incidents.filter((facts) => facts.deployment === deployment.run).map((facts) => facts.resolvedAt!.getTime());
    check(`recovery ${tag}`, (Math.max(...resolved) - deployment.deployedAt.getTime()) / 1000, recovery);
  }
  for (const [tag, count] of Object.entries(HAND.changes)) check(`changes ${tag}`, facts(tag).changes.length, count);
  for (const [tag, count] of Object.entries(HAND.countedLeadTimes)) check(`counted lead times ${tag}`, facts(tag).leadTimes.length, count);
  for (const [tag, rework] of Object.entries(HAND.rework)) check(`rework ${tag}`, facts(tag).rework, rework);
  for (const tag of HAND.notDeployments) check(`${tag} is not a deployment`, expected.deployments.some((d) => d.run.tag === tag), false);
  check("redeploy sha", facts("redeploy").run.sha, facts("redeploy-original").run.sha);
  check("rollback sha = the deployment before the bad release", facts("rollback").run.sha, facts("bad-release").previous?.sha);
  check("first deployment lead", facts("first-deployment").leadTimes, [7200]);
  check("clock-skew head lead", (facts("clock-skew").deployedAt.getTime() - Date.parse("2026-10-20T15:00:00Z")) / 1000, -1800);
  const edge = facts("incident-start-edge");
  check("incident-start-edge gap", (Date.parse("2026-11-03T10:00:00Z") - edge.deployedAt.getTime()) / 1000, 86100);
  const o = expected.overall;
  check("overall", [o.failedDeployments, o.reworkDeployments, o.incidents, o.resolved, o.active, o.medianRestoreSeconds, o.meanRestoreSeconds, o.p90RestoreSeconds], [
    HAND.overall.failedDeployments,
    HAND.overall.reworkDeployments,
    HAND.overall.incidents,
    HAND.overall.resolved,
    HAND.overall.active,
    HAND.overall.medianRestore,
    HAND.overall.meanRestore,
    HAND.overall.p90Restore,
  ]);
  const search = data.runs.filter((run) => run.service === "search").sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  check("search's first run is the scripted first deployment", search[0]?.tag, "first-deployment");
  if (problems.length > 0) throw new Error(`the demo disagrees with the hand-computed values:\n${problems.join("\n")}`);
}
