// One backfill measurement in a fresh process: build the report of a generated history (100,000
// spans, 6,300,000 samples at full length and the default step), then encode the traces and the
// metrics — sending them to the receiver when one is given, gzipped with a third argument "gzip" —
// and time each. Prints one JSON line.

import { analyze } from "../../src/metrics/analysis.js";
import type { BackfillData } from "../../src/otlp/backfill-data.js";
import { DEFAULT_STEP_SECONDS, runBackfill } from "../../src/otlp/run-backfill.js";
import type { Signal } from "../../src/otlp/otlp-sender.js";
import { generateNormalizedInput } from "../../test/support/normalized-input.js";

/** 10,000 runs of 5 nodes and 4 changes each, 200 incidents: 100,200 spans; 4 services × 12 series × 131,403 samples (a year at the default 240 s step): 6.31 M samples. */
export const BACKFILL_SIZE = { deployments: 10_000, changes: 41_000, incidents: 200, services: 4, days: 365 };
export const BACKFILL_STEP_SECONDS = DEFAULT_STEP_SECONDS;

const history = Number(process.argv[2] ?? "1");
const receiver = process.argv[3];
const compression = process.argv[4] === "gzip" ? "gzip" : "none";
const size = {
  ...BACKFILL_SIZE,
  deployments: Math.round(BACKFILL_SIZE.deployments * history),
  changes: Math.round(BACKFILL_SIZE.changes * history),
  incidents: Math.round(BACKFILL_SIZE.incidents * history),
  days: Math.round(BACKFILL_SIZE.days * history),
};
const { input, scope, options } = generateNormalizedInput(size, 42, { steps: true });
const data: BackfillData = analyze(input, scope, options);
globalThis.gc?.();
const dataRssBytes = process.memoryUsage().rss;

async function measure(signal: Signal) {
  const started = performance.now();
  const summary = await runBackfill(data, {
    signals: [signal],
    stepSeconds: BACKFILL_STEP_SECONDS,
    targets: receiver ? { [signal]: { url: `${receiver}/v1/${signal}`, headers: {}, compression } } : undefined,
  });
  return {
    wallMs: performance.now() - started,
    items: signal === "traces" ? summary.spans : summary.samples,
    requests: summary.requests[signal],
    bytes: summary.bytes[signal],
    wireBytes: summary.wireBytes[signal],
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

const traces = await measure("traces");
const metrics = await measure("metrics");
process.stdout.write(`${JSON.stringify({ history, sent: Boolean(receiver), compression, size, dataRssBytes, traces, metrics })}\n`);
