import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { startFaultBench, FAST, TOKENS, type FaultBench } from "../faults/harness.js";
import { runCli } from "../cli/run-cli.js";

// The three APIs behind an HTTPS proxy with a self-signed certificate (fixtures/faults/tls).
const TLS = { key: readFileSync("fixtures/faults/tls/key.pem", "utf8"), cert: readFileSync("fixtures/faults/tls/cert.pem", "utf8") };
let bench: FaultBench;
let clean: string;

beforeAll(async () => {
  bench = await startFaultBench(undefined, TLS);
  clean = (await runCli(["report", "--demo", "--format", "json"])).stdout;
});
afterAll(async () => {
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  await bench.close();
});

describe("TLS verification", () => {
  it("is on by default: a self-signed server stops the run with exit 3 naming the certificate problem", async () => {
    const run = await bench.report([], { DORA_RETRY_BASE_MS: "0" });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/self[- ]signed certificate/i);
    expect(run.stderr).toMatch(/https:\/\/127\.0\.0\.1:\d+\//);
  });

  it("--insecure turns it off for the run, with a warning on stderr", async () => {
    const run = await bench.report(["--insecure"]);
    expect(run.stderr).toMatch(/^dora: WARNING: --insecure: TLS certificates are NOT verified/m);
    expect(run.code).toBe(0);
    // Same figures as the demo over the same recording (only the links differ: none carry the proxy URL).
    expect(JSON.parse(run.stdout).overall).toEqual(JSON.parse(clean).overall);
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  });

  it("NODE_EXTRA_CA_CERTS trusts a private CA without --insecure (a separate process: Node reads it at start)", async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/cli/run.ts", "report", "--config", bench.configPath, "--from", "2026-08-18", "--to", "2026-11-16", "--format", "json", "--no-cache"],
      { env: { PATH: process.env.PATH, HOME: "/tmp", XDG_CACHE_HOME: "/tmp/dora-test-cache", NODE_EXTRA_CA_CERTS: "fixtures/faults/tls/cert.pem", ...TOKENS, ...FAST } },
    ).catch((error: { stdout: string; stderr: string; code: number }) => {
      throw new Error(`exit ${error.code}: ${error.stderr}`);
    });
    expect(stderr).not.toMatch(/insecure/i);
    expect(JSON.parse(stdout).overall).toEqual(JSON.parse(clean).overall);
  }, 60_000);
});

