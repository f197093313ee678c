// `npm run bench`: the performance figures of dora (docs/performance.md), side by side with the
// bench's own reference implementation where there is one. Figures and ratios, never timed
// assertions; the run fails (exit 1) only when dora's figures differ from the reference's.
//   npm run bench                          the default sections (startup, compute, grid, http)
//   npm run bench -- --only compute,grid   some sections: startup, compute, grid, http (alias e2e),
//                                          api, latency, backfill
//   npm run bench -- --big                 the large sizes too: compute at 100% (the 1M-deployment
//                                          year), grid 5,000 services × day, HTTP at 30,000 deployments
//   npm run bench -- --repeat 3            best of 3 where a figure is timed (default 1)
// Timed sections run in fresh child processes, so each peak RSS is the section's own.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { loadRecording } from "../../src/emulator/load-recording.js";
import { measureApiCost, measureLatency, type ApiCost, type Counts, type Scenario } from "./api-runs.js";
import type { Collections } from "./collections.js";
import { compareSummaries } from "./compare-summaries.js";
import { measureHttpReport, REPORT_USAGE, type HttpReportRun } from "./http-report.js";
import { BENCH_YEAR, generateYearRecording } from "../../test/support/recorded-year.js";
import { DEFAULT_STEP_SECONDS as BACKFILL_STEP_SECONDS } from "../../src/otlp/run-backfill.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const GiB = 1024 ** 3;
/** The backfill's memory check: the old generation capped well below what the uncapped run grows to. */
const HEAP_CAP_MIB = 128;
const MiB = 1024 ** 2;

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const repeat = Number(option("repeat") ?? "1");
const big = args.includes("--big");
const SECTIONS = ["startup", "compute", "grid", "http", "api", "latency", "backfill"];
const only = new Set((option("only") ?? "startup,compute,grid,http").split(",").map((name) => (name === "e2e" ? "http" : name)));
for (const name of only) if (!SECTIONS.includes(name)) throw new Error(`unknown section ${name}: choose among ${SECTIONS.join(", ")} (e2e is http)`);

interface Row {
  section: string;
  figure: string;
  measured: string;
  target: string;
  met?: boolean;
}
const rows: Row[] = [];
/** Why the run fails: dora's figures differ from the reference's (never a timing). */
const failed: string[] = [];
const row = (section: string, figure: string, measured: string, target = "", met?: boolean) => {
  rows.push({ section, figure, measured, target, met });
  process.stderr.write(`  ${section} · ${figure}: ${measured}${target ? ` (target ${target})` : ""}\n`);
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
const thousands = (value: number) => value.toLocaleString("en-US");

/** The generator's scratch (the world's typed arrays) is collected before a child measures its input's RSS. */
const EXPOSE_GC = ["--expose-gc"];

/** Runs a child script (TypeScript, through tsx) and parses the JSON line it prints. */
function child<T>(script: string, childArgs: string[], nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [...nodeFlags, "--import", "tsx", join(HERE, script), ...childArgs], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    process_.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    process_.on("error", reject);
    process_.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${script} ${childArgs.join(" ")} exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!) as T);
    });
  });
}

/** child(), with a crash (non-zero exit, a signal) as a result rather than an error. */
async function childOrCrash<T>(script: string, childArgs: string[], nodeFlags: string[] = []): Promise<T | { crash: string }> {
  try {
    return await child<T>(script, childArgs, nodeFlags);
  } catch (error) {
    return { crash: (error as Error).message };
  }
}

async function bestOf<T>(count: number, run: () => Promise<T>, key: (result: T) => number): Promise<T> {
  let best: T | undefined;
  for (let attempt = 0; attempt < count; attempt++) {
    const result = await run();
    if (best === undefined || key(result) < key(best)) best = result;
  }
  return best!;
}

