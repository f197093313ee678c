import { describe, expect, it } from "vitest";
import { mergeIncidentSources } from "../../src/sources/incident-sources/merged-incident-source.js";
import type { IncidentSource } from "../../src/sources/types.js";
import { incident } from "../metrics/builders.js";
import { worldWindow } from "./incident-world.js";

describe("incidents.source as a list", () => {
  it("reads every source and merges their incidents and warnings in start order", async () => {
    const grafana: IncidentSource = { fetchIncidents: async () => ({ records: [incident({ id: "1040", startedAt: "2024-01-12T00:00" })], warnings: [{ code: "incident-without-end", message: "from grafana" }] }) };
    const pagerduty: IncidentSource = { fetchIncidents: async () => ({ records: [incident({ id: "PX1", startedAt: "2024-01-11T00:00" }), incident({ id: "PX2", startedAt: "2024-01-13T00:00" })], warnings: [] }) };
    const merged = await mergeIncidentSources([grafana, pagerduty]).fetchIncidents(worldWindow(30));
    expect(merged.records.map((record) => record.id)).toEqual(["PX1", "1040", "PX2"]);
    expect(merged.warnings).toEqual([{ code: "incident-without-end", message: "from grafana" }]);
    expect(mergeIncidentSources([grafana])).toBe(grafana);
  });
});
