import { describe, expect, it } from "vitest";
import { customFieldLabels, normalizePagerDutyIncident, notesText } from "../../../src/sources/pagerduty/normalize-pagerduty-incident.js";
import { attributionFromText } from "../../../src/sources/incident-sources/attribution-text.js";

import { upstreamDocument } from "../../upstream-documents.js";

const example = (name: string) => upstreamDocument<Record<string, unknown[]>>(`pagerduty/${name}`);

describe("PagerDuty incident → Incident", () => {
  it("reads the documented example: start = created_at, resolve = resolved_at, the service reference", () => {
    const result = normalizePagerDutyIncident(example("list-incidents.example.json").incidents![0]);
    // created 21:30:42, resolved 21:38:23 → 7 min 41 s of restore
    expect(result.incident).toMatchObject({
      id: "PT4KHLK",
      title: "The server is on fire.",
      status: "resolved",
      isDrill: false,
      startedMs: Date.parse("2015-10-06T21:30:42.000Z"),
      resolvedMs: Date.parse("2015-10-06T21:38:23.000Z"),
      labels: { "pagerduty.service.id": "PIJ90N7", "pagerduty.service": "My Mail Service" },
      url: "https://subdomain.pagerduty.com/incidents/PT4KHLK",
    });
    expect(result.service).toEqual({ id: "PIJ90N7", name: "My Mail Service" });
    expect(result.warnings).toEqual([]);
  });

  it("falls back to last_status_change_at of a resolved incident without resolved_at; triggered and acknowledged are active", () => {
    const base = example("list-incidents.example.json").incidents![0] as Record<string, unknown>;
    expect(normalizePagerDutyIncident({ ...base, resolved_at: null }).incident?.resolvedMs).toBe(Date.parse("2015-10-06T21:38:23.000Z"));
    for (const status of ["triggered", "acknowledged"]) {
      const incident = normalizePagerDutyIncident({ ...base, status, resolved_at: null }).incident!;
      expect(incident.status).toBe("active");
      expect(incident.resolvedMs).toBeUndefined();
    }
    const noEnd = normalizePagerDutyIncident({ ...base, resolved_at: null, last_status_change_at: null });
    expect(noEnd.incident?.resolvedMs).toBeUndefined();
    expect(noEnd.warnings.map((warning) => warning.code)).toEqual(["incident-without-end"]);
  });

  it("refuses a created_at without a zone instead of reading it in the local zone", () => {
    const base = example("list-incidents.example.json").incidents![0] as Record<string, unknown>;
    const result = normalizePagerDutyIncident({ ...base, created_at: "2015-10-06 21:30:42" });
    expect(result.incident).toBeUndefined();
    expect(result.warnings.map((warning) => warning.code)).toEqual(["incident-without-start"]);
  });

  it("reads the documented notes and custom field values", () => {
    expect(notesText(example("list-notes.example.json"))).toContain("Firefighters are on the scene.");
    expect(customFieldLabels(example("custom-field-values.example.json"))).toEqual({ environment: "production" });
    expect(customFieldLabels({ custom_fields: [{ name: "commit", value: ["abcdef12", "ffff"] }] })).toEqual({ commit: ["abcdef12", "ffff"] });
  });
});

describe("attribution written as text", () => {
  it("reads deployment:, commit: and Four Keys' root cause: lines; prose after root cause is not a commit", () => {
    expect(attributionFromText("Rolled back.\n- deployment: deploy-api-x7k2p\ncommit: ABCDEF1234")).toEqual({ deployment: "deploy-api-x7k2p", commit: "abcdef1234" });
    expect(attributionFromText("root cause: 2b04b6d3939608f19776193697e0e30c04d9c6b8")).toEqual({ commit: "2b04b6d3939608f19776193697e0e30c04d9c6b8" });
    expect(attributionFromText("Root cause: the new cache")).toEqual({});
    expect(attributionFromText("commit: abc12")).toEqual({});
  });
});