interface ComputeResult {
  scale: number;
  size: { deployments: number; changes: number; incidents: number; services: number; days: number };
  changes: number;
  deployments: number;
  buckets: number;
  jsonBytes: number;
  /** computeReport alone; wallMs adds the JSON text. */
  computeMs: number;
  wallMs: number;
  cpuMs: number;
  inputRssBytes: number;
  peakRssBytes: number;
  /** The collector during compute + JSON. */
  gc: Collections;
}
interface ReferenceResult {
  computeMs: number;
  wallMs: number;
  cpuMs: number;
  inputRssBytes: number;
  peakRssBytes: number;
  gc: Collections;
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function computeSection(): Promise<void> {
  // The 100% year takes minutes and gigabytes on a loaded machine: behind --big.
  const scales = big ? [0.1, 0.3, 1] : [0.1, 0.3];
  process.stderr.write(`1. compute (the generated year at ${scales.map((scale) => `${Math.round(scale * 100)}%`).join(" / ")}${big ? "" : " (--big adds 100%)"} → summary with weekly buckets, rows not listed): dora vs the bench's reference (tools/bench/reference), same world, figures compared one by one\n`);
  const dir = mkdtempSync(join(tmpdir(), "dora-bench-compute-"));
  const results: { dora: ComputeResult; reference: ReferenceResult }[] = [];
  try {
    for (const scale of scales) {
      const doraFile = join(dir, `dora-${scale}.json`);
      const referenceFile = join(dir, `reference-${scale}.json`);
      const dora = await bestOf(repeat, () => child<ComputeResult>("compute-child.ts", [String(scale), doraFile], EXPOSE_GC), (result) => result.wallMs);
      const reference = await bestOf(repeat, () => child<ReferenceResult>("reference-child.ts", [String(scale), referenceFile], EXPOSE_GC), (result) => result.wallMs);
      results.push({ dora, reference });
      const comparison = compareSummaries(JSON.parse(readFileSync(doraFile, "utf8")), JSON.parse(readFileSync(referenceFile, "utf8")));
      const name = `${Math.round(scale * 100)}%`;
      row(
        "compute",
        `${name}: dora vs reference, wall (compute + JSON)`,
        `dora ${seconds(dora.wallMs)} (${seconds(dora.computeMs)} + ${seconds(dora.wallMs - dora.computeMs)}), reference ${seconds(reference.wallMs)} (${seconds(reference.computeMs)} + ${seconds(reference.wallMs - reference.computeMs)}): ${ratio(dora.wallMs, reference.wallMs)} (compute alone ${ratio(dora.computeMs, reference.computeMs)})`,
        scale === 1 ? "≤ 2×" : "",
        scale === 1 ? dora.wallMs <= 2 * reference.wallMs : undefined,
      );
      // On a loaded machine a process waits for a core: CPU time is the steadier figure.
      row("compute", `${name}: dora vs reference, CPU (user + sys)`, `dora ${seconds(dora.cpuMs)}, reference ${seconds(reference.cpuMs)}: ${ratio(dora.cpuMs, reference.cpuMs)}`);
      row(
        "compute",
        `${name}: dora vs reference, peak RSS (input included)`,
        `dora ${gib(dora.peakRssBytes)} (input ${gib(dora.inputRssBytes)}), reference ${gib(reference.peakRssBytes)} (input ${gib(reference.inputRssBytes)}): ${ratio(dora.peakRssBytes, reference.peakRssBytes)}`,
        scale === 1 ? "dora ≤ 1 GiB" : "",
        scale === 1 ? dora.peakRssBytes <= GiB : undefined,
      );
      // A full collection marks the whole heap: dora's holds a million deployments (half a second each).
      const collector = (gc: Collections) => `${gc.full} full, ${gc.minor} minor, ${seconds(gc.pauseMs)} of pauses`;
      row("compute", `${name}: collector during compute + JSON`, `dora ${collector(dora.gc)}; reference ${collector(reference.gc)}`);
      const mismatches = comparison.first.map((entry) => `${entry.path}: dora ${JSON.stringify(entry.dora)}, reference ${JSON.stringify(entry.reference)}`);
      row(
        "compute",
        `${name}: figures compared`,
        comparison.mismatches === 0 ? `${thousands(comparison.figures)} values (numbers, nulls, tiers, bucket bounds), all equal (means to a relative 1e-9)` : `${thousands(comparison.mismatches)} of ${thousands(comparison.figures)} differ; first: ${mismatches.join("; ")}`,
        "all equal",
        comparison.mismatches === 0,
      );
      if (comparison.mismatches > 0) failed.push(`compute ${name}: dora and the reference differ`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const full = results.at(-1)!.dora;
  const { size } = full;
  const largest = `${Math.round(full.scale * 100)}%`;
  row(
    "compute",
    `dataset (${largest})`,
    `${thousands(size.deployments)} deployments, ${thousands(full.changes)} lead times (${thousands(size.changes)} commits), ${thousands(size.incidents)} incidents, ${size.services} services, ${size.days} days, ${full.buckets} weekly buckets, ${mib(full.jsonBytes)} of JSON`,
  );
  const rate = (wallMs: number, deployments: number) => (wallMs / deployments) * 1e6;
  const doraRates = results.map(({ dora }) => rate(dora.wallMs, dora.size.deployments));
  const referenceRates = results.map(({ dora, reference }) => rate(reference.wallMs, dora.size.deployments));
  const doraCpuRates = results.map(({ dora }) => rate(dora.cpuMs, dora.size.deployments));
  const referenceCpuRates = results.map(({ dora, reference }) => rate(reference.cpuMs, dora.size.deployments));
  row(
    "compute",
    `wall per 1 M deployments at ${scales.map((scale) => `${Math.round(scale * 100)}%`).join(" / ")}`,
    `dora ${doraRates.map(seconds).join(" / ")}; reference ${referenceRates.map(seconds).join(" / ")}`,
  );
  // Linearity on CPU time: wall time on a shared machine says more about the neighbours.
  row(
    "compute",
    `CPU per 1 M deployments at ${scales.map((scale) => `${Math.round(scale * 100)}%`).join(" / ")}`,
    `dora ${doraCpuRates.map(seconds).join(" / ")}; reference ${referenceCpuRates.map(seconds).join(" / ")}`,
    `linear: dora's ${largest} rate ≤ 1.5 × its 10% rate`,
    doraCpuRates.at(-1)! <= 1.5 * doraCpuRates[0]!,
  );
}

interface GridCell {
  services: number;
  bucket: string;
  metricSets: number;
  computeMs: number;
  wallMs: number;
  bytes: number;
  crash?: string;
  inputRssBytes: number;
  peakRssBytes: number;
}

async function gridSection(): Promise<void> {
  // 5,000 services × days is 1.8 M metric sets: minutes of CPU and gigabytes, so behind --big.
  const cells = [500, 5000].flatMap((services) => ["none", "week", "day"].map((bucket) => ({ services, bucket }))).filter((cell) => big || cell.services < 5000 || cell.bucket !== "day");
  process.stderr.write(`2. grid (the 10% world over 500 and 5,000 services × no / weekly / daily buckets: summary, JSON report written to a file${big ? "" : "; --big adds 5,000 × day"})\n`);
  const dir = mkdtempSync(join(tmpdir(), "dora-bench-grid-"));
  try {
    for (const { services, bucket } of cells) {
      const file = join(dir, `grid-${services}-${bucket}.json`);
      const cell = await childOrCrash<GridCell>("grid-child.ts", [String(services), bucket, file], EXPOSE_GC);
      rmSync(file, { force: true });
      const name = `${thousands(services)} services × ${bucket}`;
      if ("crash" in cell && !("metricSets" in cell)) {
        row("grid", name, `crashed: ${cell.crash}`, "no crash", false);
        continue;
      }
      const done = cell as GridCell;
      const figures = `${thousands(done.metricSets)} metric sets; compute ${seconds(done.computeMs)}, wall ${seconds(done.wallMs)}; peak RSS ${gib(done.peakRssBytes)} (input ${gib(done.inputRssBytes)})`;
      row("grid", name, done.crash ? `${figures}; writing the JSON crashed: ${done.crash}` : `${figures}; ${mib(done.bytes)} of JSON`, "no crash", done.crash === undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function httpSection(): Promise<void> {
  const sizes = big ? [3000, 10_000, 30_000] : [3000, 10_000];
  process.stderr.write(`3. end to end over local HTTP (dora report --format json, cold, against the replay server; ${sizes.map(thousands).join(" / ")} deployments, ≤ 1,000 per service${big ? "" : "; --big adds 30,000"})\n`);
  ensureBuilt();
  const runs: HttpReportRun[] = [];
  for (const deployments of sizes) {
    let run: HttpReportRun;
    try {
      run = await bestOf(repeat, () => measureHttpReport(ROOT, deployments), (result) => result.cpuMs);
    } catch (error) {
      row("http", `${thousands(deployments)} deployments`, `failed: ${(error as Error).message}`);
      continue;
    }
    runs.push(run);
    const { requests, githubBodies: bodies } = run;
    const total = requests.argo + requests.github + requests.incident;
    row(
      "http",
      `${thousands(run.deployments)} deployments of ${run.services} services`,
      `wall ${seconds(run.wallMs)}, CPU ${seconds(run.cpuMs)} = ${(run.cpuMs / run.deployments).toFixed(2)} ms per deployment, ${(run.cpuMs / total).toFixed(2)} ms per request (${thousands(total)}: Argo ${requests.argo}, GitHub ${requests.github}, Grafana ${requests.incident}); peak RSS ${mib(run.peakRssBytes)}`,
    );
    row(
      "http",
      `${thousands(run.deployments)} deployments: parsing the GitHub bodies`,
      `${bodies.count} bodies, ${mib(bodies.bytes)}: JSON.parse ${bodies.jsonParseMs.toFixed(0)} ms, Octokit's parser ${bodies.octokitParseMs.toFixed(0)} ms (${ratio(bodies.octokitParseMs, bodies.jsonParseMs)})`,
    );
  }
  const perDeployment = runs.map((run) => run.cpuMs / run.deployments);
  if (runs.length < 2) return;
  row(
    "http",
    "CPU per deployment, trend",
    `${perDeployment.map((ms) => `${ms.toFixed(2)} ms`).join(" / ")}: ${ratio(perDeployment.at(-1)!, perDeployment[0]!)} from the smallest to the largest`,
    "not growing (≤ 1.1×)",
    perDeployment.at(-1)! <= 1.1 * perDeployment[0]!,
  );
}

/** The built CLI (bin/dora.js → dist), rebuilt when a source file is newer than it. */
function ensureBuilt(): void {
  const built = join(ROOT, "dist", "cli", "run.js");
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs)));
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(ROOT, "src"))) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
}

function demoScenario(recording: Awaited<ReturnType<typeof loadRecording>>): Scenario {
  const config = YAML.parse(readFileSync(recording.configPath, "utf8")) as Record<string, any>;
  const now = new Date(recording.meta.now);
  return {
    recording,
    configYaml: (urls) => {
      config.argo.server = urls.argo;
      config.github = { ...config.github, apiUrl: urls.github };
      config.incidents.grafanaUrl = urls.incident;
      return YAML.stringify(config);
    },
    now,
    from: new Date(now.getTime() - 90 * 86_400_000),
  };
}

const countsText = (counts: Counts) => `Argo ${counts.argo}, GitHub ${counts.github}, Grafana ${counts.incident}`;
const sameCounts = (a: Counts, b: Counts) => a.argo === b.argo && a.github === b.github && a.incident === b.incident;

function apiRows(name: string, cost: ApiCost): void {
  const { parts } = cost.bound;
  row(
    "API cost",
    `${name}: lower bound`,
    `cold ${countsText(cost.bound.cold)} = ${parts.listPages} list pages + ${parts.uidGets} per-uid GETs; ${parts.compares} commit-graph requests + ${parts.headCommits} head commits; ${parts.incidentPages} incident pages`,
  );
  row("API cost", `${name}: cold run`, countsText(cost.cold.counts), "= lower bound", sameCounts(cost.cold.counts, cost.bound.cold));
  const fewer = parts.perDeploymentCompares / Math.max(1, cost.cold.counts.github);
  row(
    "API cost",
    `${name}: GitHub vs one compare per deployment`,
    `${cost.cold.counts.github} vs ${parts.perDeploymentCompares} (${fewer.toFixed(1)}× fewer)`,
    parts.perDeploymentCompares >= 1000 ? "≥ 10× fewer" : undefined,
    parts.perDeploymentCompares >= 1000 ? fewer >= 10 : undefined,
  );
  row("API cost", `${name}: warm run`, countsText(cost.warm.counts), `list + incident pages (${countsText(cost.bound.warm)})`, sameCounts(cost.warm.counts, cost.bound.warm));
  row(
    "API cost",
    `${name}: next night (cache of the night before the latest deployment's day)`,
    `GitHub ${cost.nextNight.counts.github}`,
    `≤ one compare per repository with new deployments (${cost.reposWithNewDeployments})`,
    cost.nextNight.counts.github <= cost.reposWithNewDeployments,
  );
}

let year: ReturnType<typeof generateYearRecording> | undefined;
const yearScenario = () => (year ??= generateYearRecording(BENCH_YEAR));

async function apiSection(): Promise<void> {
  process.stderr.write("4. API cost (real clients against local API servers, cold and warm cache)\n");
  const demo = await measureApiCost(demoScenario(await loadRecording(join(ROOT, "fixtures", "demo"))));
  apiRows("demo (90 days)", demo);
  const generated = yearScenario();
  const cost = await measureApiCost(generated);
  row(
    "API cost",
    "generated year",
    `${generated.runs} runs of ${BENCH_YEAR.services} services (window + ${BENCH_YEAR.lookbackDays} d lookback), ${cost.cold.report.overall.deploymentFrequency.deployments} deployments and ${cost.cold.report.overall.leadTime.changes} changes in the 365-day window, ${BENCH_YEAR.incidents} incidents`,
  );
  apiRows("generated year", cost);
}

async function latencySection(): Promise<void> {
  process.stderr.write("5. latency hiding (the generated year, cold, +100 ms on every response)\n");
  const result = await measureLatency(yearScenario(), 100, 8);
  const ratio = result.wallMs / result.idealMs;
  row("latency", "requests × 100 ms / concurrency 8", `${thousands(result.requests)} × 100 ms / 8 = ${seconds(result.idealMs)}`);
  row("latency", "wall time with +100 ms", `${seconds(result.wallMs)} = ${ratio.toFixed(2)} × ideal (without the delay: ${seconds(result.baselineMs)})`, "≤ 1.3 × ideal", ratio <= 1.3);
}

interface BackfillSignal {
  wallMs: number;
  items: number;
  requests: number;
  bytes: number;
  wireBytes: number;
  peakRssBytes: number;
}
interface BackfillResult {
  history: number;
  sent: boolean;
  dataRssBytes: number;
  traces: BackfillSignal;
  metrics: BackfillSignal;
}

async function backfillSection(): Promise<void> {
  process.stderr.write("6. backfill (OTLP/HTTP protobuf; 100,000 spans and 6,300,000 samples — a year at the default step — at full history)\n");
  let received = 0;
  const receiver = createServer((request, response) => {
    // A gzip body is counted as it came, compressed: the receiver measures the wire.
    request.on("data", (chunk: Buffer) => (received += chunk.length));
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/x-protobuf", "content-length": "0" });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  try {
    const run = (history: number, send: boolean, gzip = false) =>
      bestOf(repeat, () => child<BackfillResult>("backfill-child.ts", send ? [String(history), url, ...(gzip ? ["gzip"] : [])] : [String(history)]), (result) => result.traces.wallMs + result.metrics.wallMs);
    const encoded = await run(1, false);
    const sent = await run(1, true);
    const sentGzip = await run(1, true, true);
    // Memory: V8 collects its old generation lazily, so an uncapped peak RSS follows the allocation
    // volume. With the heap capped, a run that holds only a batch at a time completes at any length.
    const capped = (history: number) => child<BackfillResult>("backfill-child.ts", [String(history), url], [`--max-old-space-size=${HEAP_CAP_MIB}`]);
    const quarter = await capped(0.25);
    const full = await capped(1);
    const { traces, metrics } = encoded;
    row("backfill", "spans encoded", `${thousands(traces.items)} spans in ${seconds(traces.wallMs)} = ${thousands(perSecond(traces.items, traces.wallMs))} spans/s`, "≥ 50,000 spans/s", perSecond(traces.items, traces.wallMs) >= 50_000);
    row("backfill", "samples encoded", `${thousands(metrics.items)} samples in ${seconds(metrics.wallMs)} = ${thousands(perSecond(metrics.items, metrics.wallMs))} samples/s`, "≥ 1,000,000 samples/s", perSecond(metrics.items, metrics.wallMs) >= 1_000_000);
    row(
      "backfill",
      "encoded and sent to a local receiver",
      `traces ${thousands(perSecond(sent.traces.items, sent.traces.wallMs))} spans/s (${sent.traces.requests} requests, ${mib(sent.traces.bytes)}); metrics ${thousands(perSecond(sent.metrics.items, sent.metrics.wallMs))} samples/s (${sent.metrics.requests} requests, ${mib(sent.metrics.bytes)})`,
    );
    row(
      "backfill",
      "encoded, gzipped and sent to a local receiver",
      `traces ${thousands(perSecond(sentGzip.traces.items, sentGzip.traces.wallMs))} spans/s (${mib(sentGzip.traces.wireBytes)} on the wire); metrics ${thousands(perSecond(sentGzip.metrics.items, sentGzip.metrics.wallMs))} samples/s (${mib(sentGzip.metrics.wireBytes)} on the wire)`,
    );
    const perSample = (bytes: number) => bytes / sent.metrics.items;
    row(
      "backfill",
      "bytes on the wire per sample (OTLP protobuf / gzip)",
      `${perSample(sent.metrics.wireBytes).toFixed(1)} B / ${perSample(sentGzip.metrics.wireBytes).toFixed(2)} B (gzip ${(sent.metrics.wireBytes / sentGzip.metrics.wireBytes).toFixed(0)}× smaller); per span ${(sent.traces.wireBytes / sent.traces.items).toFixed(0)} B / ${(sentGzip.traces.wireBytes / sentGzip.traces.items).toFixed(0)} B`,
    );
    // The bench's history is a year of 4 services at the default step: per service-year, and for 100 services.
    const services = 4;
    const perServiceYear = sent.metrics.items / services;
    row(
      "backfill",
      `a year at the default step (${BACKFILL_STEP_SECONDS} s)`,
      `per service: 12 series, ${thousands(perServiceYear)} samples, ${mib(sent.metrics.wireBytes / services)} protobuf, ${mib(sentGzip.metrics.wireBytes / services)} gzipped; 100 services: ${thousands(perServiceYear * 100)} samples, ${gib((sent.metrics.wireBytes / services) * 100)} protobuf, ${mib((sentGzip.metrics.wireBytes / services) * 100)} gzipped`,
    );
    const peak = (result: BackfillResult) => Math.max(result.traces.peakRssBytes, result.metrics.peakRssBytes);
    const growth = (result: BackfillResult) => peak(result) - result.dataRssBytes;
    row(
      "backfill",
      `peak RSS, sending, heap capped at ${HEAP_CAP_MIB} MiB: ¼ vs full history`,
      `¼: ${mib(peak(quarter))} (${mib(growth(quarter))} above the data; ${thousands(quarter.traces.items)} spans, ${thousands(quarter.metrics.items)} samples); full: ${mib(peak(full))} (${mib(growth(full))} above the data)`,
      "bounded by the batch, not the history",
      growth(full) <= growth(quarter) + 64 * MiB,
    );
    row("backfill", "peak RSS, sending, heap not capped (full history)", `${mib(peak(sent))} (${mib(growth(sent))} above the data)`);
  } finally {
    receiver.close();
  }
}

interface StartupRun {
  wallMs: number;
  maxRssKiB: number;
}


function startupRun(args: string[]): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const process_ = spawn(process.execPath, ["--import", REPORT_USAGE, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit", "pipe"] });
    let rss = "";
    (process_.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (rss += chunk.toString()));
    process_.on("error", reject);
    process_.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited with ${code}`));
      resolve({ wallMs, maxRssKiB: (JSON.parse(rss) as { rss: number }).rss });
    });
  });
}

async function startupSection(): Promise<void> {
  process.stderr.write("0. start-up (the built CLI, bin/dora.js; best wall time of interleaved runs against node -e 0)\n");
  ensureBuilt();
  const commands: { name: string; args: string[] }[] = [
    { name: "node -e 0", args: ["-e", "0"] },
    { name: "dora --version", args: ["bin/dora.js", "--version"] },
    { name: "dora report --help", args: ["bin/dora.js", "report", "--help"] },
    { name: "dora --help", args: ["bin/dora.js", "--help"] },
  ];
  const best = new Map<string, StartupRun>();
  // Interleaved, so a burst of load on the shared machine hits every command alike; best of many.
  for (let round = 0; round < Math.max(5, repeat * 3); round++) {
    for (const command of commands) {
      const run = await startupRun(command.args);
      const previous = best.get(command.name);
      if (!previous || run.wallMs < previous.wallMs) best.set(command.name, { wallMs: run.wallMs, maxRssKiB: Math.min(run.maxRssKiB, previous?.maxRssKiB ?? Infinity) });
    }
  }
  const node = best.get("node -e 0")!;
  row("start-up", "node -e 0 (baseline)", `${node.wallMs.toFixed(0)} ms, ${Math.round(node.maxRssKiB / 1024)} MiB RSS`);
  for (const command of commands.slice(1)) {
    const run = best.get(command.name)!;
    // 200 ms is the target on an idle machine; on a loaded one node itself takes longer, so the ratio says it.
    const target = command.name === "dora --help" ? "" : "< 200 ms, or ≤ 1.5 × node -e 0 when node -e 0 alone takes ≥ 130 ms";
    const ratio = run.wallMs / node.wallMs;
    const met = run.wallMs < 200 || (node.wallMs >= 130 && ratio <= 1.5);
    row("start-up", command.name, `${run.wallMs.toFixed(0)} ms = ${ratio.toFixed(2)} × node -e 0, ${Math.round(run.maxRssKiB / 1024)} MiB RSS`, target, target ? met : undefined);
  }
}

const startedAt = Date.now();
const cpu = cpus()[0]?.model ?? "unknown CPU";
process.stderr.write(`dora bench — Node ${process.version}, ${cpus().length} cores (${cpu}), load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}\n`);
if (only.has("startup")) await startupSection();
if (only.has("compute")) await computeSection();
if (only.has("grid")) await gridSection();
if (only.has("http")) await httpSection();
if (only.has("api")) await apiSection();
if (only.has("latency")) await latencySection();
if (only.has("backfill")) await backfillSection();

const loadAfter = loadavg();
const mark = (met: boolean | undefined) => (met === undefined ? "" : met ? "yes" : "**no**");
const escape = (text: string) => text.replace(/\|/g, "\\|");
process.stdout.write(
  [
    "",
    `Node ${process.version}, ${cpus().length} cores (${cpu}), best of ${repeat} for timed figures; load average at the end ${loadAfter.map((value) => value.toFixed(2)).join(" ")}; ${Math.round((Date.now() - startedAt) / 1000)} s in all.`,
    "",
    "| section | figure | measured | target | met |",
    "|---|---|---|---|---|",
    ...rows.map((entry) => `| ${entry.section} | ${escape(entry.figure)} | ${escape(entry.measured)} | ${escape(entry.target)} | ${mark(entry.met)} |`),
    "",
  ].join("\n"),
);
if (failed.length > 0) {
  process.stderr.write(`bench failed: ${failed.join("; ")}\n`);
  process.exitCode = 1;
}
