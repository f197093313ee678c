import { describe, expect, it } from "vitest";
import { createApiEmulator, type Exchange } from "../../src/emulator/index.js";

// Five deploy-a runs started hourly 10:00..14:00 on 2026-01-01 plus one deploy-b run at 12:30.
// w4 (started 13:00) finishes at 14:30, after w5 (started 14:00, finished 14:20), so a page
// holding both is re-sorted by finishedAt: [w4, w5].
const runs = [
  { n: 1, start: "10:00", end: "10:20", template: "deploy-a", env: "prod" },
  { n: 2, start: "11:00", end: "11:20", template: "deploy-a", env: "staging" },
  { n: 3, start: "12:00", end: "12:20", template: "deploy-a" },
  { n: 4, start: "13:00", end: "14:30", template: "deploy-a", env: "prod" },
  { n: 5, start: "14:00", end: "14:20", template: "deploy-a", env: "dev" },
  { n: 6, start: "12:30", end: "12:40", template: "deploy-b", env: "prod" },
];

function workflow(run: (typeof runs)[number]) {
  const name = `${run.template}-w${run.n}`;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name,
      namespace: "argo",
      uid: `uid-${run.n}`,
      creationTimestamp: `2026-01-01T${run.start}:00Z`,
      labels: {
        "workflows.argoproj.io/workflow-template": run.template,
        "workflows.argoproj.io/phase": "Succeeded",
        ...(run.env ? { env: run.env } : {}),
      },
    },
    spec: { arguments: { parameters: [{ name: "commit-sha", value: `sha${run.n}` }] }, entrypoint: "main" },
    status: {
      phase: "Succeeded",
      startedAt: `2026-01-01T${run.start}:00Z`,
      finishedAt: `2026-01-01T${run.end}:00Z`,
      progress: "1/1",
      nodes: { [name]: { id: name, name, type: "Pod", phase: "Succeeded" } },
    },
  };
}

const full = runs.map(workflow);
const exchanges: Exchange[] = [
  {
    source: "argo",
    // An unfiltered recorded list: covers every selector and range.
    request: { method: "GET", path: "/api/v1/archived-workflows?namespace=argo", body: null },
    response: { status: 200, headers: {}, body: { metadata: {}, items: full.map((wf) => ({ metadata: wf.metadata, status: { phase: "Succeeded" } })) } },
  },
  ...full.map(
    (wf): Exchange => ({
      source: "argo",
      request: { method: "GET", path: `/api/v1/archived-workflows/${wf.metadata.uid}`, body: null },
      response: { status: 200, headers: { "content-type": "application/json" }, body: wf },
    }),
  ),
];

const emulator = createApiEmulator({ exchanges });
type Item = { metadata: { name: string; labels: Record<string, string> }; spec: Record<string, unknown>; status: Record<string, unknown> };
type Page = { metadata: { continue?: string }; items: Item[] | null };

function list(params: Record<string, string>) {
  const query = new URLSearchParams({ namespace: "argo", ...params }).toString();
  const response = emulator.handle("argo", { method: "GET", path: `/api/v1/archived-workflows?${query}` });
  return { status: response.status, body: response.body as Page };
}
const names = (page: Page) => (page.items ?? []).map((item) => item.metadata.name);

