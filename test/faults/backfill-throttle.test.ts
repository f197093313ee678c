import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { startOtlpReceiver, type Answer, type OtlpReceiver } from "./otlp-receiver.js";

// A receiver that throttles (429, Retry-After: 1) for a while in the middle of a large backfill:
// the whole demo (90 days, 3 services) at the default step, traces and metrics. The storm lasts
// DORA_THROTTLE_MS (3 s here so the suite stays short); the 2-minute storm of the issue runs with
//   DORA_SLOW_TESTS=1 npx vitest run test/faults/backfill-throttle.test.ts
const THROTTLE_MS = Number(process.env.DORA_THROTTLE_MS ?? 3000);
const STORM_FROM_REQUEST = 10;

let receiver: OtlpReceiver;
let work: string;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  work = mkdtempSync("/tmp/dora-backfill-throttle-");
});
afterEach(() => receiver.close());

const args = (state: string) => ["backfill", "--demo", "--otlp-endpoint", receiver.endpoint, "--state", state];
const bodies = (from = 0) => receiver.received.slice(from).map((item) => `${item.signal}:${item.digest}`);

/** 429 with Retry-After: 1 from this run's STORM_FROM_REQUEST-th request on, for `durationMs` from the first throttled answer. */
function storm(durationMs: number, counter: { throttled: number }): (n: number) => Answer {
  let until: number | undefined;
  // The receiver numbers requests across runs; every earlier one was answered 200 and recorded.
  const before = receiver.received.length;
  return (n) => {
    if (n - before < STORM_FROM_REQUEST) return { status: 200 };
    until ??= Date.now() + durationMs;
    if (Date.now() >= until) return { status: 200 };
    counter.throttled += 1;
    return { status: 429, headers: { "retry-after": "1" }, body: "rate limited" };
  };
}

/** The bodies of an unthrottled run (identical data, fresh state → identical bodies). */
async function cleanBodies(): Promise<string[]> {
  const start = receiver.received.length;
  const run = await runCli(args(join(work, "clean-state.json")));
  expect(run.code, run.stderr).toBe(0);
  return bodies(start);
}

async function waitsOutTheStorm(durationMs: number): Promise<void> {
  const clean = await cleanBodies();
  expect(clean.length).toBeGreaterThan(STORM_FROM_REQUEST);
  const start = receiver.received.length;
  const counter = { throttled: 0 };
  receiver.answer = storm(durationMs, counter);
  const began = Date.now();
  const run = await runCli(args(join(work, "state.json")));
  expect(run.code, run.stderr).toBe(0);
  expect(Date.now() - began).toBeGreaterThanOrEqual(durationMs);
  expect(counter.throttled).toBeGreaterThan(0);
  // Progress says what the run waits for, and for how long it has waited.
  expect(run.stderr).toMatch(/^dora: waiting 1s for http:\/\/127\.0\.0\.1:\d+\/v1\/(metrics|traces): HTTP 429 \(Retry-After\); waited \d+s of 30m patience$/m);
  // Every body accepted exactly once, and they are the clean run's.
  expect(bodies(start).sort()).toEqual([...clean].sort());
  expect(JSON.parse(readFileSync(join(work, "state.json"), "utf8")).series).toEqual(JSON.parse(readFileSync(join(work, "clean-state.json"), "utf8")).series);
}

describe("a throttling storm in the middle of a backfill", () => {
  it(`waits out ${THROTTLE_MS / 1000} s of 429s (Retry-After honoured) and finishes with every batch accepted once`, async () => {
    await waitsOutTheStorm(THROTTLE_MS);
  }, 120_000);

  it("a run killed while it waits resumes from its checkpoint: nothing lost, nothing sent twice", async () => {
    const clean = await cleanBodies();
    const start = receiver.received.length;
    const state = join(work, "state.json");
    const counter = { throttled: 0 };
    receiver.answer = storm(3_600_000, counter);
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", ...args(state)], {
      env: { PATH: process.env.PATH, HOME: "/tmp", XDG_CACHE_HOME: "/tmp/dora-test-cache" },
      stdio: "ignore",
    });
    receiver.onRequest = () => {
      if (counter.throttled === 3) child.kill("SIGKILL");
    };
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, killSignal) => resolve(killSignal)));
    expect(signal).toBe("SIGKILL");
    const beforeKill = receiver.received.length - start;
    expect(beforeKill).toBe(STORM_FROM_REQUEST - 1); // the requests before the storm
    // The checkpoint names what was accepted; the resumed run sends the rest.
    receiver.answer = () => ({ status: 200 });
    receiver.onRequest = undefined;
    const run = await runCli(args(state));
    expect(run.code, run.stderr).toBe(0);
    expect(bodies(start).sort()).toEqual([...clean].sort());
    expect(JSON.parse(readFileSync(state, "utf8")).series).toEqual(JSON.parse(readFileSync(join(work, "clean-state.json"), "utf8")).series);
  }, 120_000);
});

describe.runIf(process.env.DORA_SLOW_TESTS === "1")("slow: the issue's 2-minute storm", () => {
  it("waits out 2 minutes of 429s and finishes with every batch accepted once", async () => {
    await waitsOutTheStorm(120_000);
  }, 600_000);
});
