// One cell of the grid in a fresh process (so its peak RSS is its own): the 10 % world (100,000
// deployments, 500,000 commits, 2,000 incidents) spread over N services, its report summary with
// buckets of a size (none, week, day), and the JSON report written to a file. Prints one JSON line;
// a crash of the writing (today: a JSON larger than V8's largest string) is a result of the cell.
//   grid-child.ts <services> <none|week|day> <file>

import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { Report } from "../../src/model/report.js";
import type { Bucket } from "../../src/model/window.js";
import { jsonChunks } from "../../src/render/json.js";
import { FULL_SIZE, generateWorld, scaled } from "../../test/support/generated-world.js";
import { normalizedInputOf } from "../../test/support/normalized-input.js";

export const GRID_SCALE = 0.1;

const services = Number(process.argv[2] ?? "500");
const bucket = process.argv[3] === "none" ? undefined : (process.argv[3] as Bucket);
const file = process.argv[4]!;

/**
 * The JSON report to a file as the CLI writes it: the renderer's chunks through a write stream
 * with backpressure, so no cell needs the whole report as one string.
 */
async function writeJsonReport(report: Report, path: string): Promise<number> {
  const stream = createWriteStream(path);
  for (const chunk of jsonChunks(report)) {
    if (!stream.write(chunk)) await once(stream, "drain");
  }
  stream.end();
  await once(stream, "finish");
  return stream.bytesWritten;
}

const { input, scope, options } = normalizedInputOf(generateWorld({ ...scaled(FULL_SIZE, GRID_SCALE), services }));
globalThis.gc?.();
const inputRssBytes = process.memoryUsage().rss;
const started = performance.now();
const report = computeReport(input, { ...scope, bucket, listRows: false }, options);
const computeMs = performance.now() - started;
let crash: string | undefined;
let bytes = 0;
try {
  bytes = await writeJsonReport(report, file);
} catch (error) {
  crash = `${(error as Error).name}: ${(error as Error).message}`;
}
const wallMs = performance.now() - started;
const metricSets = 1 + services + report.buckets.length * (1 + services);
process.stdout.write(`${JSON.stringify({ services, bucket: bucket ?? "none", metricSets, computeMs, wallMs, bytes, crash, inputRssBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
