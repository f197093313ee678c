import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatError, exitCodeFor } from "../../src/cli/exit-codes.js";
import { fileWriteError } from "../../src/cli/output-file.js";
import { runCli } from "./run-cli.js";

// Ordinary environment errors are the user's or the machine's, never "internal error … a bug in
// dora" (exit 4): each names the path and the fix, with exit 2 (usage/config) or 3 (environment).

const dir = mkdtempSync(join(tmpdir(), "dora-env-errors-"));

describe("--output that cannot be written", () => {
  it("a directory: exit 2, naming it", async () => {
    const run = await runCli(["report", "--demo", "--format", "json", "-o", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write --output ${dir}: it is a directory`);
    expect(run.stderr).not.toContain("internal error");
  });

  it("a path through a file (ENOTDIR): exit 2, naming the path and the cause", async () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "x");
    const run = await runCli(["report", "--demo", "--format", "json", "-o", join(file, "dora.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write --output ${join(file, "dora.json")}`);
    expect(run.stderr).toMatch(/ENOTDIR|EEXIST/);
    expect(run.stderr).toContain("fix:");
  });

  it("a full disk (ENOSPC) is the environment's: exit 3 with the path and the cause", () => {
    const error = fileWriteError(Object.assign(new Error("nospc"), { code: "ENOSPC" }), "/data/dora.json", "--output", "");
    expect(exitCodeFor(error)).toBe(3);
    expect(formatError(error, { debug: false })).toContain("cannot write --output /data/dora.json: no space left on the device (ENOSPC)");
  });

  it("writes the whole file through a temporary file renamed into place, leaving nothing else behind", async () => {
    const out = join(dir, "atomic", "dora.json");
    const run = await runCli(["report", "--demo", "--format", "json", "-o", out]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).overall.deploymentFrequency.deployments).toBe(76);
    expect(readdirSync(join(dir, "atomic"))).toEqual(["dora.json"]);
  });

  it("-o - writes to stdout", async () => {
    const run = await runCli(["report", "--demo", "--format", "json", "-o", "-"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).overall.deploymentFrequency.deployments).toBe(76);
    expect(existsSync(join(process.cwd(), "-"))).toBe(false);
  });
});

describe("$GITHUB_STEP_SUMMARY in a directory that does not exist", () => {
  it("exit 3, naming the variable and the path", async () => {
    const summary = join(dir, "missing", "step-summary.md");
    const run = await runCli(["report", "--demo", "--summary", "--format", "json"], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`cannot write $GITHUB_STEP_SUMMARY ${summary}: the directory does not exist (ENOENT)`);
    expect(run.stderr).not.toContain("internal error");
  });
});

describe("a kubeconfig that cannot be used (argo.source: cluster)", () => {
  const config = join(dir, "cluster.yaml");
  writeFileSync(config, "argo: { source: cluster }\nincidents: { grafanaUrl: 'http://127.0.0.1:9' }\nservices:\n  - { name: api, repo: acme/api, workflows: { labelSelector: app=api, commit: 'parameter:sha' } }\n");
  const home = join(dir, "home");
  mkdirSync(home, { recursive: true });

  it("no current context: exit 2 before any request, naming the file and the fix", async () => {
    const kubeconfig = join(dir, "no-context.yaml");
    writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster: { server: 'https://127.0.0.1:6443' }\ncontexts:\n  - name: c\n    context: { cluster: c, user: u }\nusers:\n  - name: u\n    user: { token: t }\n");
    const run = await runCli(["report", "--config", config, "--no-cache"], { env: { KUBECONFIG: kubeconfig, HOME: home } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`the kubeconfig ${kubeconfig} has no current context with a cluster`);
    expect(run.stderr).toContain("kubectl config use-context");
    expect(run.stderr).not.toContain("No active cluster");
  });

  it("no kubeconfig at all: exit 2 saying where it was looked for", async () => {
    const run = await runCli(["report", "--config", config, "--no-cache"], { env: { HOME: home } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no kubeconfig found (KUBECONFIG, ~/.kube/config, in-cluster)");
    expect(run.stderr).not.toContain("localhost:8080");
  });
});

describe("backfill --format openmetrics --output that cannot be written", () => {
  it("a directory: exit 2 naming it, not an internal error", async () => {
    const run = await runCli(["backfill", "--demo", "--since", "1d", "--format", "openmetrics", "--output", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write --output ${dir}`);
    expect(run.stderr).not.toContain("internal error");
  });
});
