import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricSet, Report } from "../../src/model/report.js";
import { spanIdFor } from "../../src/model/trace-id.js";
import { runCli } from "../cli/run-cli.js";
import { decode, hasOfficialProto, hex, loadOfficialProto } from "../otlp/official-proto.js";
import { ORGANISATION, writeOrganisation } from "./organisation.js";
import { freePort, haveTools, instantQuery, MISSING_TOOLS_MESSAGE, startServer, tool } from "./tools.js";

if (!haveTools) console.warn(MISSING_TOOLS_MESSAGE);

// A generated organisation (20 services, 90 days, 30-day lookback) backfilled at the DEFAULT step
// (4 min): over OTLP with gzip into VictoriaMetrics, and as one OpenMetrics file per UTC day through
// promtool into Prometheus. Every figure of the report — overall and per service — must come back
// from the dashboard's and the blog's queries, at the window's end `to` and at `to − 1s`.
const run = promisify(execFile);
type Panel = { id: number; title: string; targets: { expr: string }[] };
const dashboard = JSON.parse(await readFile(resolve(import.meta.dirname, "../../dashboards/dora.json"), "utf8")) as { panels: Panel[] };
const DAY_MS = 86_400_000;

let report: Report;
let toSeconds: number;
let rangeSeconds: number;
let workdir: string;
let fixtures: string;

