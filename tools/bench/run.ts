// `npm run bench`: the performance figures of dora (docs/performance.md) with their targets.
//   npm run bench                      every section, best of 3 where it is timed
//   npm run bench -- --repeat 1        one run of each (faster, noisier)
//   npm run bench -- --only startup,compute,api,latency,backfill
// Timed sections run in fresh child processes, so each peak RSS is the section's own.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { loadRecording } from "../../src/sources/replay/load-recording.js";
import { measureApiCost, measureLatency, type ApiCost, type Counts, type Scenario } from "./api-runs.js";
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
const repeat = Number(option("repeat") ?? "3");
const only = new Set((option("only") ?? "startup,compute,api,latency,backfill").split(","));

interface Row {
  section: string;
  figure: string;
  measured: string;
  target: string;
  met?: boolean;
}
const rows: Row[] = [];
const row = (section: string, figure: string, measured: string, target = "", met?: boolean) => {
  rows.push({ section, figure, measured, target, met });
  process.stderr.write(`  ${section} · ${figure}: ${measured}${target ? ` (target ${target})` : ""}\n`);
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;
const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
const thousands = (value: number) => value.toLocaleString("en-US");

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
  wallMs: number;
  cpuMs: number;
  inputRssBytes: number;
  peakRssBytes: number;
}

async function computeSection(): Promise<void> {
  process.stderr.write("1. compute (normalized data → JSON summary with weekly buckets, rows not listed)\n");
  const results: ComputeResult[] = [];
  for (const scale of [0.1, 0.3, 1]) {
    results.push(await bestOf(repeat, () => child<ComputeResult>("compute-child.ts", [String(scale)]), (result) => result.wallMs));
  }
  const full = results.at(-1)!;
  const { size } = full;
  row(
    "compute",
    `dataset (100%)`,
    `${thousands(size.deployments)} deployments, ${thousands(full.changes)} lead times (${thousands(size.changes)} commits), ${thousands(size.incidents)} incidents, ${size.services} services, ${size.days} days, ${full.buckets} weekly buckets, ${mib(full.jsonBytes)} of JSON`,
  );
  row("compute", "wall time (100%)", seconds(full.wallMs), "≤ 10 s", full.wallMs <= 10_000);
  row("compute", "CPU time (100%)", seconds(full.cpuMs));
  row("compute", "peak RSS (100%, input included)", `${gib(full.peakRssBytes)} (input alone ${gib(full.inputRssBytes)})`, "≤ 2 GiB", full.peakRssBytes <= 2 * GiB);
  const perMillion = (result: ComputeResult) => (result.wallMs / result.size.deployments) * 1e6;
  const growth = perMillion(full) / perMillion(results[0]!);
  row(
    "compute",
    "wall time at 10% / 30% / 100%",
    `${results.map((result) => seconds(result.wallMs)).join(" / ")} (per 1 M deployments: ${results.map((result) => seconds(perMillion(result))).join(" / ")})`,
    "linear: 100% ≤ 1.5 × the 10% rate",
    growth <= 1.5,
  );
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
  process.stderr.write("2. API cost (real clients against local API servers, cold and warm cache)\n");
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
  process.stderr.write("3. latency hiding (the generated year, cold, +100 ms on every response)\n");
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
  process.stderr.write("4. backfill (OTLP/HTTP protobuf; 100,000 spans and 6,300,000 samples — a year at the default step — at full history)\n");
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

// The child reports its own peak RSS on fd 3 as it exits: one tiny data: module, the same for every command measured.
const REPORT_RSS = `data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(3,String(process.resourceUsage().maxRSS)))`;

function startupRun(args: string[]): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const process_ = spawn(process.execPath, ["--import", REPORT_RSS, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit", "pipe"] });
    let rss = "";
    (process_.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => (rss += chunk.toString()));
    process_.on("error", reject);
    process_.on("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited with ${code}`));
      resolve({ wallMs, maxRssKiB: Number(rss) });
    });
  });
}

async function startupSection(): Promise<void> {
  process.stderr.write("0. start-up (the built CLI, bin/dora.js; best wall time of interleaved runs against node -e 0)\n");
  if (!existsSync(join(ROOT, "dist", "cli", "run.js"))) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
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
