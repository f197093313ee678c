import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { upstreamDocument } from "../../upstream-documents.js";
import { createIncidentSource } from "../../../src/sources/incident/incident-client.js";
import { SourceError } from "../../../src/errors.js";

// A local Grafana IRM answering IncidentsService.QueryIncidentPreviews like the real one
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

let server: Server;
let base = "";
let previews: Array<Record<string, unknown>>;
let requests: Array<{ url: string; authorization?: string; body: Record<string, any> }>;
let answer: ((body: Record<string, any>, count: number) => unknown) | undefined;
let afterPage: ((count: number) => void) | undefined;

beforeEach(async () => {
  previews = structuredClone(PREVIEWS);
  requests = [];
  answer = undefined;
  afterPage = undefined;
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => {
      const body = JSON.parse(text) as Record<string, any>;
      requests.push({ url: request.url!, authorization: request.headers.authorization, body });
      response.setHeader("content-type", "application/json");
      const custom = answer?.(body, requests.length);
      if (custom !== undefined) {
        response.end(JSON.stringify(custom));
        return;
      }
      const rows = previews
        .filter((p) => !(body.query.queryString === "isdrill:false" && p.isDrill === true))
        .sort((a, b) => Date.parse(String(b.createdTime)) - Date.parse(String(a.createdTime)));
      const offset = body.cursor ? Number(String(body.cursor.nextValue).replace("offset-", "")) : 0;
      const page = rows.slice(offset, offset + 2);
      const hasMore = rows.length > offset + 2;
      response.end(JSON.stringify({ incidentPreviews: page, query: body.query, cursor: { hasMore, nextValue: hasMore ? `offset-${offset + 2}` : "" } }));
      afterPage?.(requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = (includeDrills = false, plugin: "grafana-irm-app" | "grafana-incident-app" = "grafana-irm-app") =>
  createIncidentSource({ grafanaUrl: `${base}/`, plugin, token: TOKEN, includeDrills, retryBaseMs: 1 });

describe("Grafana Incident source", () => {
  it("follows the cursor over 3 pages and stops once a page reaches back past lookbackFrom", async () => {
    const { records, warnings } = await source().fetchIncidents(window);
    // Non-drill, newest created first: [7, 6] [4, 3] [2, 1] — page 3's oldest (1, 2023-12-20) is before
    // lookbackFrom 2024-01-01, so 0 is never asked for.
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.url === PATH && r.authorization === `Bearer ${TOKEN}`)).toBe(true);
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
    expect(records.map((i) => [i.id, i.status, i.startedAt, i.resolvedAt ?? null])).toEqual([
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
      if (count === 1) previews.push(preview("8", "2024-02-25T00:00:00Z"));
    };
    const wide = { ...window, lookbackFrom: new Date("2023-01-01T00:00:00Z") };
    const { records } = await source(true, "grafana-incident-app").fetchIncidents(wide);
    expect(requests[0]!.url).toBe("/api/plugins/grafana-incident-app/resources/api/v1/IncidentsService.QueryIncidentPreviews");
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

    requests = [];
    answer = () => ({ incidentPreviews: [PREVIEWS[4]], cursor: { hasMore: true, nextValue: "" } });
    expect((await source().fetchIncidents(window)).records.map((i) => i.id)).toEqual(["3"]);
    expect(requests).toHaveLength(1);
  });
});
