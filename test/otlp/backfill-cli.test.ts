import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { startOtlpReceiver, type OtlpReceiver } from "../faults/otlp-receiver.js";

let receiver: OtlpReceiver;
let work: string;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  work = mkdtempSync("/tmp/dora-backfill-cli-");
});
afterEach(() => receiver.close());

// Two days of the demo keep these runs short.
const WINDOW = ["--from", "2026-11-14", "--to", "2026-11-16"];

describe("dora backfill output", () => {
  it("--output - writes the OpenMetrics text to stdout, not to a file named -", async () => {
    const run = await runCli(["backfill", "--demo", ...WINDOW, "--format", "openmetrics", "--output", "-"], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith("# HELP cd_argoworkflows_count ")).toBe(true);
    expect(run.stdout.endsWith("# EOF\n")).toBe(true);
    expect(existsSync(join(work, "-"))).toBe(false);
  });

  it("--split day writes one file per UTC day, every sample inside its day", async () => {
    const dir = join(work, "days");
    const run = await runCli(["backfill", "--demo", ...WINDOW, "--format", "openmetrics", "--split", "day", "--output", dir]);
    expect(run.code, run.stderr).toBe(0);
    // 2026-11-13 (the sample one step before the window) through 2026-11-16 (the sample at `to`).
    const files = readdirSync(dir).sort();
    expect(files).toEqual(["dora-2026-11-13.om", "dora-2026-11-14.om", "dora-2026-11-15.om", "dora-2026-11-16.om"]);
    let samples = 0;
    for (const file of files) {
      const day = Date.parse(`${file.slice(5, 15)}T00:00:00Z`) / 1000;
      const text = readFileSync(join(dir, file), "utf8");
      expect(text.endsWith("# EOF\n"), file).toBe(true);
      for (const line of text.split("\n")) {
        if (line === "" || line.startsWith("#")) continue;
        const time = Number(line.slice(line.lastIndexOf(" ") + 1));
        expect(time >= day && time < day + 86_400, `${file}: ${line}`).toBe(true);
        samples += 1;
      }
    }
    // The same lines as one file, split: nothing lost at the midnights.
    const whole = await runCli(["backfill", "--demo", ...WINDOW, "--format", "openmetrics"]);
    expect(samples).toBe(whole.stdout.split("\n").filter((line) => line !== "" && !line.startsWith("#")).length);
  });

  it("pipes to a slow reader with backpressure: the process stays under 300 MB however far behind the reader is", async () => {
    // The whole demo at a 60 s step is about 2 GB of text: without backpressure it would pile up in memory.
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", "backfill", "--demo", "--format", "openmetrics", "--step", "60s"], {
      env: { PATH: process.env.PATH, HOME: "/tmp", XDG_CACHE_HOME: "/tmp/dora-test-cache" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const stdout = child.stdout!;
    stdout.pause();
    let read = 0;
    let peakKb = 0;
    // Once the text flows (the process has started and computed the report), read 64 KiB every
    // 20 ms (≈ 3 MB/s) for 8 s, watching the producer's resident memory.
    await new Promise((resolve) => stdout.once("readable", resolve));
    const started = Date.now();
    while (Date.now() - started < 8000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const chunk = stdout.read(64 * 1024) as Buffer | null;
      if (chunk) read += chunk.length;
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
    }
    child.kill("SIGKILL");
    expect(read).toBeGreaterThan(0);
    expect(peakKb / 1024).toBeLessThan(300);
  }, 60_000);

  it("a --state file that cannot be written after sending: exit 3 naming the path and the cause", async () => {
    const dir = join(work, "state-dir");
    mkdirSync(dir);
    const state = join(dir, "state.json");
    // Once the first batch has arrived, the state's directory becomes a file: the checkpoint cannot be written.
    receiver.onRequest = (n) => {
      if (n === 1) {
        rmSync(dir, { recursive: true });
        writeFileSync(dir, "not a directory");
      }
    };
    const run = await runCli(["backfill", "--demo", ...WINDOW, "--otlp-endpoint", receiver.endpoint, "--state", state]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`^dora: export failed: could not write the state file ${state}: (EEXIST|ENOTDIR)`, "m"));
    expect(run.stderr).not.toContain("internal error");
    expect(receiver.received.length).toBeGreaterThan(0);
  });
});

describe("dora backfill --dry-run", () => {
  it("prints series, samples, requests and bytes (protobuf and gzipped), and a time estimate measured with empty requests", async () => {
    const run = await runCli(["backfill", "--demo", ...WINDOW, "--dry-run", "--otlp-endpoint", receiver.endpoint, "--otlp-compression", "gzip"]);
    expect(run.code, run.stderr).toBe(0);
    // 3 services × 12 series; 2 days at 240 s = 720 steps, + the sample before, the edge and `to` = 723 samples each.
    expect(run.stdout).toMatch(/^ {2}36 series, 26028 samples \(step 240s\) in \d+ requests, [\d.]+ [KM]iB protobuf, [\d.]+ [KM]iB gzipped to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics$/m);
    expect(run.stdout).toMatch(/^ {2}\d+ traces, \d+ spans in \d+ requests, [\d.]+ [KM]iB protobuf, [\d.]+ [KM]iB gzipped to /m);
    expect(run.stdout).toMatch(/^ {2}metrics: ≈ \S+ at http:\/\/127\.0\.0\.1:\d+\/v1\/metrics's measured rate \(round trip \d+ ms, upload [\d.]+ MiB\/s/m);
    // The receiver got no data: only the measurement's empty requests (recorded as bodies of 0 or 1 MiB + 5 bytes, gzipped).
    expect(receiver.received.every((request) => request.bytes < 1024 * 1024 + 1024)).toBe(true);
    expect(receiver.received).toHaveLength(8);
  });
});

describe("dora backfill usage errors (exit 2)", () => {
  it("refuses OTEL_EXPORTER_OTLP_PROTOCOL=grpc and an endpoint with user:password@ before fetching anything", async () => {
    const grpc = await runCli(["backfill", "--demo", "--otlp-endpoint", receiver.endpoint], { env: { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" } });
    expect(grpc.code).toBe(2);
    expect(grpc.stderr).toContain('OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not supported: dora backfill sends OTLP over HTTP with protobuf bodies (http/protobuf)');
    const credentials = await runCli(["backfill", "--demo", "--otlp-endpoint", "http://user:hunter2@127.0.0.1:4318"]);
    expect(credentials.code).toBe(2);
    expect(credentials.stderr).toContain("--otlp-endpoint carries credentials in the URL");
    expect(credentials.stderr).not.toContain("hunter2");
    expect(receiver.received).toHaveLength(0);
  });
});
