import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SourceError } from "../../../src/errors.js";
import { createPagerDutySource, type PagerDutySourceOptions } from "../../../src/sources/pagerduty/pagerduty-client.js";
import { LOOKBACK_INCIDENTS, WORLD_INCIDENTS, WORLD_SERVICE, expectWorldFigures, worldReport, worldServiceLabels, worldWindow } from "../incident-world.js";
import { pagerDutyIncident } from "./pagerduty-incident.js";
import { pagerDutyIncidentDetails, pagerDutyIncidents, startEmulator, type RunningEmulator } from "../../../src/emulator/index.js";
import { rateLimitOnce } from "../rate-limit-once.js";
import { createFileRangeCache, isSettledRange } from "../../../src/sources/pagerduty/resolved-range-cache.js";
import { mkdtempSync } from "node:fs";

// The PagerDuty client against the emulator's REST v2 holding the world of ../incident-world.ts:
// PagerDuty service PAPI001 ("API") is dora service `api`; PWEB001 is not mapped.
const TOKEN = "u+pd_test_token_4711";
let fake: RunningEmulator;
const limited = rateLimitOnce({ error: { message: "Rate Limit Exceeded", code: 2020 } });

beforeAll(async () => {
  const api = { serviceId: "PAPI001", serviceName: "API" };
  const incidents = [
    ...LOOKBACK_INCIDENTS.map((incident, index) => pagerDutyIncident({ id: `PL${index + 1}`, number: index + 1, title: incident.title, createdAt: incident.startedAt, resolvedAt: incident.resolvedAt, ...api })),
    ...WORLD_INCIDENTS.map((incident, index) =>
      pagerDutyIncident({ id: `PW${index + 1}`, number: 500 + index, title: incident.title, createdAt: incident.startedAt, ...("resolvedAt" in incident ? { resolvedAt: incident.resolvedAt } : {}), ...api }),
    ),
    // Another team's service, mapped to no dora service.
    pagerDutyIncident({ id: "PX1", number: 900, title: "Web outage", createdAt: "2024-01-15T10:00:00Z", resolvedAt: "2024-01-15T11:00:00Z", serviceId: "PWEB001", serviceName: "Web" }),
  ];
  const details = pagerDutyIncidentDetails("PW2", {
    // I2 names its cause in a note, as responders write it.
    notes: [
      { id: "N1", content: "Investigating.", created_at: "2024-01-20T13:05:00Z" },
      { id: "N2", content: "Rolled back.\ncommit: aaaaaaa1", created_at: "2024-01-20T13:40:00Z" },
    ],
    customFields: [{ id: "F1", type: "field_value", name: "deployment", data_type: "string", field_type: "single_value", value: "deploy-1" }],
  });
  fake = await startEmulator({
    recording: { exchanges: [...pagerDutyIncidents(incidents), ...details] },
    tokens: { pagerduty: TOKEN },
    pagerduty: { complete: true },
    rootSource: "pagerduty",
    recordHeaders: ["accept"],
    fault: limited.fault,
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

const source = (options: Partial<PagerDutySourceOptions> = {}) =>
  createPagerDutySource({
    apiUrl: fake.origin,
    token: TOKEN,
    services: [WORLD_SERVICE],
    serviceLabels: worldServiceLabels,
    retryBaseMs: 1,
    retryAfterUnitMs: 1,
    ...options,
  });
const listRequests = () => fake.requests.filter((request) => request.path.startsWith("/incidents?")).map((request) => new URL(request.path, "http://x").searchParams);

describe("PagerDuty incidents", () => {
  it("splits a long range, pages with offset, waits out a 429, and reads the world's figures (note attribution)", async () => {
    limited.parts.push("offset=100");
    const result = await source({ attributionFromNotes: true }).fetchIncidents(worldWindow(365));
    // lookbackFrom = Jan 1, 2024 − 365 d = Jan 1, 2023; Jan 1, 2023 → Jan 31, 2024 (395 d, over
    // PagerDuty's 6 months) is asked for by calendar month: 12 months of 2023 + Jan 1–31, 2024 = 13
    // ranges. December holds the 120 lookback incidents: offset 0 (100, more) and offset 100 (20) —
    // whose first try got a 429 and was retried. 13 + 1 + 1 = 15 list requests.
    const lists = listRequests();
    expect(lists).toHaveLength(15);
    const months = [...new Set(lists.map((query) => `${query.get("since")} ${query.get("until")}`))];
    expect(months).toHaveLength(13);
    expect(months[0]).toBe("2023-01-01T00:00:00.000Z 2023-02-01T00:00:00.000Z");
    expect(months[12]).toBe("2024-01-01T00:00:00.000Z 2024-01-31T00:00:00.000Z");
    const december = lists.filter((query) => query.get("since") === "2023-12-01T00:00:00.000Z").map((query) => query.get("offset"));
    expect(december).toEqual(["0", "100", "100"]);
    expect(lists.every((query) => query.getAll("service_ids[]").join() === "PAPI001" && query.get("limit") === "100")).toBe(true);
    expect(fake.requests.every((request) => request.authorization === `Token token=${TOKEN}` && request.headers?.accept === "application/vnd.pagerduty+json;version=2")).toBe(true);
    // 120 lookback + 3 world incidents; PX1 is filtered out by service_ids[].
    expect(result.records).toHaveLength(123);
    const i3 = result.records.find((incident) => incident.id === "PW3")!;
    expect(i3).toMatchObject({ status: "active", startedMs: Date.parse("2024-01-24T10:00:00.000Z") });
    expect(i3.resolvedMs).toBeUndefined();
    expect(result.records.find((incident) => incident.id === "PW2")).toMatchObject({
      status: "resolved",
      resolvedMs: Date.parse("2024-01-20T13:45:00.000Z"),
      labels: { commit: "aaaaaaa1", "dora.service": "api", "pagerduty.service.id": "PAPI001" },
    });
    expectWorldFigures(worldReport(result.records));
  });

  it("reads explicit attribution from a custom field named deployment", async () => {
    const result = await source({ attributionFromCustomFields: true }).fetchIncidents(worldWindow(30));
    expect(result.records.find((incident) => incident.id === "PW2")?.labels.deployment).toBe("deploy-1");
    // Dec 2 → Jan 31 by month: December (two pages: 100 + 20) and January (one page) = 3 list
    // requests; one custom-field read per incident.
    expect(listRequests()).toHaveLength(3);
    expect(fake.requests.filter((request) => request.path.endsWith("/custom_fields/values"))).toHaveLength(123);
    expectWorldFigures(worldReport(result.records));
  });

  it("without note or custom-field reads, I2 is inferred to D2 instead: CFR 2/3", async () => {
    const result = await source().fetchIncidents(worldWindow(30));
    const report = worldReport(result.records);
    // I2 (Jan 20 13:00) is 1 h after D2 (Jan 20 12:00) → inferred to D2; failed: D1 (I1), D2 (I2) → 2 / 3.
    expect(report.overall.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 2 });
    // Recovery: D1 Jan 10 12:00 → I1 resolved 15:30 = 3.5 h = 12600 s; D2 Jan 20 12:00 → 13:45 = 6300 s;
    // mean (12600 + 6300) / 2 = 9450 s.
    expect(report.overall.failedDeploymentRecoveryTime).toMatchObject({ count: 2, meanSeconds: 9450 });
    expect(fake.requests.some((request) => request.path.includes("/notes"))).toBe(false);
  });

  it("maps by service name without a service_ids[] filter; the unmapped service's incident counts nowhere", async () => {
    const byName = { ...WORLD_SERVICE, incidents: { pagerduty: { serviceNames: ["api"] } } };
    const result = await source({ services: [byName], attributionFromNotes: true }).fetchIncidents(worldWindow(30));
    expect(listRequests().every((query) => !query.has("service_ids[]"))).toBe(true);
    const web = result.records.find((incident) => incident.id === "PX1")!;
    expect(web.labels).toEqual({ "pagerduty.service.id": "PWEB001", "pagerduty.service": "Web", urgency: "high" });
    const report = worldReport(result.records);
    expectWorldFigures(report);
    expect(report.incidents.find((row) => row.id === "PX1")?.service).toBeNull();
  });

  it("caches a past month whose incidents are all resolved, and reads the month reaching now again", async () => {
    const stats = { hits: 0, misses: 0 };
    const rangeCache = createFileRangeCache(mkdtempSync("/tmp/dora-pd-cache-"), stats);
    const cold = await source({ rangeCache, attributionFromNotes: true }).fetchIncidents(worldWindow(30));
    // December (Dec 2 → Jan 1) ended before the run (Jan 31) and holds only resolved incidents: kept.
    // January ends at the run's clock and holds I3 (active): never kept.
    expect(listRequests()).toHaveLength(3);
    fake.requests.length = 0;
    const warm = await source({ rangeCache, attributionFromNotes: true }).fetchIncidents(worldWindow(30));
    expect(listRequests().map((query) => query.get("since"))).toEqual(["2024-01-01T00:00:00.000Z"]);
    expect(stats).toEqual({ hits: 1, misses: 3 });
    // Notes are read again every run (they can be edited): 123 incidents.
    expect(fake.requests.filter((request) => request.path.endsWith("/notes"))).toHaveLength(123);
    expect(warm.records).toEqual(cold.records);
    expectWorldFigures(worldReport(warm.records));
  });

  it("keeps a range only when it ended an hour before the run and every incident in it is resolved", () => {
    const now = Date.parse("2024-01-31T00:00:00Z");
    const resolved = { status: "resolved" };
    expect(isSettledRange(now - 3600_000, now, [resolved])).toBe(true);
    expect(isSettledRange(now - 3599_000, now, [resolved])).toBe(false);
    expect(isSettledRange(now - 86_400_000, now, [resolved, { status: "acknowledged" }])).toBe(false);
  });

  it("fails with the URL, the status and a PAGERDUTY_TOKEN hint on a refused token, never showing it", async () => {
    const error = await source({ token: "wrong_token_0815" }).fetchIncidents(worldWindow(30)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    const sourceError = error as SourceError;
    expect(sourceError.details.status).toBe(401);
    expect(sourceError.details.hint).toContain("PAGERDUTY_TOKEN");
    expect(sourceError.message).toContain("/incidents?since=");
    expect(JSON.stringify({ message: sourceError.message, details: sourceError.details })).not.toContain("wrong_token_0815");
  });
});
