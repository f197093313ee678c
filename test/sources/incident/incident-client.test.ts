import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { upstreamDocument } from "../../upstream-documents.js";
import { createIncidentSource } from "../../../src/sources/incident/incident-client.js";
import { SourceError } from "../../../src/errors.js";
import { incidentPreviews, startEmulator, type ReceivedRequest, type RunningEmulator } from "../../../src/emulator/index.js";

// The emulator's Grafana IRM answering IncidentsService.QueryIncidentPreviews like the real one
// (docs/api-shapes.md): previews newest-created first, `isdrill:false` honoured, offset cursor.
// Its pages hold 2 previews whatever `limit` asks (servers may return fewer).
const stub = upstreamDocument("grafana/QueryIncidentPreviews.stub-example.json") as {
  error: string;
  incidentPreviews: Array<Record<string, unknown>>;
};
const preview = (incidentID: string, createdTime: string, extra: Record<string, unknown> = {}) => ({
  ...structuredClone(stub.incidentPreviews[0]!),
  incidentID,
  createdTime,
  closedTime: "",
  incidentStart: "",
  incidentEnd: "",
  status: "active",
  isDrill: false,
  labels: [{ key: "service", label: "checkout" }],
  ...extra,
});

const PREVIEWS = [
  preview("7", "2024-03-10T00:00:00Z"), // starts after `to`
  preview("6", "2024-02-20T10:00:00Z", { status: "resolved", incidentStart: "2024-02-20T09:30:00Z", incidentEnd: "2024-02-20T11:00:00Z", closedTime: "2024-02-20T12:00:00Z" }),
  preview("5", "2024-02-15T00:00:00Z", { isDrill: true }),
  preview("4", "2024-02-01 10:00:00.5", { status: "resolved", closedTime: "2024-02-01T12:00:00Z" }),
  preview("3", "2024-01-10T00:00:00Z"),
  preview("2", "2024-01-02T00:00:00Z", { incidentStart: "2023-12-31 23:00:00" }), // backdated before lookbackFrom
  preview("1", "2023-12-20T00:00:00Z"),
  preview("0", "2023-11-01T00:00:00Z"),
];
const window = {
  from: new Date("2024-02-01T00:00:00Z"),
  to: new Date("2024-03-01T00:00:00Z"),
  lookbackFrom: new Date("2024-01-01T00:00:00Z"),
  now: new Date("2024-03-01T00:00:00Z"),
};
const TOKEN = "glsa_incident_token_42";
const PATH = "/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews";

const PLUGINS = ["grafana-irm-app", "grafana-incident-app"] as const;

let emulator: RunningEmulator;
let base = "";
let requests: Array<ReceivedRequest & { body: Record<string, any> }>;
let answer: ((body: Record<string, any>, count: number) => unknown) | undefined;
let afterPage: ((count: number) => void) | undefined;
let exchanges: ReturnType<typeof incidentPreviews>;
/** Adds a preview to what the emulated Grafana IRM holds (under both plugins' paths; the emulator re-indexes). */
const addPreview = (added: Record<string, unknown>) => exchanges.push(...PLUGINS.flatMap((plugin) => incidentPreviews([added], plugin)));

beforeEach(async () => {
  exchanges = PLUGINS.flatMap((plugin) => incidentPreviews(structuredClone(PREVIEWS), plugin));
  answer = undefined;
  afterPage = undefined;
  emulator = await startEmulator({
    recording: { exchanges },
    tokens: { incident: TOKEN },
    rootSource: "incident",
    incident: { maxPageSize: 2, cursorPrefix: "offset-" },
    fault: (request, count) => {
      const custom = answer?.(request.body as Record<string, any>, count);
      return custom === undefined ? undefined : { status: 200, body: custom };
    },
    afterAnswer: (_request, count) => afterPage?.(count),
  });
  requests = emulator.requests as typeof requests;
  base = emulator.origin;
});
afterEach(() => emulator.close());

const source = (includeDrills = false, plugin: "grafana-irm-app" | "grafana-incident-app" = "grafana-irm-app") =>
  createIncidentSource({ grafanaUrl: `${base}/`, plugin, token: TOKEN, includeDrills, retryBaseMs: 1 });

