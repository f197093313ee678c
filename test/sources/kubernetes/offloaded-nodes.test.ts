import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import * as zlib from "node:zlib";
import { KubeConfig } from "@kubernetes/client-node";
import { createKubernetesWorkflowSource, type KubernetesSourceOptions } from "../../../src/sources/kubernetes/cluster-client.js";
import { partialDeploymentSource } from "../../../src/sources/partial-sources.js";
import { SourceError } from "../../../src/errors.js";
import type { ServiceConfig } from "../../../src/config/schema.js";
import { upstreamDocument } from "../../upstream-documents.js";

// Issue #12, case 5: live Workflow objects whose nodes are not in `status.nodes`. Real Argo test
// workflows (fixtures/upstream/argo), edited the way the controller stores a large run:
// - subdag-iterate: nodes offloaded to the controller's database (nodes removed, offloadNodeStatusVersion set);
// - dag-nested: nodes brotli-compressed (WORKFLOW_COMPRESSION_ALGORITHM=brotli, v4.1);
// - many-items: nodes zstd-compressed (fixtures/sources/kubernetes, made with the zstd CLI).
// The Argo Server's GET /api/v1/workflows/{namespace}/{name} answers with the original documents.

const labelled = (name: string, app: string) => {
  const workflow = upstreamDocument(`argo/${name}.json`);
  workflow.metadata.namespace = "argo";
  workflow.metadata.labels = { ...workflow.metadata.labels, app, commit: "a".repeat(40) };
  return workflow;
};
const full = {
  "subdag-iterate-jrfch": labelled("subdag-iterate-jrfch", "subdag"),
  "dag-nested-zxlc2": labelled("dag-nested-zxlc2", "nested"),
  "many-items-z26lj": labelled("many-items-z26lj", "many"),
};
const offloaded = structuredClone(full["subdag-iterate-jrfch"]);
delete offloaded.status.nodes;
offloaded.status.offloadNodeStatusVersion = "fnv:1419212186";
const brotli = structuredClone(full["dag-nested-zxlc2"]);
brotli.status.compressedNodes = zlib.brotliCompressSync(JSON.stringify(brotli.status.nodes)).toString("base64");
delete brotli.status.nodes;
const zstd = structuredClone(full["many-items-z26lj"]);
zstd.status.compressedNodes = readFileSync(new URL("../../../fixtures/sources/kubernetes/many-items-z26lj.nodes.zst.b64", import.meta.url), "utf8").trim();
delete zstd.status.nodes;
const live: Record<string, unknown> = { subdag: offloaded, nested: brotli, many: zstd };

const service = (app: string, productionStep: string): ServiceConfig => ({
  name: app,
  repo: `acme/${app}`,
  workflows: { labelSelector: `app=${app}`, commit: "label:commit", productionStep },
});
const window = {
  from: new Date("2020-01-01T00:00:00Z"),
  to: new Date("2025-12-01T00:00:00Z"),
  lookbackFrom: new Date("2019-01-01T00:00:00Z"),
  now: new Date("2025-12-01T00:00:00Z"),
};

