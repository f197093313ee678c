import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
import { fakeEnv, NOW, startFakeApis, type FakeApis } from "./fake-apis.js";

const FIXTURES = "fixtures/onboarding/doctor";
const checklist = (stdout: string) => stdout.split("\n").filter((line) => /^  [✓✗–] /.test(line));

let fake: FakeApis;
let otlp: Server;
let otlpUrl = "";
const otlpRequests: string[] = [];
beforeAll(async () => {
  fake = await startFakeApis();
  // An OTLP/HTTP receiver: accepts traces, refuses metrics without a tenant header.
  otlp = createServer((request, response) => {
    otlpRequests.push(`${request.method} ${request.url} ${request.headers["content-type"]}`);
    request.resume();
    request.on("end", () => {
      if (request.url === "/v1/metrics" && !request.headers["x-scope-orgid"]) {
        response.writeHead(401, { "content-type": "text/plain" });
        response.end("no org id");
        return;
      }
      response.writeHead(200, { "content-type": "application/x-protobuf" });
      response.end();
    });
  });
  await new Promise<void>((resolve) => otlp.listen(0, "127.0.0.1", resolve));
  otlpUrl = `http://127.0.0.1:${(otlp.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => otlp.close(() => resolve()));
});

describe("dora doctor", () => {
  it("passes every check against working servers, the OTLP endpoint included, and exits 0", async () => {
    fake.mode = "ok";
    const run = await runCli(["doctor", "--config", `${FIXTURES}/dora.config.yaml`, "--otlp-endpoint", otlpUrl, "--otlp-header", "X-Scope-OrgID=team-a"], { env: fakeEnv(fake), now: NOW });
    // Runs of the last 30 days (since 2026-10-21): checkout-1, -2 and -3 (stopped at the approval, so
    // deploy-production is in 2 of them, the commit in all 3); search-1 only.
    expect(checklist(run.stdout)).toEqual([
      "  ✓ ARGO_TOKEN set",
      `  ✓ Argo Server reachable at ${fake.argo}`,
      "  ✓ Argo token accepted",
      "  ✓ workflow archive enabled",
      "  ✓ list allowed on workflows in namespace argo",
      "  ✓ GITHUB_TOKEN set",
      `  ✓ GitHub API reachable at ${fake.github}`,
      "  ✓ GitHub token accepted (4990 of 5000 requests left this hour)",
      "  ✓ contents of acme/checkout readable",
      "  ✓ contents of acme/search readable",
      "  ✓ GRAFANA_TOKEN set",
      `  ✓ Grafana reachable at ${fake.grafana}`,
      "  ✓ Grafana token accepted",
      "  ✓ incidents readable (plugin grafana-irm-app)",
      "  ✓ checkout: runs match workflows.argoproj.io/workflow-template=deploy-checkout (3 run(s))",
      '  ✓ checkout: runs have the production step "deploy-production" (in 2 of the 3 latest finished runs)',
      "  ✓ checkout: runs have a commit in parameter:commit-sha (in 3 of the 3 latest finished runs)",
      "  ✓ search: runs match workflows.argoproj.io/workflow-template=cd-search (1 run(s))",
      '  ✓ search: runs have the production step "release-production" (in 1 of the 1 latest finished runs)',
      "  ✓ search: runs have a commit in parameter:revision (in 1 of the 1 latest finished runs)",
      `  ✓ OTLP traces endpoint ${otlpUrl}/v1/traces accepts an export`,
      `  ✓ OTLP metrics endpoint ${otlpUrl}/v1/metrics accepts an export`,
    ]);
    expect(run.stdout).toContain("All 22 checks passed.");
    expect(run.stdout + run.stderr).not.toContain("secret");
    expect(run.code).toBe(0);
    // The export was a real OTLP/HTTP protobuf POST to each signal's path.
    expect(otlpRequests).toContain("POST /v1/traces application/x-protobuf");
    expect(otlpRequests).toContain("POST /v1/metrics application/x-protobuf");
  });

  it("reports refused tokens with the fix, skips what depends on them, and exits 3", async () => {
    fake.mode = "refuse-auth";
    const run = await runCli(["doctor", "--config", `${FIXTURES}/dora.config.yaml`], { env: fakeEnv(fake), now: NOW });
    expect(checklist(run.stdout)).toEqual([
      "  ✓ ARGO_TOKEN set",
      `  ✓ Argo Server reachable at ${fake.argo}`,
      "  ✗ Argo token accepted",
      "  – workflow archive enabled (not checked: the token was refused)",
      "  – list allowed on workflows in namespace argo (not checked: the token was refused)",
      "  ✓ GITHUB_TOKEN set",
      `  ✓ GitHub API reachable at ${fake.github}`,
      "  ✗ GitHub token accepted",
      "  – contents of acme/checkout readable (not checked: the token was refused)",
      "  – contents of acme/search readable (not checked: the token was refused)",
      "  ✓ GRAFANA_TOKEN set",
      `  ✓ Grafana reachable at ${fake.grafana}`,
      "  ✗ Grafana token accepted",
      "  – incidents readable (plugin grafana-irm-app) (not checked: the token was refused)",
      "  – checkout: runs match workflows.argoproj.io/workflow-template=deploy-checkout (not checked: the workflow source checks failed)",
      '  – checkout: runs have the production step "deploy-production" (not checked: the workflow source checks failed)',
      "  – checkout: runs have a commit in parameter:commit-sha (not checked: the workflow source checks failed)",
      "  – search: runs match workflows.argoproj.io/workflow-template=cd-search (not checked: the workflow source checks failed)",
      '  – search: runs have the production step "release-production" (not checked: the workflow source checks failed)',
      "  – search: runs have a commit in parameter:revision (not checked: the workflow source checks failed)",
    ]);
    expect(run.stdout).toContain("fix: set ARGO_TOKEN to a valid service account token");
    expect(run.stdout).toContain("fix: GITHUB_TOKEN is mistyped, expired or revoked");
    expect(run.stdout).toContain("fix: set GRAFANA_TOKEN to a Grafana service account token");
    expect(run.stdout).toContain("HTTP 401");
    // 9 checks ran (3 tokens set, 3 reachable, 3 tokens accepted); the 11 others depend on the tokens:
    // archive + list, 2 repositories, incidents, 3 × 2 service checks.
    expect(run.stderr).toContain("dora: doctor: 3 of 9 checks failed (11 more not checked: they depend on a failed one)");
    expect(run.stdout + run.stderr).not.toContain("secret");
    expect(run.code).toBe(3);
  });

  it("finds an Argo Server without the workflow archive", async () => {
    fake.mode = "no-archive";
    const run = await runCli(["doctor", "--config", `${FIXTURES}/dora.config.yaml`], { env: fakeEnv(fake), now: NOW });
    const lines = checklist(run.stdout);
    expect(lines.slice(0, 5)).toEqual([
      "  ✓ ARGO_TOKEN set",
      `  ✓ Argo Server reachable at ${fake.argo}`,
      "  ✓ Argo token accepted",
      "  ✗ workflow archive enabled",
      "  ✓ list allowed on workflows in namespace argo",
    ]);
    expect(run.stdout).toContain("getting archived workflows not supported");
    expect(run.stdout).toContain("fix: enable the archive in the workflow-controller-configmap (persistence.archive: true");
    // GitHub and Grafana still pass; the services cannot be checked without an archive.
    expect(lines.filter((line) => line.startsWith("  ✗"))).toEqual(["  ✗ workflow archive enabled"]);
    expect(lines).toContain("  – checkout: runs match workflows.argoproj.io/workflow-template=deploy-checkout (not checked: the workflow source checks failed)");
    // 14 ran (the 12 before plus ARGO_TOKEN and GRAFANA_TOKEN set); 2 services × 3 checks were not.
    expect(run.stderr).toContain("dora: doctor: 1 of 14 checks failed (6 more not checked");
    expect(run.code).toBe(3);
  });

  it("finds a selector without runs, a wrong production step, a wrong commit parameter and a refused OTLP endpoint", async () => {
    fake.mode = "ok";
    const run = await runCli(["doctor", "--config", `${FIXTURES}/wrong-guesses.yaml`], { env: { ...fakeEnv(fake), OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl }, now: NOW });
    expect(checklist(run.stdout).slice(14)).toEqual([
      "  ✓ checkout: runs match workflows.argoproj.io/workflow-template=deploy-checkout (3 run(s))",
      '  ✓ checkout: runs have the production step "deploy-production" (in 2 of the 3 latest finished runs)',
      "  ✓ checkout: runs have a commit in parameter:commit-sha (in 3 of the 3 latest finished runs)",
      "  ✓ search: runs match workflows.argoproj.io/workflow-template=cd-search (1 run(s))",
      '  ✗ search: runs have the production step "deploy-prod"',
      "  ✗ search: runs have a commit in parameter:git-sha",
      "  ✗ billing: runs match workflows.argoproj.io/workflow-template=deploy-billing",
      "  – billing: runs have a commit in parameter:commit-sha (not checked: no runs)",
      `  ✓ OTLP traces endpoint ${otlpUrl}/v1/traces accepts an export`,
      `  ✗ OTLP metrics endpoint ${otlpUrl}/v1/metrics accepts an export`,
    ]);
    // Each failure says what was found and what to write instead.
    expect(run.stdout).toContain('none of the 1 latest finished runs has a node "deploy-prod"; nodes seen: release-production, test, verify-prod-config');
    expect(run.stdout).toContain("fix: set services[1].workflows.productionStep to the production node's displayName or templateName (likely: release-production, verify-prod-config)");
    expect(run.stdout).toContain("parameters seen: repository, revision");
    expect(run.stdout).toContain("fix: set services[1].workflows.commit to parameter:NAME");
    expect(run.stdout).toContain("no run in the last 30 days");
    expect(run.stdout).toContain(
      "templates with runs: workflows.argoproj.io/workflow-template=cd-search, workflows.argoproj.io/workflow-template=deploy-checkout, workflows.argoproj.io/workflow-template=nightly-cleanup",
    );
    expect(run.stdout).toContain("fix: pass credentials with --otlp-header");
    // 21 checks ran (12 of the sources, 7 of the services, 2 OTLP); the failures: step, commit, billing's runs, OTLP metrics.
    expect(run.stderr).toContain("dora: doctor: 4 of 23 checks failed");
    expect(run.code).toBe(3);
  });

  it("exits 2 for a missing or invalid config, before any request", async () => {
    const missing = await runCli(["doctor", "--config", "no/such/file.yaml"], { env: fakeEnv(fake), now: NOW });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("does not exist");
    const cwd = mkdtempSync(join(tmpdir(), "dora-doctor-"));
    writeFileSync(join(cwd, "dora.config.yaml"), "services:\n  - name: a\n    repo: acme/a\n    workflows: { labelSelector: app=a }\n");
    const noServer = await runCli(["doctor"], { env: { GITHUB_TOKEN: "x" }, cwd, now: NOW });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain("argo.server is not set");
    expect(noServer.stderr).toContain("fix: set argo.server in the config file or the ARGO_SERVER environment variable");
    expect(noServer.stdout).toBe("");
  });
});
