import { describe, expect, it } from "vitest";
import { ChangeLog } from "../../src/metrics/change-log.js";
import { DeploymentFactsBuilder, FAILED, REWORK, SUCCESSFUL } from "../../src/metrics/deployment-fact-table.js";
import { deployment, sha } from "./builders.js";

// The facts of an analysis as columns (src/metrics/deployment-fact-table.ts): put in finishedAt
// order (ties by id), each value following its deployment.

const made = (id: string, finishedAt: string) => deployment({ id, sha: sha("a1"), finishedAt });

describe("deployment facts", () => {
  it("orders by finish, then id, and keeps each value with its deployment", () => {
    const builder = new DeploymentFactsBuilder(2);
    const base = { service: 0, day: 0, recoverySeconds: NaN, changeLog: ChangeLog.EMPTY, changesFrom: 0, changesTo: 0, reworkIncident: undefined, lineage: undefined };
    // Added as a service's run (C, then B and A at the same instant) — more than the 2 expected.
    builder.add({ ...base, deployment: made("C", "2024-01-03T00:00"), flags: SUCCESSFUL, incidentIds: [] });
    builder.add({ ...base, deployment: made("B", "2024-01-02T00:00"), flags: SUCCESSFUL | REWORK, incidentIds: [], reworkIncident: { fromMs: 1, toMs: 2, incidentId: "7" } });
    builder.add({ ...base, deployment: made("A", "2024-01-02T00:00"), flags: SUCCESSFUL | FAILED, incidentIds: ["9"], recoverySeconds: 600 });
    const facts = builder.build(false);
    expect(facts.map((fact) => fact.deployment.id)).toEqual(["A", "B", "C"]);
    const [a, b, c] = [...facts];
    expect([a!.failed, a!.incidentIds, a!.recoverySeconds, a!.rework]).toEqual([true, ["9"], 600, false]);
    expect([b!.rework, b!.reworkIncident?.incidentId, b!.failed, b!.recoverySeconds]).toEqual([true, "7", false, null]);
    expect([c!.successful, c!.incidentIds, c!.lineage]).toEqual([true, [], undefined]);
    expect([...facts.finishedMs]).toEqual([Date.parse("2024-01-02T00:00:00Z"), Date.parse("2024-01-02T00:00:00Z"), Date.parse("2024-01-03T00:00:00Z")]);
  });
});
