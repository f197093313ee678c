import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArgoArchiveSource } from "../../../src/sources/argo/archive-client.js";
import { parseConfig } from "../../../src/config/load-config.js";
import { parseDurationSeconds } from "../../../src/util/duration.js";
import type { ServiceConfig } from "../../../src/config/schema.js";
import { archivedWorkflows, startEmulator, type ArgoBehaviour, type Exchange, type RunningEmulator } from "../../../src/emulator/index.js";
import { cloneRun, loadSample, type Workflow } from "./archive-samples.js";

// Issue #12, cases 3 and 6: what the archive list asks for. Runs are copies of Argo's hello-world
// test workflow (fixtures/upstream/argo/hello-world-9tql2.json) with new names, uids, namespaces and times.

const sha = (digit: string) => digit.repeat(40);
const service: ServiceConfig = {
  name: "web",
  repo: "acme/web",
  workflows: { labelSelector: "workflows.argoproj.io/workflow-template=deploy-web", commit: "parameter:commit-sha" },
};
const window = {
  from: new Date("2019-02-01T00:00:00Z"),
  to: new Date("2019-03-01T00:00:00Z"),
  lookbackFrom: new Date("2019-01-01T00:00:00Z"),
  now: new Date("2019-03-01T00:00:00Z"),
};
const run = (name: string, namespace: string, digit: string, startedAt: string, finishedAt: string) => {
  const workflow = cloneRun(loadSample("hello-world-9tql2", "deploy-web", sha(digit)), name, `00000000-0000-4000-8000-00000000000${digit}`, {
    startedAt,
    finishedAt,
  });
  workflow.metadata.namespace = namespace;
  return workflow;
};

let emulator: RunningEmulator;
let exchanges: Exchange[];
/** Read at each request: a test turns the server into an older release. */
let argo: ArgoBehaviour;
const archive = (...workflows: Workflow[]) => exchanges.push(...archivedWorkflows(workflows));
beforeEach(async () => {
  exchanges = [];
  argo = {};
  emulator = await startEmulator({ recording: { exchanges }, argo });
});
afterEach(() => emulator.close());
const source = (maxRunSeconds?: number) =>
  createArgoArchiveSource({ server: emulator.baseUrls.argo, namespace: "argo", pageSize: 100, retryBaseMs: 1, ...(maxRunSeconds ? { maxRunSeconds } : {}) });

describe("case 3: the namespace on Argo servers before 3.4.5", () => {
  beforeEach(() => {
    // Production (namespace argo) and staging (namespace argo-staging) runs of the same template.
    archive(
      run("deploy-web-prod-1", "argo", "1", "2019-02-04T10:00:00Z", "2019-02-04T10:05:00Z"),
      run("deploy-web-staging-1", "argo-staging", "2", "2019-02-04T09:00:00Z", "2019-02-04T09:05:00Z"),
      run("deploy-web-prod-2", "argo", "3", "2019-02-11T10:00:00Z", "2019-02-11T10:05:00Z"),
      run("deploy-web-staging-2", "argo-staging", "4", "2019-02-11T09:00:00Z", "2019-02-11T09:05:00Z"),
    );
  });

  it("a 3.4.4 server ignores `namespace` but reads metadata.namespace in the field selector: 2 deployments, not 4", async () => {
    // Before: only `namespace` was sent, so a 3.4.4 server listed both namespaces: 4 deployments.
    argo.honoursNamespaceParameter = false;
    const { records } = await source().fetchDeployments(window, [service]);
    expect(records.map((d) => [d.name, d.namespace, new Date(d.finishedMs).toISOString()])).toEqual([
      ["deploy-web-prod-1", "argo", "2019-02-04T10:05:00.000Z"],
      ["deploy-web-prod-2", "argo", "2019-02-11T10:05:00.000Z"],
    ]);
    const fieldSelector = new URL(emulator.requests[0]!.path, emulator.baseUrls.argo).searchParams.get("listOptions.fieldSelector");
    expect(fieldSelector).toBe("metadata.namespace=argo,spec.startedAt>2018-12-30T00:00:00Z,spec.startedAt<2019-03-01T00:00:00Z");
    expect(new URL(emulator.requests[0]!.path, emulator.baseUrls.argo).searchParams.get("namespace")).toBe("argo");
  });

  it("items of another namespace are dropped even when the server ignores both filters", async () => {
    argo.honoursNamespaceParameter = false;
    argo.honoursNamespaceFieldSelector = false;
    const { records } = await source().fetchDeployments(window, [service]);
    expect(records.map((d) => d.name)).toEqual(["deploy-web-prod-1", "deploy-web-prod-2"]);
  });
});

describe("case 6: the archive's startedAt lower bound is argo.maxRunDuration before the lookback", () => {
  // Held at approval for 3.5 days: started 2018-12-28 12:00, production finished 2019-01-01 01:00,
  // inside the lookback (it is the previous deployment of the window's first one).
  const held = () => run("deploy-web-held", "argo", "5", "2018-12-28T12:00:00Z", "2019-01-01T01:00:00Z");
  const inWindow = () => run("deploy-web-next", "argo", "6", "2019-02-04T10:00:00Z", "2019-02-04T10:05:00Z");

  it("default 2d: listed from 2018-12-30, so the held run is missed", async () => {
    archive(held(), inWindow());
    const { records } = await source().fetchDeployments(window, [service]);
    expect(records.map((d) => d.name)).toEqual(["deploy-web-next"]);
  });

  it("argo.maxRunDuration: 4d lists from 2018-12-28 and finds it", async () => {
    archive(held(), inWindow());
    const config = parseConfig("argo:\n  maxRunDuration: 4d\nservices:\n  - name: web\n    repo: acme/web\n    workflows:\n      labelSelector: app=web\n", "dora.config.yaml");
    const maxRunSeconds = parseDurationSeconds(config.argo.maxRunDuration)!;
    expect(maxRunSeconds).toBe(4 * 86_400);
    const { records } = await source(maxRunSeconds).fetchDeployments(window, [service]);
    expect(records.map((d) => [d.name, new Date(d.finishedMs).toISOString()])).toEqual([
      ["deploy-web-held", "2019-01-01T01:00:00.000Z"],
      ["deploy-web-next", "2019-02-04T10:05:00.000Z"],
    ]);
    expect(new URL(emulator.requests[0]!.path, emulator.baseUrls.argo).searchParams.get("listOptions.fieldSelector")).toContain("spec.startedAt>2018-12-28T00:00:00Z");
  });
});
