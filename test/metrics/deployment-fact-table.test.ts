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

  it("moves every column with its fact through long cycles of the order (added service by service)", () => {
    // Three services' runs, each in time order, interleaved in time: service s's k-th fact (k = 0…3)
    // finishes on day 4k + s + 1 of January 2024. In time order the facts go s0k0, s1k0, s2k0,
    // s0k1, …: fact (s, k) moves from place 4s + k to place 3k + s (12 facts: cycles of length > 2).
    const builder = new DeploymentFactsBuilder(12);
    for (let s = 0; s < 3; s++) {
      for (let k = 0; k < 4; k++) {
        const day = 4 * k + s + 1;
        builder.add({
          deployment: made(`s${s}k${k}`, `2024-01-${String(day).padStart(2, "0")}T00:00`),
          service: s,
          day,
          flags: SUCCESSFUL | (k === 2 ? FAILED : 0),
          recoverySeconds: k === 2 ? 100 * s + k : NaN,
          changeLog: ChangeLog.EMPTY,
          changesFrom: 10 * s + k,
          changesTo: 10 * s + k + 1,
          incidentIds: k === 2 ? [`i${s}`] : [],
          reworkIncident: undefined,
          lineage: undefined,
        });
      }
    }
    const facts = builder.build(false);
    const places = Array.from({ length: 12 }, (_, at) => ({ s: at % 3, k: Math.floor(at / 3) }));
    expect(facts.map((fact) => fact.deployment.id)).toEqual(places.map(({ s, k }) => `s${s}k${k}`));
    expect([...facts.service]).toEqual(places.map(({ s }) => s));
    expect([...facts.day]).toEqual(places.map(({ s, k }) => 4 * k + s + 1));
    expect([...facts.changesFrom]).toEqual(places.map(({ s, k }) => 10 * s + k));
    expect([...facts.changesTo]).toEqual(places.map(({ s, k }) => 10 * s + k + 1));
    expect([...facts.finishedMs]).toEqual(places.map(({ s, k }) => Date.UTC(2024, 0, 4 * k + s + 1)));
    // Failed (k = 2) at places 6, 7, 8: recovery 2, 102, 202 s; NaN (none) elsewhere.
    expect(facts.map((fact) => [fact.failed, fact.recoverySeconds, fact.incidentIds])).toEqual(
      places.map(({ s, k }) => (k === 2 ? [true, 100 * s + 2, [`i${s}`]] : [false, null, []])),
    );
  });
});
