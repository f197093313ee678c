import { describe, expect, it } from "vitest";
import { createApiEmulator } from "../../src/emulator/api-emulator.js";
import type { Exchange } from "../../src/emulator/recording.js";

const json = { "content-type": "application/json" };
const incident = (id: string, createdAt: string, serviceId = "P1") => ({ id, created_at: createdAt, status: "resolved", resolved_at: createdAt, service: { id: serviceId } });
const issue = (number: number, createdAt: string, labels: string[], state = "closed") => ({ number, created_at: createdAt, updated_at: createdAt, state, labels: labels.map((name) => ({ name })) });

describe("replay of PagerDuty", () => {
  const emulator = createApiEmulator({
    exchanges: [
      {
        source: "pagerduty",
        request: { method: "GET", path: "/incidents?since=2026-01-01T00:00:00Z&until=2026-04-01T00:00:00Z", body: null },
        response: { status: 200, headers: json, body: { incidents: [incident("A", "2026-01-05T00:00:00Z"), incident("B", "2026-02-05T00:00:00Z", "P2"), incident("C", "2026-03-05T00:00:00Z")], more: false } },
      },
      { source: "pagerduty", request: { method: "GET", path: "/incidents/A/notes", body: null }, response: { status: 200, headers: json, body: { notes: [] } } },
    ] satisfies Exchange[],
  });
  const list = (query: string) => emulator.handle("pagerduty", { method: "GET", path: `/incidents?${query}` });

  it("filters by range and service, pages by offset with `more`", () => {
    const first = list("since=2026-01-01T00:00:00Z&until=2026-04-01T00:00:00Z&limit=1&offset=0&service_ids[]=P1");
    expect(first.body).toMatchObject({ incidents: [{ id: "A" }], more: true, offset: 0, limit: 1 });
    const second = list("since=2026-01-01T00:00:00Z&until=2026-04-01T00:00:00Z&limit=1&offset=1&service_ids[]=P1");
    expect(second.body).toMatchObject({ incidents: [{ id: "C" }], more: false });
    expect(list("since=2026-02-01T00:00:00Z&until=2026-03-01T00:00:00Z").body).toMatchObject({ incidents: [{ id: "B" }] });
    expect(emulator.handle("pagerduty", { method: "GET", path: "/incidents/A/notes" }).body).toEqual({ notes: [] });
  });

  it("refuses a range over 6 months like PagerDuty, and a range it never recorded with 501", () => {
    expect(list("since=2025-01-01T00:00:00Z&until=2026-04-01T00:00:00Z").status).toBe(400);
    expect(list("since=2025-12-01T00:00:00Z&until=2026-02-01T00:00:00Z").status).toBe(501);
  });
});

describe("replay of GitHub issues", () => {
  const emulator = createApiEmulator({
    exchanges: [
      {
        source: "github-issues",
        request: { method: "GET", path: "/repos/acme/api/issues?labels=incident&state=all&since=2026-01-01T00:00:00Z", body: null },
        response: { status: 200, headers: json, body: [issue(1, "2026-01-05T00:00:00Z", ["incident"]), issue(2, "2026-02-05T00:00:00Z", ["incident"], "open"), issue(3, "2026-03-05T00:00:00Z", ["incident", "drill"])] },
      },
    ] satisfies Exchange[],
  });
  const list = (source: "github" | "github-issues", query: string) => emulator.handle(source, { method: "GET", path: `/repos/acme/api/issues?${query}` });

  it("pages newest created first with a next link, filters state and since; answers under /github too", () => {
    const first = list("github-issues", "labels=incident&state=all&sort=created&direction=desc&since=2026-01-01T00:00:00Z&per_page=2&page=1");
    expect((first.body as Array<{ number: number }>).map((item) => item.number)).toEqual([3, 2]);
    expect(first.headers.link).toContain('page=2>; rel="next"');
    const second = list("github", "labels=incident&state=all&sort=created&direction=desc&since=2026-01-01T00:00:00Z&per_page=2&page=2");
    expect((second.body as Array<{ number: number }>).map((item) => item.number)).toEqual([1]);
    expect(second.headers.link).toBeUndefined();
    expect((list("github-issues", "labels=incident&state=open&since=2026-01-01T00:00:00Z").body as unknown[]).length).toBe(1);
  });

  it("answers 501 for another label set or an earlier since than recorded", () => {
    expect(list("github-issues", "labels=outage&state=all&since=2026-01-01T00:00:00Z").status).toBe(501);
    expect(list("github-issues", "labels=incident&state=all&since=2025-06-01T00:00:00Z").status).toBe(501);
  });
});
