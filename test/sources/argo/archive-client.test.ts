import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArgoArchiveSource } from "../../../src/sources/argo/archive-client.js";
import { SourceError } from "../../../src/errors.js";
import type { ServiceConfig } from "../../../src/config/schema.js";
import { archivedWorkflows, startEmulator, type ArgoBehaviour, type EmulatorOptions, type Exchange, type RunningEmulator } from "../../../src/emulator/index.js";
import { cloneRun, loadSample } from "./archive-samples.js";

// Window: deployments finished in [2019-01-01, 2026-01-01); the list asks for runs started from
// lookbackFrom − 2 days (default maxRunSeconds) = 2018-12-30.
const window = {
  from: new Date("2020-01-01T00:00:00Z"),
  to: new Date("2026-01-01T00:00:00Z"),
  lookbackFrom: new Date("2019-01-01T00:00:00Z"),
  now: new Date("2026-01-01T00:00:00Z"),
};
const FIELD_SELECTOR = "metadata.namespace%3Dargo%2Cspec.startedAt%3E2018-12-30T00%3A00%3A00Z%2Cspec.startedAt%3C2026-01-01T00%3A00%3A00Z";
const TOKEN = "argo-secret-token-4711";

const sha = (digit: string) => digit.repeat(40);
const web: ServiceConfig = {
  name: "web",
  repo: "acme/web",
  workflows: { labelSelector: "workflows.argoproj.io/workflow-template=deploy-web", productionStep: "echo", commit: "parameter:commit-sha" },
};
const batch: ServiceConfig = {
  name: "batch",
  repo: "acme/batch",
  workflows: { labelSelector: "workflows.argoproj.io/workflow-template=deploy-batch", commit: "parameter:commit-sha" },
};
const nothing: ServiceConfig = {
  name: "nothing",
  repo: "acme/nothing",
  workflows: { labelSelector: "workflows.argoproj.io/workflow-template=deploy-nothing", commit: "parameter:commit-sha" },
};

// web (production step "echo"): dag-nested (started 2024-10-16), subdag-iterate (2025-09-11), a run
// still Running, and a run that finished before lookbackFrom. batch (whole workflow): the other four.
const nested = loadSample("dag-nested-zxlc2", "deploy-web", sha("1"));
const subdag = loadSample("subdag-iterate-jrfch", "deploy-web", sha("2"));
const hello = loadSample("hello-world-9tql2", "deploy-batch", sha("3"));
const running = cloneRun(loadSample("hello-world-9tql2", "deploy-web", sha("4")), "deploy-web-running", "00000000-0000-4000-8000-000000000001", {
  phase: "Running",
  startedAt: "2025-12-31T10:00:00Z",
  finishedAt: null,
});
const tooEarly = cloneRun(loadSample("hello-world-9tql2", "deploy-web", sha("5")), "deploy-web-early", "00000000-0000-4000-8000-000000000002", {
  startedAt: "2018-12-31T00:00:00Z",
  finishedAt: "2018-12-31T01:00:00Z",
});
const template = loadSample("workflow-template-hello-world-k4d26", "deploy-batch", sha("6"));
const manyItems = loadSample("many-items-z26lj", "deploy-batch", sha("7"));
const failFast = loadSample("dag-disable-fail-fast-r6xdc", "deploy-batch", sha("8"));
/** Archived between the first and second batch page; started 2020-06-10, above offset 2. */
const late = cloneRun(hello, "deploy-batch-late", "00000000-0000-4000-8000-000000000003", {
  startedAt: "2020-06-10T00:00:00Z",
  finishedAt: "2020-06-10T00:05:00Z",
});

let emulator: RunningEmulator;
let exchanges: Exchange[];
/** Read at each request: a test turns the server into an older release. */
let argo: ArgoBehaviour;
/** The test's hooks, set before the source runs. */
let hooks: Pick<EmulatorOptions, "fault" | "afterAnswer">;
beforeEach(async () => {
  exchanges = archivedWorkflows([nested, subdag, running, tooEarly, hello, template, manyItems, failFast]);
  argo = {};
  hooks = {};
  emulator = await startEmulator({
    recording: { exchanges },
    argo,
    fault: (request, count) => hooks.fault?.(request, count),
    afterAnswer: (request, count) => hooks.afterAnswer?.(request, count),
  });
});
afterEach(() => emulator.close());

