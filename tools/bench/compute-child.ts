// One compute measurement of dora in a fresh process (so its peak RSS is its own): generate the
// world at a scale, normalize it (the input), then time computeReport (weekly buckets, rows not
// listed) and the JSON summary. With a file argument, writes the summary's figures (overall,
// services, buckets) there for the comparison with the reference. Prints one JSON line.

import { writeFileSync } from "node:fs";
import { countCollections } from "./collections.js";
import { computeReport } from "../../src/metrics/compute-report.js";
import { jsonChunks } from "../../src/render/json.js";
import { FULL_SIZE, generateWorld, scaled } from "../../test/support/generated-world.js";
import { normalizedInputOf } from "../../test/support/normalized-input.js";

const scale = Number(process.argv[2] ?? "1");
const summaryFile = process.argv[3];
const size = scaled(FULL_SIZE, scale);
const { input, scope, options } = normalizedInputOf(generateWorld(size));
globalThis.gc?.();
const inputRssBytes = process.memoryUsage().rss;

const collections = countCollections();
const started = performance.now();
const cpuBefore = process.cpuUsage();
// The summary: figures overall, per service and per ISO week; rows not listed.
const report = computeReport(input, { ...scope, listRows: false }, options);
const computeMs = performance.now() - started;
// The JSON as the CLI streams it, counted chunk by chunk (never one string).
let jsonLength = 0;
for (const chunk of jsonChunks(report)) jsonLength += chunk.length;
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
const gc = await collections.stop();
if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ overall: report.overall, services: report.services, buckets: report.buckets }));

process.stdout.write(
  `${JSON.stringify({
    scale,
    size,
    changes: report.overall.leadTime.changes,
    deployments: report.overall.deploymentFrequency.deployments,
    buckets: report.buckets.length,
    jsonBytes: jsonLength,
    computeMs,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    inputRssBytes,
    peakRssBytes,
    gc,
  })}\n`,
);
