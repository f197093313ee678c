import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { upstreamDocument } from "../../upstream-documents.js";
import { gzipSync } from "node:zlib";
import { KubeConfig } from "@kubernetes/client-node";
import { createKubernetesWorkflowSource } from "../../../src/sources/kubernetes/cluster-client.js";
import { SourceError } from "../../../src/errors.js";
import type { ServiceConfig } from "../../../src/config/schema.js";

// Three real Workflow documents from the Argo repository, labelled as one service's deployments.
const sample = (file: string, sha: string) => {
  const workflow = upstreamDocument(`argo/${file}`);
  workflow.metadata.labels = { ...workflow.metadata.labels, app: "deploy", commit: sha };
  return workflow;
};
const subdag = sample("subdag-iterate-jrfch.json", "1".repeat(40)); // Succeeded, finished 2025-09-11T01:51:08Z
const nested = sample("dag-nested-zxlc2.json", "2".repeat(40)); // Succeeded, finished 2024-10-16T04:13:49Z
const failed = sample("dag-disable-fail-fast-r6xdc.json", "3".repeat(40)); // Failed (2019: outside the window)

// The large one travels compressed, as the controller stores it past MAX_WORKFLOW_SIZE.
const compressed = structuredClone(subdag);
compressed.status.compressedNodes = gzipSync(JSON.stringify(compressed.status.nodes)).toString("base64");
delete compressed.status.nodes;

const service: ServiceConfig = {
  name: "demo",
  repo: "acme/demo",
  workflows: { labelSelector: "app=deploy", commit: "label:commit" },
};
const window = {
  from: new Date("2025-01-01T00:00:00Z"),
  to: new Date("2025-12-01T00:00:00Z"),
  lookbackFrom: new Date("2024-10-01T00:00:00Z"),
  now: new Date("2025-12-01T00:00:00Z"),
};

let server: Server;
let port = 0;
const requests: string[] = [];
let scenario: "pages" | "gone-once" | "forbidden" = "pages";
let goneSent = false;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url!);
    const url = new URL(request.url!, "http://x");
    const token = url.searchParams.get("continue");
    response.setHeader("content-type", "application/json");
    if (scenario === "forbidden") {
      response.statusCode = 403;
      response.end(JSON.stringify({ kind: "Status", status: "Failure", reason: "Forbidden", code: 403, message: "workflows.argoproj.io is forbidden" }));
      return;
    }
    if (scenario === "gone-once" && token === "page-2" && !goneSent) {
      goneSent = true;
      response.statusCode = 410;
      response.end(JSON.stringify({ kind: "Status", status: "Failure", reason: "Expired", code: 410, message: "too old resource version" }));
      return;
    }
    const page = token === "page-2" ? { items: [failed], metadata: {} } : { items: [compressed, nested], metadata: { continue: "page-2" } };
    response.end(JSON.stringify({ apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowList", ...page }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function kubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: "local", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "u", token: "k8s-secret-token" }],
    contexts: [{ name: "ctx", cluster: "local", user: "u", namespace: "argo" }],
    currentContext: "ctx",
  });
  return config;
}

describe("Kubernetes workflow source", () => {
  it("pages with continue, decodes compressed nodes and keeps runs finished in [lookbackFrom, to)", async () => {
    scenario = "pages";
    requests.length = 0;
    const source = createKubernetesWorkflowSource({ namespace: "argo", kubeConfig: kubeConfig(), pageSize: 2 });
    const { records } = await source.fetchDeployments(window, [service]);
    // nested finished 2024-10-16 (in the lookback), subdag 2025-09-11 (in the window), failed in 2019 (dropped).
    expect(records.map((d) => [d.name, d.sha, d.status, new Date(d.finishedMs).toISOString()])).toEqual([
      ["dag-nested-zxlc2", "2".repeat(40), "succeeded", "2024-10-16T04:13:49.000Z"],
      ["subdag-iterate-jrfch", "1".repeat(40), "succeeded", "2025-09-11T01:51:08.000Z"],
    ]);
    // The compressed run's 11 nodes were decoded into steps.
    expect(records[1]!.steps).toHaveLength(11);
    expect(requests).toEqual([
      "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?labelSelector=app%3Ddeploy&limit=2",
      "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?continue=page-2&labelSelector=app%3Ddeploy&limit=2",
    ]);
  });

  it("restarts the list when a continue token expires (410 Gone)", async () => {
    scenario = "gone-once";
    goneSent = false;
    requests.length = 0;
    const source = createKubernetesWorkflowSource({ namespace: "argo", kubeConfig: kubeConfig(), pageSize: 2 });
    const { records } = await source.fetchDeployments(window, [service]);
    expect(records).toHaveLength(2);
    // first page, expired continue, then the whole list again: 4 requests.
    expect(requests).toHaveLength(4);
  });

  it("turns 403 into a SourceError with the RBAC fix and without the token", async () => {
    scenario = "forbidden";
    const source = createKubernetesWorkflowSource({ namespace: "argo", kubeConfig: kubeConfig() });
    const error = await source.fetchDeployments(window, [service]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const sourceError = error as SourceError;
    expect(sourceError.details.status).toBe(403);
    expect(sourceError.details.hint).toContain("list and get on workflows.argoproj.io");
    expect(sourceError.details.url).toBe(`http://127.0.0.1:${port}/apis/argoproj.io/v1alpha1/namespaces/argo/workflows?labelSelector=app%3Ddeploy`);
    expect(JSON.stringify({ message: sourceError.message, ...sourceError.details })).not.toContain("k8s-secret-token");
  });
});