let server: Server;
let base = "";
const serverGets: Array<{ url: string; authorization?: string }> = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url!, "http://x");
    response.setHeader("content-type", "application/json");
    if (url.pathname === "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows") {
      const app = (url.searchParams.get("labelSelector") ?? "").replace("app=", "");
      response.end(JSON.stringify({ apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowList", metadata: {}, items: [live[app]] }));
      return;
    }
    const get = /^\/api\/v1\/workflows\/argo\/([^/]+)$/.exec(url.pathname);
    serverGets.push({ url: request.url!, authorization: request.headers.authorization });
    const document = get ? full[get[1] as keyof typeof full] : undefined;
    response.statusCode = document ? 200 : 404;
    response.end(JSON.stringify(document ?? { code: 5, message: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function source(options: Partial<KubernetesSourceOptions> = {}) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "local", server: base, skipTLSVerify: true }],
    users: [{ name: "u", token: "k8s-token" }],
    contexts: [{ name: "ctx", cluster: "local", user: "u", namespace: "argo" }],
    currentContext: "ctx",
  });
  return createKubernetesWorkflowSource({ namespace: "argo", kubeConfig, ...options });
}
const argoServer = () => ({ server: base, token: "argo-token", retryBaseMs: 1 });
const zstdInZlib = typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === "function";

describe("case 5: runs whose nodes are offloaded or compressed", () => {
  it("decodes brotli compressedNodes: nestedDAG's top-level D, succeeded at 04:13:49", async () => {
    // Before: gunzip failed on brotli, so the run was left out with a warning: 0 deployments.
    const { records, warnings } = await source().fetchDeployments(window, [service("nested", "D")]);
    expect(records.map((d) => [d.name, d.status, new Date(d.finishedMs).toISOString(), d.steps.length])).toEqual([["dag-nested-zxlc2", "succeeded", "2024-10-16T04:13:49.000Z", 21]]);
    expect(warnings.map((w) => w.code)).toEqual(["production-step-ambiguous"]); // D, A.D, B.D, C.D, D.D
  });

  it("offloaded nodes without argo.server: a SourceError naming the run and the fix, not a silent omission", async () => {
    // Before: a `workflow-nodes-offloaded` warning and 0 deployments; its commits moved into the next deployment.
    const error = await source().fetchDeployments(window, [service("subdag", "echo-bye")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe(
      "workflow subdag-iterate-jrfch cannot be read: its nodes are offloaded to the controller's database (status.offloadNodeStatusVersion)",
    );
    expect((error as SourceError).details.hint).toContain("set argo.server (and ARGO_TOKEN)");
    // --allow-partial: the service's figures become an incomplete-deployments gap (the run still exits 3).
    const partial = await partialDeploymentSource(source()).fetchDeployments(window, [service("subdag", "echo-bye")]);
    expect(partial.records).toEqual([]);
    expect(partial.warnings.map((w) => [w.code, w.subject])).toEqual([["incomplete-deployments", "subdag"]]);
    expect(partial.warnings[0]!.message).toContain("workflow subdag-iterate-jrfch cannot be read");
  });

  it("offloaded nodes with argo.server: hydrated through the Argo Server, 3 echo-bye pods done at 01:51:05", async () => {
    serverGets.length = 0;
    const { records } = await source({ argoServer: argoServer() }).fetchDeployments(window, [service("subdag", "echo-bye")]);
    expect(records.map((d) => [d.name, d.status, new Date(d.finishedMs).toISOString(), d.steps.length])).toEqual([["subdag-iterate-jrfch", "succeeded", "2025-09-11T01:51:05.000Z", 11]]);
    expect(serverGets).toEqual([{ url: "/api/v1/workflows/argo/subdag-iterate-jrfch", authorization: "Bearer argo-token" }]);
  });

  it("zstd compressedNodes: decoded where node:zlib has zstd, else read through the Argo Server, else a SourceError", async () => {
    const sleep = [service("many", "sleep")];
    const expected = [["many-items-z26lj", "succeeded", "2020-06-02T16:04:59.000Z", 15]];
    serverGets.length = 0;
    const viaServer = await source({ argoServer: argoServer() }).fetchDeployments(window, sleep);
    expect(viaServer.records.map((d) => [d.name, d.status, new Date(d.finishedMs).toISOString(), d.steps.length])).toEqual(expected);
    expect(serverGets).toHaveLength(zstdInZlib ? 0 : 1);
    const alone = await source().fetchDeployments(window, sleep).catch((e: unknown) => e);
    if (zstdInZlib) {
      expect((alone as { records: Array<{ finishedAt: string }> }).records.map((d) => d.finishedAt)).toEqual(["2020-06-02T16:04:59.000Z"]);
    } else {
      expect(alone).toBeInstanceOf(SourceError);
      expect((alone as SourceError).message).toContain("workflow many-items-z26lj cannot be read: status.compressedNodes is zstd-compressed");
    }
  });

  it("a run the Argo Server no longer has is still a SourceError", async () => {
    const gone = structuredClone(offloaded);
    gone.metadata.name = "subdag-iterate-gone";
    live.gone = gone;
    const error = await source({ argoServer: argoServer() }).fetchDeployments(window, [service("gone", "echo-bye")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain("the Argo Server no longer has it (GET");
  });
});
