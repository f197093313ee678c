// One measurement of the bench's reference (reference/summary.ts) in a fresh process, on the same
// generated world as compute-child.ts: time the summary over the world's typed arrays (weekly
// buckets) and its JSON text, write the figures to the file given for the comparison. Prints one
// JSON line.

import { writeFileSync } from "node:fs";
import { countCollections } from "./collections.js";
import { FULL_SIZE, generateWorld, scaled } from "../../test/support/generated-world.js";
import { referenceSummary } from "./reference/summary.js";

const scale = Number(process.argv[2] ?? "1");
const summaryFile = process.argv[3];
const world = generateWorld(scaled(FULL_SIZE, scale));
globalThis.gc?.();
const inputRssBytes = process.memoryUsage().rss;

const collections = countCollections();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const summary = referenceSummary(world, "week");
const computeMs = performance.now() - started;
const json = JSON.stringify(summary);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const peakRssBytes = process.resourceUsage().maxRSS * 1024;
const gc = await collections.stop();
if (summaryFile) writeFileSync(summaryFile, json);

process.stdout.write(`${JSON.stringify({ scale, computeMs, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, inputRssBytes, peakRssBytes, jsonBytes: json.length, gc })}\n`);
