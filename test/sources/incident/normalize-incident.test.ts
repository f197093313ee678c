import { describe, expect, it } from "vitest";
import { upstreamDocument } from "../../upstream-documents.js";
import { normalizeIncidentPreview } from "../../../src/sources/incident/normalize-incident.js";
import { parseIncidentMs } from "../../../src/sources/incident/parse-incident-time.js";

// Real shapes from grafana/incident-go (fixtures/upstream/grafana; origins in fixtures/upstream/README.md).
const sample = (name: string) => upstreamDocument(`grafana/${name}.json`);
const stubPreview = () => structuredClone(sample("QueryIncidentPreviews.stub-example").incidentPreviews[0]) as Record<string, unknown>;

describe("normalizeIncidentPreview", () => {
  it("reads the QueryIncidentPreviews example (active: no resolvedAt although incidentEnd is set)", () => {
    expect(normalizeIncidentPreview(stubPreview())).toEqual({
      incident: {
        id: "incident-123",
        title: "high latency in web requests",
        severity: "major", // severityLabel
        status: "active",
        isDrill: true,
        // The label appears twice with the same key and text.
        labels: { service_name: "customers-affected" },
        // incidentStart "2022-02-11 00:50:20.574137": space, microseconds, no zone → UTC.
        startedMs: Date.parse("2022-02-11T00:50:20.574Z"),
      },
      warnings: [],
    });
  });

  it("resolved: incidentEnd wins over closedTime; empty strings fall back to createdTime / closedTime", () => {
    const resolved = { ...stubPreview(), status: "resolved" };
    expect(normalizeIncidentPreview(resolved).incident).toMatchObject({ status: "resolved", resolvedMs: Date.parse("2022-02-11T00:50:20.574Z") });
    const fallback = { ...resolved, incidentStart: "", incidentEnd: "" };
    expect(normalizeIncidentPreview(fallback).incident).toMatchObject({
      startedMs: Date.parse("2021-08-07T11:58:23.000Z"), // createdTime
      resolvedMs: Date.parse("2021-08-07T11:58:23.000Z"), // closedTime
    });
  });

  it("reads a full Incident (webhook body): severity instead of severityLabel, \"\" times, no labels", () => {
    const { incident, warnings } = normalizeIncidentPreview(sample("webhook-updated-role").incident);
    expect(warnings).toEqual([]);
    expect(incident).toEqual({
      id: "19",
      title: "1111",
      severity: "pending",
      status: "active",
      isDrill: false,
      labels: {},
      startedMs: Date.parse("2023-03-09T11:09:44.293Z"), // incidentStart "2023-03-09T11:09:44.293367Z"
    });
  });

  it("the GetIncident example gives severity 'minor'", () => {
    expect(normalizeIncidentPreview(sample("GetIncident.stub-example").incident).incident?.severity).toBe("minor");
  });

  it("labels: `label` or `value` text; no key → tags; a repeated key keeps every value", () => {
    const preview = {
      ...stubPreview(),
      labels: [
        { key: "service", label: "checkout" },
        { key: "team", label: "", value: "payments" },
        { label: "customer-facing" },
        { key: "service", label: "search" },
        { key: "empty" },
      ],
    };
    expect(normalizeIncidentPreview(preview).incident?.labels).toEqual({ service: ["checkout", "search"], team: "payments", tags: "customer-facing" });
  });

  it("without a start time: no incident, warning incident-without-start", () => {
    expect(normalizeIncidentPreview({ ...stubPreview(), incidentStart: "", createdTime: "" })).toEqual({
      warnings: [
        { code: "incident-without-start", message: "incident incident-123 has neither a readable incidentStart nor createdTime; it is left out", subject: "incident-123" },
      ],
    });
  });

  it("a resolved incident without any end time keeps no resolvedAt and warns", () => {
    const { incident, warnings } = normalizeIncidentPreview({ ...stubPreview(), status: "resolved", incidentEnd: "", closedTime: "" });
    expect(incident?.resolvedMs).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(["incident-without-end"]);
  });
});

describe("parseIncidentMs", () => {
  it("reads RFC3339 with any fraction, space-separated UTC, and offsets", () => {
    expect(parseIncidentMs("2022-02-11 00:50:20.574137")).toBe(Date.parse("2022-02-11T00:50:20.574Z"));
    expect(parseIncidentMs("2023-03-09T11:09:44.216113029Z")).toBe(Date.parse("2023-03-09T11:09:44.216Z"));
    expect(parseIncidentMs("2023-03-09T12:09:44+01:00")).toBe(Date.parse("2023-03-09T11:09:44.000Z"));
    expect(parseIncidentMs("2023-03-09 12:09:44 +0100")).toBe(Date.parse("2023-03-09T11:09:44.000Z"));
    expect(parseIncidentMs("2023-03-09 12:09")).toBe(Date.parse("2023-03-09T12:09:00.000Z"));
    expect(parseIncidentMs("")).toBeUndefined();
    expect(parseIncidentMs("not a time")).toBeUndefined();
    expect(parseIncidentMs(null)).toBeUndefined();
  });

  it("is strict: no bare numbers, no impossible days, no rolled-over times", () => {
    // A lenient parser read "0" as 2000-01-01, "1" as 2001-01-01 and 2026-02-30 as March 2.
    for (const bad of ["0", "1", "2026", "2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01", "Jan 5 2026"]) {
      expect(parseIncidentMs(bad), bad).toBeUndefined();
    }
    expect(parseIncidentMs("2024-02-29T10:00:00Z")).toBe(Date.parse("2024-02-29T10:00:00.000Z")); // a leap day
  });
});