describe("argo archive emulator", () => {
  it("pages 5 runs by 2: continue 2, 4, then none; rows by startedAt desc, each page re-sorted by finishedAt desc", () => {
    const selector = { "listOptions.labelSelector": "workflows.argoproj.io/workflow-template=deploy-a", "listOptions.limit": "2" };
    const first = list(selector);
    // startedAt desc: w5 (14:00), w4 (13:00) | w3, w2 | w1; page 1 re-sorted: w4 ends 14:30 > w5 14:20.
    expect(first.status).toBe(200);
    expect(names(first.body)).toEqual(["deploy-a-w4", "deploy-a-w5"]);
    expect(first.body.metadata.continue).toBe("2");
    const second = list({ ...selector, "listOptions.continue": "2" });
    expect(names(second.body)).toEqual(["deploy-a-w3", "deploy-a-w2"]);
    expect(second.body.metadata.continue).toBe("4");
    const third = list({ ...selector, "listOptions.continue": "4" });
    expect(names(third.body)).toEqual(["deploy-a-w1"]);
    expect(third.body.metadata).toEqual({});
  });

  it("filters spec.startedAt with inclusive bounds", () => {
    const page = list({
      "listOptions.labelSelector": "workflows.argoproj.io/workflow-template=deploy-a",
      "listOptions.fieldSelector": "spec.startedAt>2026-01-01T11:00:00Z,spec.startedAt<2026-01-01T13:00:00Z",
    }).body;
    // 11:00, 12:00 and 13:00 are inside [11:00, 13:00]; finishedAt desc: w4 14:30, w3 12:20, w2 11:20.
    expect(names(page)).toEqual(["deploy-a-w4", "deploy-a-w3", "deploy-a-w2"]);
  });

  it.each([
    ["env=prod", ["deploy-a-w4", "deploy-b-w6", "deploy-a-w1"]], // finishedAt desc: 14:30, 12:40, 10:20
    ["env==prod,workflows.argoproj.io/workflow-template=deploy-a", ["deploy-a-w4", "deploy-a-w1"]],
    ["env!=prod", ["deploy-a-w5", "deploy-a-w3", "deploy-a-w2"]], // != also matches w3, which has no env
    ["env in (dev,staging)", ["deploy-a-w5", "deploy-a-w2"]],
    ["env notin (prod, dev)", ["deploy-a-w3", "deploy-a-w2"]],
    ["env", ["deploy-a-w4", "deploy-a-w5", "deploy-b-w6", "deploy-a-w2", "deploy-a-w1"]],
    ["!env", ["deploy-a-w3"]],
  ])("label selector %s", (selector, expected) => {
    expect(names(list({ "listOptions.labelSelector": selector }).body)).toEqual(expected);
  });

  it("returns the reduced projection: no status.nodes, archiving status Persisted, arguments kept", () => {
    const item = list({ "listOptions.labelSelector": "!env" }).body.items![0]!;
    expect(item.status).toEqual({ phase: "Succeeded", startedAt: "2026-01-01T12:00:00Z", finishedAt: "2026-01-01T12:20:00Z", progress: "1/1" });
    expect(item.metadata.labels["workflows.argoproj.io/workflow-archiving-status"]).toBe("Persisted");
    expect(item.spec).toEqual({ arguments: { parameters: [{ name: "commit-sha", value: "sha3" }] } });
  });

  it("serialises an empty result as items null", () => {
    const page = list({ "listOptions.labelSelector": "env=none" });
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ metadata: {}, items: null });
  });

  it("GET by uid returns the full document; an unknown uid is 404", () => {
    const found = emulator.handle("argo", { method: "GET", path: "/api/v1/archived-workflows/uid-4" });
    expect(found.status).toBe(200);
    expect(Object.keys((found.body as { status: { nodes: object } }).status.nodes)).toEqual(["deploy-a-w4"]);
    expect(emulator.handle("argo", { method: "GET", path: "/api/v1/archived-workflows/nope" }).status).toBe(404);
  });

  it("rejects a non-integer continue and unsupported field selectors like the server", () => {
    expect(list({ "listOptions.continue": "abc" }).status).toBe(400);
    expect(list({ "listOptions.fieldSelector": "status.phase=Failed" }).status).toBe(400);
  });

  it("answers 501 outside the recorded scope and for workflows only seen in a list", () => {
    const scoped = createApiEmulator({
      exchanges: [
        {
          source: "argo",
          request: {
            method: "GET",
            path: "/api/v1/archived-workflows?namespace=argo&listOptions.labelSelector=env%3Dprod&listOptions.fieldSelector=spec.startedAt%3E2026-01-01T00%3A00%3A00Z%2Cspec.startedAt%3C2026-02-01T00%3A00%3A00Z",
            body: null,
          },
          response: { status: 200, headers: {}, body: { metadata: {}, items: [{ metadata: { uid: "u1", name: "a" }, status: {} }] } },
        },
      ],
    });
    const ask = (query: string) => scoped.handle("argo", { method: "GET", path: `/api/v1/archived-workflows?namespace=argo&${query}` });
    const inside = "listOptions.labelSelector=env%3D%3Dprod&listOptions.fieldSelector=spec.startedAt%3E2026-01-10T00%3A00%3A00Z%2Cspec.startedAt%3C2026-01-20T00%3A00%3A00Z";
    expect(ask(inside).status).toBe(200);
    const earlier = "listOptions.labelSelector=env%3Dprod&listOptions.fieldSelector=spec.startedAt%3E2025-12-01T00%3A00%3A00Z%2Cspec.startedAt%3C2026-01-20T00%3A00%3A00Z";
    const response = ask(earlier);
    expect(response.status).toBe(501);
    expect((response.body as { message: string }).message).toMatch(/^dora replay: no recorded response for GET \/api\/v1\/archived-workflows\?/);
    expect(ask("listOptions.labelSelector=env%3Dstaging").status).toBe(501);
    expect(scoped.handle("argo", { method: "GET", path: "/api/v1/archived-workflows/u1" }).status).toBe(501);
  });
});
