import { afterAll, beforeAll, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
import { ARCHIVE, fakeEnv, NOW, startFakeApis, type FakeApis } from "./fake-apis.js";

// argo.source: cluster — the Workflow objects come from a local Kubernetes API server, which allows
// list but denies get (SelfSubjectAccessReview answers allowed: false). The client refuses plain
// HTTP unless the kubeconfig skips TLS verification.
let fake: FakeApis;
let kube: Server;
let dir = "";
const requests: string[] = [];
beforeAll(async () => {
  fake = await startFakeApis();
  kube = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    request.on("end", () => {
      response.setHeader("content-type", "application/json");
      if (request.headers.authorization !== "Bearer kube-token") {
        response.statusCode = 401;
        response.end(JSON.stringify({ kind: "Status", code: 401, message: "Unauthorized" }));
        return;
      }
      const url = new URL(request.url!, "http://x");
      if (request.method === "POST" && url.pathname === "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews") {
        response.end(JSON.stringify({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", status: { allowed: false } }));
        return;
      }
      if (url.pathname === "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows") {
        const [key, value] = (url.searchParams.get("labelSelector") ?? "").split("=");
        const items = ARCHIVE.filter((run) => !key || (run.metadata as { labels: Record<string, string> }).labels[key] === value);
        const limit = Number(url.searchParams.get("limit") ?? "0");
        response.end(JSON.stringify({ apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowList", metadata: {}, items: limit > 0 ? items.slice(0, limit) : items }));
        return;
      }
      response.statusCode = 404;
      response.end(JSON.stringify({ kind: "Status", code: 404, message: "not found" }));
    });
  });
  await new Promise<void>((resolve) => kube.listen(0, "127.0.0.1", resolve));
  dir = mkdtempSync(join(tmpdir(), "dora-kube-"));
  writeFileSync(
    join(dir, "kubeconfig"),
    `apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "http://127.0.0.1:${(kube.address() as AddressInfo).port}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: kube-token } }]
contexts: [{ name: test, context: { cluster: local, user: u, namespace: argo } }]
current-context: test
`,
  );
  writeFileSync(
    join(dir, "dora.config.yaml"),
    `argo: { source: cluster, namespace: argo }
incidents: { grafanaUrl: https://example.grafana.net }
services:
  - name: checkout
    repo: acme/checkout
    workflows: { labelSelector: workflows.argoproj.io/workflow-template=deploy-checkout, productionStep: deploy-production, commit: parameter:commit-sha }
`,
  );
});
afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => kube.close(() => resolve()));
});

it("checks the kubeconfig, list and get on workflows, and the services through the live objects", async () => {
  const { ARGO_SERVER: _unused, ...env } = fakeEnv(fake);
  const run = await runCli(["doctor"], { env: { ...env, KUBECONFIG: join(dir, "kubeconfig") }, cwd: dir, now: NOW });
  const lines = run.stdout.split("\n").filter((line) => /^  [✓✗–] /.test(line));
  const port = (kube.address() as AddressInfo).port;
  expect(lines.slice(0, 5)).toEqual([
    "  ✓ kubeconfig loaded (context test)",
    `  ✓ Kubernetes API reachable at http://127.0.0.1:${port}`,
    "  ✓ Kubernetes credentials accepted",
    "  ✓ list allowed on workflows.argoproj.io in namespace argo",
    "  ✗ get allowed on workflows.argoproj.io in namespace argo",
  ]);
  expect(run.stdout).toContain("fix: grant list and get on workflows.argoproj.io in namespace argo");
  // Same runs as the archive test: 3 checkout runs since 2026-10-21, deploy-production in 2.
  expect(lines.slice(-3)).toEqual([
    "  ✓ checkout: runs match workflows.argoproj.io/workflow-template=deploy-checkout (3 run(s))",
    '  ✓ checkout: runs have the production step "deploy-production" (in 2 of the 3 latest finished runs)',
    "  ✓ checkout: runs have a commit in parameter:commit-sha (in 3 of the 3 latest finished runs)",
  ]);
  expect(run.stderr).toContain("dora: doctor: 1 of");
  expect(run.code).toBe(3);
  expect(requests).toContain("POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
});