beforeAll(async () => {
  if (!haveTools) return;
  workdir = await mkdtemp(join(tmpdir(), "dora-e2e-"));
  fixtures = join(workdir, "organisation");
  await writeOrganisation(fixtures);
  const result = await runCli(["report", "--fixtures", fixtures, "--format", "json"]);
  expect(result.code, result.stderr).toBe(0);
  report = JSON.parse(result.stdout) as Report;
  expect(Object.keys(report.services)).toHaveLength(ORGANISATION.services);
  expect(Date.parse(report.window.to) - Date.parse(report.window.from)).toBe(ORGANISATION.windowDays * DAY_MS);
  toSeconds = Date.parse(report.window.to) / 1000;
  rangeSeconds = toSeconds - Date.parse(report.window.from) / 1000;
});
afterAll(async () => {
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

const close = (actual: number, expected: number, what: string) => expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

/** A query the way Grafana runs it over a range ending at `end` (`to`, or `to − 1s` for Grafana's 23:59:59). */
function grafanaExpr(expr: string, service: string, range: number): string {
  return expr.replaceAll("$__range_s", String(range)).replaceAll("$__range", `${range}s`).replaceAll("$service", service);
}

async function single(baseUrl: string, query: string, time = toSeconds): Promise<number> {
  const result = await instantQuery(baseUrl, query, time);
  expect(result, query).toHaveLength(1);
  return result[0]!.value;
}

/** What each dashboard panel must show for a service filter, from the report. */
function expectedPanels(set: MetricSet, service: string | undefined): Record<number, number | null> {
  const rows = report.deployments.filter((row) => service === undefined || row.service === service);
  return {
    1: set.deploymentFrequency.deployments,
    2: set.deploymentFrequency.perDay,
    3: set.leadTime.meanSeconds,
    5: set.changeFailureRate.rate,
    6: set.timeToRestore.meanSeconds,
    7: set.timeToRestore.incidents,
    8: set.timeToRestore.active,
    9: set.reworkRate.rate,
    10: report.changes.filter((row) => service === undefined || row.service === service).length,
    11: rows.filter((row) => row.rollback).length,
  };
}

/** Every dashboard panel, for all services and for each one, at `to` and at `to − 1s`. */
async function checkDashboard(baseUrl: string): Promise<number> {
  let checked = 0;
  const toMs = Date.parse(report.window.to);
  const filters: [string, MetricSet, string | undefined][] = [[".*", report.overall, undefined], ...Object.entries(report.services).map(([service, set]): [string, MetricSet, string] => [service, set, service])];
  for (const [filter, set, service] of filters) {
    for (const [end, range] of [[toSeconds, rangeSeconds], [toSeconds - 1, rangeSeconds - 1]] as const) {
      // Per day over the range Grafana asks for (a second shorter when it ends at `to − 1s`).
      const expected: Record<number, number | null> = { ...expectedPanels(set, service), 2: set.deploymentFrequency.deployments / (range / 86_400) };
      for (const panel of dashboard.panels) {
        const expr = grafanaExpr(panel.targets[0]!.expr, filter, range);
        const what = `panel ${panel.id} "${panel.title}" for ${service ?? "all services"} at ${end === toSeconds ? "to" : "to − 1s"}`;
        if (panel.id in expected) {
          const want = expected[panel.id]!;
          if (want === null) {
            // The report has no figure (no data): the query answers nothing or NaN.
            const result = await instantQuery(baseUrl, expr, end);
            expect(result.every((entry) => Number.isNaN(entry.value)), what).toBe(true);
          } else {
            close(await single(baseUrl, expr, end), want, what);
          }
        } else if (panel.id === 4) {
          // p90 from buckets: within the bucket holding the exact p90 (bounds 1h 2h 4h 8h 12h 1d 2d 3d 7d 14d 30d).
          const exact = set.leadTime.p90Seconds;
          if (exact === null) continue;
          const approx = await single(baseUrl, expr, end);
          const bounds = [0, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000];
          const upper = bounds.findIndex((bound) => exact <= bound);
          expect(approx, what).toBeGreaterThanOrEqual(bounds[upper - 1]!);
          expect(approx, what).toBeLessThanOrEqual(bounds[upper]!);
        } else if (panel.id === 13) {
          // Deployments in the last day before `to`, per service.
          const result = await instantQuery(baseUrl, expr, end);
          const byService = Object.fromEntries(result.map((entry) => [entry.metric.service_name, entry.value]));
          const services = service ? [service] : Object.keys(report.services);
          const want = Object.fromEntries(services.map((name) => [name, report.deployments.filter((row) => row.service === name && row.status === "succeeded" && Date.parse(row.finishedAt) >= toMs - DAY_MS).length]));
          expect(byService, what).toEqual(want);
        } else if (panel.id === 14) {
          const result = await instantQuery(baseUrl, expr, end);
          expect(result.map((entry) => entry.metric.trace_id).sort(), what).toEqual(report.deployments.filter((row) => service === undefined || row.service === service).map((row) => row.traceId).sort());
        } else {
          throw new Error(`panel ${panel.id} "${panel.title}" has no expected value in the e2e test`);
        }
        checked += 1;
      }
    }
  }
  return checked;
}

/** The blog's three queries, per service, answer the report's figures. */
async function checkBlogQueries(baseUrl: string): Promise<void> {
  const range = `${rangeSeconds}s`;
  for (const [service, set] of Object.entries(report.services)) {
    const repo = report.deployments.find((row) => row.service === service)!.repo;
    // 1. Deployments: one series per workflow_group (status="Succeeded" only), so sum − min(offset) = its increase.
    expect(await single(baseUrl, `sum(cd_argoworkflows_count_total{workflow_group="${service}"}) - min(cd_argoworkflows_count_total{workflow_group="${service}"} offset ${range})`), service).toBe(set.deploymentFrequency.deployments);
    // 2. Mean lead time: cumulative sum/count = the window's mean (lead times are only known for the window's changes).
    if (set.leadTime.meanSeconds !== null) close(await single(baseUrl, `cd_argoworkflows_leadtime_sum{workflow_group="${service}"} / cd_argoworkflows_leadtime_count{workflow_group="${service}"}`), set.leadTime.meanSeconds, service);
    // 3. Incidents per deployment over all backfilled history (lookback included): what the blog's query means.
    const ratio = await single(baseUrl, `sum(cd_incidents_count_total{service_name="${service}", repo="${repo}", status="active"}) / sum(cd_argoworkflows_count_total{service_name="${service}", workflow_group="${service}"})`);
    const incidentsSoFar = await single(baseUrl, `sum(cd_incidents_count_total{service_name="${service}", status="active"})`);
    const deploymentsSoFar = await single(baseUrl, `sum(cd_argoworkflows_count_total{workflow_group="${service}"})`);
    close(ratio, incidentsSoFar / deploymentsSoFar, service);
    // ...whose window part is the report's incidents.
    expect(await single(baseUrl, `sum(cd_incidents_count_total{service_name="${service}", status="active"}) - sum(cd_incidents_count_total{service_name="${service}", status="active"} offset ${range})`), service).toBe(set.timeToRestore.incidents);
  }
}

describe.skipIf(!haveTools)(`dora backfill of a generated organisation (${ORGANISATION.services} services, ${ORGANISATION.windowDays} days) into real time-series databases`, () => {
  it("VictoriaMetrics over OTLP with gzip, at the default step: every figure and panel equals the report's", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // -dedup.minScrapeInterval: VictoriaMetrics keeps a re-sent sample twice without it (values right, *_over_time doubled).
    const vm = await startServer(
      tool("victoria-metrics"),
      [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${join(workdir, "vm")}`, "-opentelemetry.usePrometheusNaming", "-retentionPeriod=5y", "-dedup.minScrapeInterval=1ms"],
      `${base}/health`,
    );
    try {
      const started = Date.now();
      const first = await runCli(["backfill", "--fixtures", fixtures, "--signals", "metrics", "--deployment-info", "--otlp-endpoint", `${base}/opentelemetry`], { env: { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" } });
      expect(first.code, first.stderr).toBe(0);
      // 12 series per service, at the default 240 s step; the wire carries gzip.
      expect(first.stderr).toMatch(new RegExp(`sent ${ORGANISATION.services * 12} series, \\d+ samples \\(step 240s\\) in \\d+ requests, [\\d.]+ MiB protobuf, [\\d.]+ MiB gzipped`));
      const seconds = (Date.now() - started) / 1000;
      await fetch(`${base}/internal/force_flush`);
      await checkBlogQueries(base);
      const panels = await checkDashboard(base);
      console.info(`e2e VictoriaMetrics: backfill ${seconds.toFixed(1)} s, ${panels} panel values checked`);
    } finally {
      await vm.kill();
    }
  }, 900_000);

  it("Prometheus from promtool blocks of one OpenMetrics file per UTC day: blocks aligned to UTC days, every figure and panel equals the report's", async () => {
    const days = join(workdir, "days");
    const started = Date.now();
    const written = await runCli(["backfill", "--fixtures", fixtures, "--deployment-info", "--format", "openmetrics", "--split", "day", "--output", days]);
    expect(written.code, written.stderr).toBe(0);
    const files = (await readdir(days)).sort();
    // The window's 90 days, the day of the sample before `from`, and the day of the sample at `to`.
    expect(files).toHaveLength(ORGANISATION.windowDays + 2);

    const data = join(workdir, "prometheus");
    // The documented command, one file at a time (two at once: the suite runs on 2 cores).
    const queue = [...files];
    const worker = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await run(tool("promtool"), ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h", join(days, file), data], { maxBuffer: 64 * 1024 * 1024 });
      }
    };
    await Promise.all([worker(), worker()]);
    const importSeconds = (Date.now() - started) / 1000;

    // Mimir accepts a block only when it lies within one 24 h range of its compactor (UTC midnight to midnight).
    const blocks = (await readdir(data)).filter((name) => /^[0-9A-Z]{26}$/.test(name));
    expect(blocks.length).toBeGreaterThanOrEqual(files.length);
    const covered = new Set<number>();
    for (const block of blocks) {
      const meta = JSON.parse(await readFile(join(data, block, "meta.json"), "utf8")) as { minTime: number; maxTime: number };
      expect(meta.maxTime - meta.minTime, block).toBeLessThanOrEqual(DAY_MS);
      expect(Math.floor(meta.minTime / DAY_MS), `${block} [${new Date(meta.minTime).toISOString()}, ${new Date(meta.maxTime).toISOString()})`).toBe(Math.floor((meta.maxTime - 1) / DAY_MS));
      covered.add(Math.floor(meta.minTime / DAY_MS));
    }
    expect(covered.size).toBe(files.length);

    const config = join(workdir, "prometheus.yml");
    await writeFile(config, "global: {}\n");
    const port = await freePort();
    const prometheus = await startServer(
      tool("prometheus"),
      [`--config.file=${config}`, `--storage.tsdb.path=${data}`, "--storage.tsdb.retention.time=10y", `--web.listen-address=127.0.0.1:${port}`],
      `http://127.0.0.1:${port}/-/ready`,
    );
    try {
      await checkBlogQueries(`http://127.0.0.1:${port}`);
      const panels = await checkDashboard(`http://127.0.0.1:${port}`);
      console.info(`e2e Prometheus: ${files.length} day files, ${blocks.length} blocks in ${importSeconds.toFixed(1)} s, ${panels} panel values checked`);
    } finally {
      await prometheus.kill();
    }
  }, 900_000);
});

describe.skipIf(!haveTools)("re-sent samples in VictoriaMetrics", () => {
  it("a second identical backfill (two weeks of the demo) changes no value and no sample count with -dedup.minScrapeInterval", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const vm = await startServer(
      tool("victoria-metrics"),
      [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${join(workdir, "vm-demo")}`, "-opentelemetry.usePrometheusNaming", "-retentionPeriod=5y", "-dedup.minScrapeInterval=1ms"],
      `${base}/health`,
    );
    try {
      const window = ["--from", "2026-11-02", "--to", "2026-11-16"];
      const backfill = () => runCli(["backfill", "--demo", ...window, "--signals", "metrics", "--otlp-endpoint", `${base}/opentelemetry`, "--otlp-compression", "gzip"]);
      const snapshot = async () => {
        await fetch(`${base}/internal/force_flush`);
        const at = Date.parse("2026-11-16T00:00:00Z") / 1000;
        const count = await instantQuery(base, `sum(count_over_time({__name__=~"cd_.+|dora_.+"}[15d]))`, at);
        const values = await instantQuery(base, `sum by (__name__) ({__name__=~"dora_.+_total"})`, at);
        return { count: count[0]!.value, values: Object.fromEntries(values.map((entry) => [entry.metric.__name__, entry.value])) };
      };
      expect((await backfill()).code).toBe(0);
      const first = await snapshot();
      // 3 services × 12 series × (14 days at 240 s + the sample before, the edge and `to` = 5,043), as Prometheus
      // series: 9 counters + 3 histograms of 14, 13 and 14 series (buckets, _sum, _count) = 50 per service.
      expect(first.count).toBe(3 * 50 * 5043);
      expect((await backfill()).code).toBe(0);
      expect(await snapshot()).toEqual(first);
    } finally {
      await vm.kill();
    }
  }, 300_000);
});

describe.skipIf(!hasOfficialProto)("dora backfill --demo traces, decoded with the official opentelemetry-proto schema", () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it("carries one trace per deployment and incident with the promised ids, times and attributes", async () => {
    const bodies: Buffer[] = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        if (req.url === "/v1/traces" && req.headers["content-type"] === "application/x-protobuf") bodies.push(Buffer.concat(chunks));
        res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      });
    });
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const demoReport = JSON.parse((await runCli(["report", "--demo", "--format", "json"])).stdout) as Report;
    const result = await runCli(["backfill", "--demo", "--signals", "traces", "--otlp-endpoint", endpoint, "--otlp-header", "Authorization=Bearer e2e-secret"], { env: { OTEL_SERVICE_NAME: "dora-e2e" } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("e2e-secret");

    const root = loadOfficialProto();
    type Obj = Record<string, any>;
    const spans: Obj[] = [];
    for (const body of bodies) {
      const request = decode(root, "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest", body);
      for (const resourceSpans of request.resourceSpans as Obj[]) {
        expect(resourceSpans.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "dora-e2e" } }]);
        for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans);
      }
    }
    const traceIds = new Set(spans.map((span) => hex(span.traceId)));
    expect(traceIds.size).toBe(demoReport.deployments.length + demoReport.incidents.length);
    const attr = (span: Obj, key: string) => (span.attributes as Obj[]).find((kv) => kv.key === key)?.value;
    for (const row of demoReport.deployments) {
      const rootSpan = spans.find((span) => hex(span.spanId) === spanIdFor(row.id, "root"))!;
      expect(hex(rootSpan.traceId)).toBe(row.traceId);
      expect(rootSpan.startTimeUnixNano).toBe(String(BigInt(Date.parse(row.startedAt)) * 1_000_000n));
      expect(attr(rootSpan, "cicd.pipeline.run.id")).toEqual({ stringValue: row.id });
      expect(attr(rootSpan, "vcs.ref.head.revision")).toEqual({ stringValue: row.sha });
      expect(attr(rootSpan, "dora.change.count")).toEqual({ intValue: String(row.changes) });
      const children = spans.filter((span) => hex(span.traceId) === row.traceId && span.parentSpanId);
      // Every change of the deployment is a span of its trace.
      expect(children.filter((span) => span.name.startsWith("change ")).length).toBe(demoReport.changes.filter((change) => change.deploymentId === row.id).length);
      expect(children.some((span) => attr(span, "cicd.pipeline.task.name")?.stringValue === "deploy-production")).toBe(true);
      // OTel CI/CD semconv: the pipeline run is a SERVER span named "RUN {cicd.pipeline.name}".
      expect(rootSpan.kind).toBe("SPAN_KIND_SERVER");
      expect(rootSpan.name).toBe(`RUN ${attr(rootSpan, "cicd.pipeline.name").stringValue}`);
    }
    // Every link points at a trace that was sent: the attributed deployment's, when it is in the window.
    for (const incident of demoReport.incidents.filter((row) => row.deploymentId)) {
      const span = spans.find((one) => attr(one, "dora.incident.id")?.stringValue === incident.id)!;
      const deployment = demoReport.deployments.find((row) => row.id === incident.deploymentId);
      if (!deployment) {
        expect(span.links ?? [], incident.id).toEqual([]);
        continue;
      }
      expect(hex(span.links[0].traceId)).toBe(deployment.traceId);
      expect(traceIds.has(deployment.traceId)).toBe(true);
      expect(hex(span.links[0].spanId)).toBe(spanIdFor(incident.deploymentId!, "root"));
    }
  });
});