describe("Grafana Incident source", () => {
  it("follows the cursor and stops after the first page wholly older than lookbackFrom", async () => {
    const { records, warnings } = await source().fetchIncidents(window);
    // Non-drill, newest created first: [7, 6] [4, 3] [2, 1] [0] — page 3 still holds 2 (in the
    // lookback), page 4 holds only 0 (before lookbackFrom 2024-01-01): the scan ends there. One
    // out-of-order incident at the top of a page can no longer end it early.
    expect(requests).toHaveLength(4);
    expect(requests.every((r) => r.path === PATH && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(requests[0]!.body).toEqual({
      query: { limit: 100, orderDirection: "DESC", orderField: "createdTime", queryString: "isdrill:false" },
      includeCustomFieldValues: false,
      includeMembershipPreview: false,
    });
    // Later pages echo the previous response's cursor verbatim.
    expect(requests[1]!.body.cursor).toEqual({ hasMore: true, nextValue: "offset-2" });
    expect(requests[2]!.body.cursor).toEqual({ hasMore: true, nextValue: "offset-4" });
    // Kept: started in [2024-01-01, 2024-03-01) — 3 (created 01-10), 4 (created 02-01 10:00:00.5),
    // 6 (incidentStart 02-20 09:30); not 7 (03-10), not 2 (incidentStart 2023-12-31 23:00).
    expect(records.map((i) => [i.id, i.status, new Date(i.startedMs).toISOString(), i.resolvedMs === undefined ? null : new Date(i.resolvedMs).toISOString()])).toEqual([
      ["3", "active", "2024-01-10T00:00:00.000Z", null],
      ["4", "resolved", "2024-02-01T10:00:00.500Z", "2024-02-01T12:00:00.000Z"],
      ["6", "resolved", "2024-02-20T09:30:00.000Z", "2024-02-20T11:00:00.000Z"],
    ]);
    expect(records[0]!.labels).toEqual({ service: "checkout" });
    expect(warnings).toEqual([]);
  });

  it("includes drills when asked, reads to the end (hasMore false) and de-duplicates shifted pages", async () => {
    // A new incident arrives after page 1: every later offset shifts by one.
    afterPage = (count) => {
      if (count === 1) addPreview(preview("8", "2024-02-25T00:00:00Z"));
    };
    const wide = { ...window, lookbackFrom: new Date("2023-01-01T00:00:00Z") };
    const { records } = await source(true, "grafana-incident-app").fetchIncidents(wide);
    expect(requests[0]!.path).toBe("/api/plugins/grafana-incident-app/resources/api/v1/IncidentsService.QueryIncidentPreviews");
    expect(requests[0]!.body.query.queryString).toBe("");
    // All 8 at first: [7, 6] then with 8 inserted: [6 again, 5] [4, 3] [2, 1] [0] (hasMore false).
    expect(requests).toHaveLength(5);
    // 8 came after page 1 (sorted above the offset) and is seen on the next run; 7 starts after `to`.
    expect(records.map((i) => [i.id, i.isDrill])).toEqual([
      ["0", false],
      ["1", false],
      ["2", false],
      ["3", false],
      ["4", false],
      ["5", true],
      ["6", false],
    ]);
  });

  it("fails on a 200 that carries an error, naming the URL and the error text", async () => {
    answer = () => stub; // the generated example response: error "something went wrong"
    const error = await source().fetchIncidents(window).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const sourceError = error as SourceError;
    expect(sourceError.source).toBe("incident");
    expect(sourceError.message).toBe(`incident: POST ${base}${PATH} → error: something went wrong`);
    expect(sourceError.details.url).toBe(`${base}${PATH}`);
    expect(requests).toHaveLength(1);
  });

  it("stops on an empty page and on an empty nextValue even when hasMore says otherwise", async () => {
    answer = () => ({ incidentPreviews: [], cursor: { hasMore: true, nextValue: "offset-2" } });
    expect((await source().fetchIncidents(window)).records).toEqual([]);
    expect(requests).toHaveLength(1);

    requests.length = 0;
    answer = () => ({ incidentPreviews: [PREVIEWS[4]], cursor: { hasMore: true, nextValue: "" } });
    expect((await source().fetchIncidents(window)).records.map((i) => i.id)).toEqual(["3"]);
    expect(requests).toHaveLength(1);
  });
});