const source = (extra: Partial<Parameters<typeof createArgoArchiveSource>[0]> = {}) =>
  createArgoArchiveSource({ server: `${emulator.baseUrls.argo}/`, namespace: "argo", token: TOKEN, pageSize: 2, retryBaseMs: 1, ...extra });

const listPath = (template: string, offset?: number) =>
  `/api/v1/archived-workflows?namespace=argo&listOptions.labelSelector=workflows.argoproj.io%2Fworkflow-template%3D${template}` +
  `&listOptions.fieldSelector=${FIELD_SELECTOR}&listOptions.limit=2${offset === undefined ? "" : `&listOptions.continue=${offset}`}`;
const getPath = (uid: string) => `/api/v1/archived-workflows/${uid}`;

describe("Argo archive source", () => {
  it("pages, de-duplicates shifted offsets, and GETs only the runs whose nodes are needed", async () => {
    hooks.afterAnswer = (request) => {
      if (request.path === listPath("deploy-batch")) exchanges.push(...archivedWorkflows([late]));
    };
    const { records, warnings } = await source({ argoUiBase: "https://argo.example.com" }).fetchDeployments(window, [web, batch, nothing]);

    const requests = emulator.requests.map((r) => `${r.method} ${r.path}`);
    // web: 4 runs in range (running 2025-12-31, subdag, nested, early 2018-12-31) → 2 pages; then,
    // in parallel, only the two finished runs in range need their nodes (not Running, not early).
    expect(requests.slice(0, 2)).toEqual([`GET ${listPath("deploy-web")}`, `GET ${listPath("deploy-web", 2)}`]);
    expect(requests.slice(2, 4).sort()).toEqual([`GET ${getPath(nested.metadata.uid)}`, `GET ${getPath(subdag.metadata.uid)}`].sort());
    expect(requests.slice(4)).toEqual([
      // batch: page 1 = [template 2020-06-16, many-items 2020-06-02]; then `late` (2020-06-10) is archived,
      // so offset 2 = [many-items again, hello 2019-12-13]; offset 4 = [fail-fast 2019-06-26], no continue.
      `GET ${listPath("deploy-batch")}`,
      `GET ${listPath("deploy-batch", 2)}`,
      `GET ${listPath("deploy-batch", 4)}`,
      // nothing: `items: null`.
      `GET ${listPath("deploy-nothing")}`,
    ]);
    expect(new Set(emulator.requests.map((r) => r.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
    // "echo" is the template of several tasks in both web runs (echo-param and echo-bye; A.A … D.D).
    expect(warnings.map((w) => [w.code, w.subject])).toEqual([
      ["production-step-ambiguous", "subdag-iterate-jrfch"],
      ["production-step-ambiguous", "dag-nested-zxlc2"],
    ]);
    // batch from its list items (status.finishedAt); web from the last "echo" node of the full document.
    expect(records.map((d) => [d.service, d.name, d.sha, d.status, new Date(d.finishedMs).toISOString(), d.steps.length])).toEqual([
      ["batch", "dag-disable-fail-fast-r6xdc", sha("8"), "failed", "2019-06-26T09:12:46.000Z", 0],
      ["batch", "hello-world-9tql2", sha("3"), "succeeded", "2019-12-13T23:36:40.000Z", 0],
      ["batch", "many-items-z26lj", sha("7"), "succeeded", "2020-06-02T16:05:01.000Z", 0],
      ["batch", "workflow-template-hello-world-k4d26", sha("6"), "succeeded", "2020-06-16T00:57:51.000Z", 0],
      ["web", "dag-nested-zxlc2", sha("1"), "succeeded", "2024-10-16T04:13:46.000Z", 21],
      ["web", "subdag-iterate-jrfch", sha("2"), "succeeded", "2025-09-11T01:51:05.000Z", 11],
    ]);
    expect(records[4]!.url).toBe("https://argo.example.com/archived-workflows/argo/402ed1f0-0dbf-42fd-92b8-b7858ba2979c");
  });

  it("GETs each run once when the archive lists no spec.arguments (before v3.7.12)", async () => {
    argo.listsArguments = false;
    const { records } = await source({ token: `Bearer ${TOKEN}` }).fetchDeployments(window, [batch]);
    const gets = emulator.requests.filter((r) => r.path.startsWith("/api/v1/archived-workflows/")).map((r) => r.path);
    expect(gets.sort()).toEqual([template, manyItems, hello, failFast].map((w) => getPath(w.metadata.uid)).sort());
    // Full documents carry nodes: steps are kept.
    expect(records.map((d) => [d.name, d.steps.length])).toEqual([
      ["dag-disable-fail-fast-r6xdc", 9],
      ["hello-world-9tql2", 1],
      ["many-items-z26lj", 15],
      ["workflow-template-hello-world-k4d26", 1],
    ]);
    // "Bearer " given in ARGO_TOKEN is not doubled.
    expect(emulator.requests[0]!.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("keeps only deployments finished in [lookbackFrom, to)", async () => {
    // to = 2024-10-16T04:13:46Z excludes nested's production finish at that instant (and subdag, later).
    const narrow = { ...window, lookbackFrom: new Date("2020-01-01T00:00:00Z"), to: new Date("2024-10-16T04:13:46Z") };
    const { records } = await source().fetchDeployments(narrow, [web, batch]);
    expect(records.map((d) => d.name)).toEqual(["many-items-z26lj", "workflow-template-hello-world-k4d26"]);
  });

  it("retries a 500 and then succeeds", async () => {
    let failed = false;
    hooks.fault = (request) => {
      if (!failed && request.path === getPath(nested.metadata.uid)) {
        failed = true;
        return { status: 500, body: { code: 13, message: "database is locked" } };
      }
      return undefined;
    };
    const { records } = await source().fetchDeployments(window, [web]);
    expect(emulator.requests.filter((r) => r.path === getPath(nested.metadata.uid))).toHaveLength(2);
    expect(records.map((d) => d.finishedMs)).toEqual([Date.parse("2024-10-16T04:13:46.000Z"), Date.parse("2025-09-11T01:51:05.000Z")]);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const times: number[] = [];
    hooks.fault = (_request, count) => {
      times.push(Date.now());
      return count === 1 ? { status: 429, headers: { "retry-after": "1" }, text: "{}" } : undefined;
    };
    const { records } = await source().fetchDeployments(window, [nothing]);
    expect(records).toEqual([]);
    expect(emulator.requests.map((r) => r.path)).toEqual([listPath("deploy-nothing"), listPath("deploy-nothing")]);
    // retryBaseMs is 1 ms: only Retry-After explains a pause of about a second.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("turns a 401 into a SourceError naming the URL and status, without the token", async () => {
    hooks.fault = () => ({ status: 401, body: { code: 16, message: `token not valid: Bearer ${TOKEN}` } });
    const error = await source().fetchDeployments(window, [web]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const sourceError = error as SourceError;
    expect(sourceError.source).toBe("argo");
    expect(sourceError.details.status).toBe(401);
    expect(sourceError.details.url).toBe(`${emulator.baseUrls.argo}${listPath("deploy-web")}`);
    expect(sourceError.message).toContain(`${emulator.baseUrls.argo}${listPath("deploy-web")}`);
    expect(sourceError.message).toContain("401");
    expect(sourceError.details.hint).toContain("ARGO_TOKEN");
    expect(JSON.stringify({ message: sourceError.message, ...sourceError.details })).not.toContain(TOKEN);
    expect(emulator.requests).toHaveLength(1); // 401 is final
  });

  it("stops with a SourceError when the paging does not advance", async () => {
    // A proxy that ignores the query answers page 1 forever: continue "2", the same two runs.
    hooks.fault = () => ({
      status: 200,
      body: { metadata: { continue: "2" }, items: [{ metadata: { uid: "u1", name: "a" }, status: { phase: "Succeeded" } }, { metadata: { uid: "u2", name: "b" }, status: { phase: "Succeeded" } }] },
    });
    const error = await source().fetchDeployments(window, [batch]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain("not advancing");
    // page 1 brings u1, u2; pages 2 and 3 bring nothing new → stop after 3 requests.
    expect(emulator.requests).toHaveLength(3);
  });

  it("leaves out a listed run the archive no longer has, with a warning", async () => {
    hooks.fault = (request) => (request.path === getPath(subdag.metadata.uid) ? { status: 404, body: { code: 5, message: "not found" } } : undefined);
    const { records, warnings } = await source().fetchDeployments(window, [web]);
    expect(records.map((d) => d.name)).toEqual(["dag-nested-zxlc2"]);
    expect(warnings.map((w) => [w.code, w.subject])).toEqual([
      ["workflow-not-in-archive", "subdag-iterate-jrfch"],
      ["production-step-ambiguous", "dag-nested-zxlc2"],
    ]);
  });
});
