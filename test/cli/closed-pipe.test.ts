import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// `dora … | head -1`: the reader leaves after one line. The parent closes its end of the pipe before
// the child writes anything, so every write the child makes fails with EPIPE — the worst case of
// the race `head` plays, made deterministic.

const ENTRY = join(process.cwd(), "src/cli/run.ts");
// tsx by absolute URL: the doctor run starts in a temporary directory.
const TSX = pathToFileURL(join(process.cwd(), "node_modules/tsx/dist/loader.mjs")).href;

function runWithClosedStdout(args: string[], cwd = process.cwd()): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, ENTRY, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, XDG_CACHE_HOME: join(tmpdir(), "dora-pipe-cache") } });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

// One config whose sources are closed ports: doctor prints its checklist (all failing) on stdout.
const doctorDir = mkdtempSync(join(tmpdir(), "dora-pipe-"));
writeFileSync(
  join(doctorDir, "dora.config.yaml"),
  "argo: { server: 'http://127.0.0.1:9' }\ngithub: { apiUrl: 'http://127.0.0.1:9' }\nincidents: { grafanaUrl: 'http://127.0.0.1:9' }\nservices:\n  - { name: api, repo: acme/api, workflows: { labelSelector: app=api, commit: 'parameter:sha' } }\n",
);

describe("a closed stdout ends the run quietly", () => {
  it.each([
    [["--help"]],
    [["report", "--help"]],
    [["help", "report"]],
    [["backfill", "--help"]],
    [["--version"]],
  ])("dora %s | head -1 exits 0 without a trace", async (args) => {
    const run = await runWithClosedStdout(args);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("dora report --demo --format json | head -1 exits 141 (SIGPIPE's code), not 1, without a trace", async () => {
    const run = await runWithClosedStdout(["report", "--demo", "--format", "json", "--no-progress"]);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\.(ts|js):\d+|internal error/);
    expect(run.code).toBe(141);
  });

  it("dora doctor | head -1 exits 141 without a trace", async () => {
    const run = await runWithClosedStdout(["doctor"], doctorDir);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\.(ts|js):\d+|internal error/);
    expect(run.code).toBe(141);
  });
});
