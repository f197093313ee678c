// One compute measurement in a fresh process (so its peak RSS is its own): generate the normalized
// dataset at a scale, then time computeReport + the JSON summary. Prints one JSON line.

import { computeReport } from "../../src/metrics/compute-report.js";
import { renderJson } from "../../src/report/json.js";
import { FULL_SIZE, generateNormalizedInput, scaled } from "../../test/support/normalized-input.js";

const scale = Number(process.argv[2] ?? "1");
const size = scaled(FULL_SIZE, scale);
const { input, scope, options } = generateNormalizedInput(size);
const inputRssBytes = process.memoryUsage().rss;

const started = performance.now();
const cpuBefore = process.cpuUsage();
// The summary: figures overall, per service and per ISO week; rows not listed.
const report = computeReport(input, { ...scope, listRows: false }, options);
const json = renderJson(report);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);

process.stdout.write(
  `${JSON.stringify({
    scale,
    size,
    changes: report.overall.leadTime.changes,
    deployments: report.overall.deploymentFrequency.deployments,
    buckets: report.buckets.length,
    jsonBytes: json.length,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    inputRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
