import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
import { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver.js";

// Backfill of the demo (pinned clock) into a local OTLP receiver. Batches are deterministic (same
// data, same state → byte-identical bodies), so "nothing missing, nothing doubled" is: the set of
// bodies the backend accepted equals a clean run's, and the state file moves only after acceptance.
const WINDOW_A = ["--from", "2026-10-19", "--to", "2026-11-02"];
const WINDOW_B = ["--from", "2026-11-02", "--to", "2026-11-16"];
const FLAGS = ["--demo", "--step", "5m"];

let receiver: OtlpReceiver;
let work: string;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  work = mkdtempSync("/tmp/dora-backfill-faults-");
});
afterEach(() => receiver.close());

const backfill = (window: string[], state: string, endpoint = receiver.endpoint) =>
  runCli(["backfill", ...FLAGS, ...window, "--otlp-endpoint", endpoint, "--state", state]);
const digests = (from = 0) => new Set(receiver.received.slice(from).map((item) => `${item.signal}:${item.digest}`));
const stateWithoutClock = (path: string) => {
  const { updatedAt: _updatedAt, ...rest } = JSON.parse(readFileSync(path, "utf8"));
  return rest;
};

/** The clean reference: window A then window B with one state file; returns B's accepted bodies. */
async function cleanRun(): Promise<{ bodiesB: Set<string>; requestsB: number; state: string }> {
  const state = join(work, "clean-state.json");
  expect((await backfill(WINDOW_A, state)).code).toBe(0);
  const before = receiver.received.length;
  expect((await backfill(WINDOW_B, state)).code).toBe(0);
  return { bodiesB: digests(before), requestsB: receiver.received.length - before, state };
}

describe("backfill never loses data", () => {
  it("killed mid-run (SIGKILL during a request), then re-run: resumes from the checkpoint, nothing missing, nothing sent twice", async () => {
    const clean = await cleanRun();
    // Window B: 12 traces fit one traces request (500 spans a batch); the metric samples take 8 bodies.
    expect(clean.requestsB).toBe(9);

    const state = join(work, "state.json");
    expect((await backfill(WINDOW_A, state)).code).toBe(0);
    const afterA = readFileSync(state, "utf8");
    const start = receiver.received.length;

    // The real CLI in its own process; the receiver takes 4 requests, then holds the 5th and kills it.
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", "backfill", ...FLAGS, ...WINDOW_B, "--otlp-endpoint", receiver.endpoint, "--state", state], {
      env: { PATH: process.env.PATH, HOME: "/tmp", XDG_CACHE_HOME: "/tmp/dora-test-cache" },
      stdio: "ignore",
    });
    const killedAt = start + 4;
    receiver.answer = (n) => (n > killedAt ? "hang" : { status: 200 });
    receiver.onRequest = (n) => {
      if (n === killedAt + 1) child.kill("SIGKILL");
    };
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, killSignal) => resolve(killSignal)));
    expect(signal).toBe("SIGKILL");
    expect(receiver.received.length - start).toBe(4);
    // The state moved with every accepted batch: the traces and 3 metric slices of window B count as sent.
    const checkpoint = JSON.parse(readFileSync(state, "utf8"));
    expect(readFileSync(state, "utf8")).not.toBe(afterA);
    expect(checkpoint.tracesSentThrough).toBe("2026-11-16T00:00:00.000Z");
    expect(Object.values(checkpoint.series as Record<string, { last: string }>).every((entry) => entry.last > "2026-11-02" && entry.last < "2026-11-16")).toBe(true);

    receiver.answer = () => ({ status: 200 });
    receiver.onRequest = undefined;
    const rerunStart = receiver.received.length;
    expect((await backfill(WINDOW_B, state)).code).toBe(0);
    // The re-run sends only the 5 bodies not accepted before the kill, identical to the clean run's:
    // together exactly the clean run's bodies, none twice.
    expect(receiver.received.length - rerunStart).toBe(5);
    const all = receiver.received.slice(start).map((item) => `${item.signal}:${item.digest}`);
    expect(all).toHaveLength(clean.requestsB);
    expect(new Set(all)).toEqual(clean.bodiesB);
    // And the state ends where the clean run's does (counters continue, no reset, no double count).
    expect(stateWithoutClock(state)).toEqual(stateWithoutClock(clean.state));
  }, 60_000);
});

describe("OTLP endpoint faults", () => {
  it("503 then success: retried (Retry-After honoured), the same bodies accepted, exit 0", async () => {
    const clean = await cleanRun();
    const state = join(work, "state.json");
    expect((await backfill(WINDOW_A, state)).code).toBe(0);
    const start = receiver.received.length;
    let calls = 0;
    receiver.answer = () => (++calls <= 2 ? { status: 503, headers: { "retry-after": "0" }, body: "overloaded" } : { status: 200 });
    const run = await backfill(WINDOW_B, state);
    expect(run.code).toBe(0);
    expect(calls).toBe(clean.requestsB + 2);
    expect(digests(start)).toEqual(clean.bodiesB);
    expect(stateWithoutClock(state)).toEqual(stateWithoutClock(clean.state));
  });

  it("partialSuccess with rejected data points: exit 3 naming the endpoint and the count; the metrics' state is not advanced", async () => {
    const state = join(work, "state.json");
    expect((await backfill(WINDOW_A, state)).code).toBe(0);
    const afterA = JSON.parse(readFileSync(state, "utf8"));
    receiver.answer = (_n, signal) =>
      signal === "metrics" ? { status: 200, body: JSON.stringify({ partialSuccess: { rejectedDataPoints: "17", errorMessage: "out of order sample" } }) } : { status: 200 };
    const run = await backfill(WINDOW_B, state);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^dora: export failed: the backend rejected 17 of \d+ data points: out of order sample$/m);
    expect(run.stderr).toMatch(/endpoint: http:\/\/127\.0\.0\.1:\d+\/v1\/metrics → HTTP 200/);
    // The traces were accepted (checkpointed); no metric series moved past window A.
    const after = JSON.parse(readFileSync(state, "utf8"));
    expect(after.series).toEqual(afterA.series);
    expect(after.tracesSentThrough).toBe("2026-11-16T00:00:00.000Z");
  });

  it("partialSuccess with rejected spans: exit 3", async () => {
    receiver.answer = (_n, signal) =>
      signal === "traces" ? { status: 200, body: JSON.stringify({ partialSuccess: { rejectedSpans: "3", errorMessage: "too old" } }) } : { status: 200 };
    const run = await backfill(WINDOW_B, join(work, "state.json"));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the backend rejected 3 of \d+ spans: too old/);
    expect(existsSync(join(work, "state.json"))).toBe(false);
  });
});
