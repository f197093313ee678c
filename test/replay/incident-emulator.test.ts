import { describe, expect, it } from "vitest";
import { createApiEmulator, type Exchange } from "../../src/emulator/index.js";

const PATH = "/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews";
const preview = (id: string, created: string, isDrill = false) => ({
  incidentID: id,
  title: `incident ${id}`,
  createdTime: created,
  isDrill,
  status: "resolved",
  labels: [],
});
// Recorded in two pages; INC-3 is a drill. Creation order: 1 < 2 < 3 < 4 < 5.
const recorded = [
  [preview("5", "2026-01-05T10:00:00Z"), preview("4", "2026-01-04T10:00:00Z"), preview("3", "2026-01-03T10:00:00Z", true)],
  [preview("2", "2026-01-02T10:00:00Z"), preview("1", "2026-01-01T10:00:00Z")],
];
const exchanges: Exchange[] = recorded.map((incidentPreviews, page) => ({
  source: "incident",
  request: { method: "POST", path: PATH, body: { query: { limit: 3, orderDirection: "DESC", orderField: "createdTime" } } },
  response: { status: 200, headers: {}, body: { incidentPreviews, query: {}, cursor: { hasMore: page === 0, nextValue: page === 0 ? "x" : "" } } },
}));
const emulator = createApiEmulator({ exchanges });
type Page = { incidentPreviews: Array<{ incidentID: string }>; cursor: { hasMore: boolean; nextValue: string } };
const query = (body: unknown, path = PATH) => emulator.handle("incident", { method: "POST", path, body });
const ids = (page: Page) => page.incidentPreviews.map((p) => p.incidentID);

describe("incident emulator", () => {
  it("pages non-drill previews by createdTime DESC with its own cursor", () => {
    const q = { limit: 2, orderDirection: "DESC", orderField: "createdTime", queryString: "isdrill:false" };
    const first = query({ query: q, cursor: { hasMore: false, nextValue: "" } }).body as Page;
    expect(ids(first)).toEqual(["5", "4"]);
    expect(first.cursor.hasMore).toBe(true);
    const second = query({ query: q, cursor: first.cursor }).body as Page;
    // the drill INC-3 is filtered out: 2, 1 remain, and nothing after them
    expect(ids(second)).toEqual(["2", "1"]);
    expect(second.cursor).toEqual({ hasMore: false, nextValue: "" });
  });

  it("sorts ASC and includes drills without the isdrill filter", () => {
    const page = query({ query: { limit: 100, orderDirection: "ASC", orderField: "createdTime", queryString: "" } }).body as Page;
    expect(ids(page)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("answers 501 for unknown query terms and other plugin paths", () => {
    expect(query({ query: { limit: 10, queryString: "isdrill:false label:security" } }).status).toBe(501);
    expect(query({ query: { limit: 10 } }, PATH.replace("grafana-irm-app", "grafana-incident-app")).status).toBe(501);
  });
});
