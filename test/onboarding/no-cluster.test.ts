import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

// A new user with no cluster at hand: no KUBECONFIG, no ~/.kube/config (HOME is an empty
// directory), not in a pod. The client library alone would fall back to http://localhost:8080.

const dir = mkdtempSync(join(tmpdir(), "dora-no-cluster-"));
const home = join(dir, "home");
mkdirSync(home);
writeFileSync(
  join(dir, "dora.config.yaml"),
  "argo: { source: cluster }\nincidents: { grafanaUrl: 'http://127.0.0.1:9' }\ngithub: { apiUrl: 'http://127.0.0.1:9' }\nservices:\n  - { name: api, repo: acme/api, workflows: { labelSelector: app=api, commit: 'parameter:sha' } }\n",
);
const env = { HOME: home, DORA_RETRY_BASE_MS: "0" };

it("init --yes says no kubeconfig was found and where it looked: exit 2", async () => {
  const run = await runCli(["init", "--yes", "--source", "cluster", "--output", join(dir, "new.yaml")], { env, cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("no kubeconfig found (KUBECONFIG, ~/.kube/config, in-cluster)");
  expect(run.stderr).not.toMatch(/localhost:8080|HTTP protocol is not allowed/);
});

it("doctor fails the kubeconfig check instead of passing it, checks the tokens are set, and counts the not-checked apart", async () => {
  const run = await runCli(["doctor"], { env, cwd: dir });
  const lines = run.stdout.split("\n").filter((line) => /^  [✓✗–] /.test(line));
  expect(lines[0]).toBe("  ✗ kubeconfig loaded");
  expect(run.stdout).toContain("no kubeconfig found (KUBECONFIG, ~/.kube/config, in-cluster)");
  expect(lines).toContain("  ✗ GITHUB_TOKEN set");
  expect(lines).toContain("  ✗ GRAFANA_TOKEN set");
  const failed = lines.filter((line) => line.startsWith("  ✗")).length;
  const skipped = lines.filter((line) => line.startsWith("  –")).length;
  const passed = lines.filter((line) => line.startsWith("  ✓")).length;
  expect(skipped).toBeGreaterThan(0);
  expect(run.stderr).toContain(`dora: doctor: ${failed} of ${failed + passed} checks failed (${skipped} more not checked`);
  expect(run.code).toBe(3);
});
