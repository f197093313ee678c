import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { spanIdFor } from "../../src/model/trace-id.js";
import { runCli } from "../cli/run-cli.js";
import { decode, hasOfficialProto, hex, loadOfficialProto } from "../otlp/official-proto.js";
import { freePort, haveTools, instantQuery, MISSING_TOOLS_MESSAGE, startServer, tool } from "./tools.js";

if (!haveTools) console.warn(MISSING_TOOLS_MESSAGE);

const run = promisify(execFile);
const STEP = "5m";
type Panel = { id: number; title: string; targets: { expr: string }[] };
const dashboard = JSON.parse(await readFile(resolve(import.meta.dirname, "../../dashboards/dora.json"), "utf8")) as { panels: Panel[] };

let report: Report;
let toSeconds: number;
let rangeSeconds: number;
let workdir: string;

beforeAll(async () => {
  if (!haveTools) return;
  const result = await runCli(["report", "--demo", "--format", "json"]);
  expect(result.code).toBe(0);
  report = JSON.parse(result.stdout) as Report;
  toSeconds = Date.parse(report.window.to) / 1000;
  rangeSeconds = toSeconds - Date.parse(report.window.from) / 1000;
  workdir = await mkdtemp(join(tmpdir(), "dora-e2e-"));
});
afterAll(async () => {
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

/** Evaluates a dashboard/blog query the way Grafana would over the report's window. */
function grafanaExpr(expr: string): string {
  return expr.replaceAll("$__range_s", String(rangeSeconds)).replaceAll("$__range", `${rangeSeconds}s`).replaceAll("$service", ".*");
}

async function single(baseUrl: string, query: string): Promise<number> {
  const result = await instantQuery(baseUrl, grafanaExpr(query), toSeconds);
  expect(result, query).toHaveLength(1);
  return result[0]!.value;
}

/** The blog's three queries and every dashboard query answer the report's figures. */
async function checkQueries(baseUrl: string): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  for (const [service, set] of Object.entries(report.services)) {
    const repo = report.deployments.find((row) => row.service === service)!.repo;
    // 1. Deployments: one series per workflow_group (status="Succeeded" only), so sum − min(offset) = its increase.
    const deployments = await single(baseUrl, `sum(cd_argoworkflows_count_total{workflow_group="${service}"}) - min(cd_argoworkflows_count_total{workflow_group="${service}"} offset $__range)`);
    expect(deployments, service).toBe(set.deploymentFrequency.deployments);
    // 2. Mean lead time: cumulative sum/count = the window's mean (lead times are only known for the window's changes).
    const lead = await single(baseUrl, `cd_argoworkflows_leadtime_sum{workflow_group="${service}"} / cd_argoworkflows_leadtime_count{workflow_group="${service}"}`);
    close(lead, set.leadTime.meanSeconds!);
    // 3. Incidents per deployment over all backfilled history (lookback included): what the blog's query means.
    const ratio = await single(baseUrl, `sum(cd_incidents_count_total{service_name="${service}", repo="${repo}", status="active"}) / sum(cd_argoworkflows_count_total{service_name="${service}", workflow_group="${service}"})`);
    const incidentsSoFar = await single(baseUrl, `sum(cd_incidents_count_total{service_name="${service}", status="active"})`);
    const deploymentsSoFar = await single(baseUrl, `sum(cd_argoworkflows_count_total{workflow_group="${service}"})`);
    close(ratio, incidentsSoFar / deploymentsSoFar);
    // ...whose window parts are the report's incidents and deployments.
    expect(await single(baseUrl, `sum(cd_incidents_count_total{service_name="${service}", status="active"}) - sum(cd_incidents_count_total{service_name="${service}", status="active"} offset $__range)`)).toBe(set.timeToRestore.incidents);
    seen[service] = { deployments, lead, ratio };
  }

  const overall = report.overall;
  const toMs = Date.parse(report.window.to);
  const expected: Record<number, number | null> = {
    1: overall.deploymentFrequency.deployments,
    2: overall.deploymentFrequency.perDay,
    3: overall.leadTime.meanSeconds,
    5: overall.changeFailureRate.rate,
    6: overall.timeToRestore.meanSeconds,
    7: overall.timeToRestore.incidents,
    8: overall.timeToRestore.active,
    9: overall.reworkRate.rate,
    10: report.changes.length,
    11: report.deployments.filter((row) => row.rollback).length,
  };
  for (const panel of dashboard.panels) {
    const expr = panel.targets[0]!.expr;
    if (panel.id in expected) {
      close(await single(baseUrl, expr), expected[panel.id]!);
    } else if (panel.id === 4) {
      // p90 from buckets: within the bucket holding the exact p90 (bounds 1h 2h 4h 8h 12h 1d 2d 3d 7d 14d 30d).
      const approx = await single(baseUrl, expr);
      const bounds = [0, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000];
      const exact = overall.leadTime.p90Seconds!;
      const upper = bounds.findIndex((bound) => exact <= bound);
      expect(approx).toBeGreaterThanOrEqual(bounds[upper - 1]!);
      expect(approx).toBeLessThanOrEqual(bounds[upper]!);
    } else if (panel.id === 13) {
      // Deployments in the last day before `to`, per service.
      const result = await instantQuery(baseUrl, grafanaExpr(expr), toSeconds);
      const byService = Object.fromEntries(result.map((entry) => [entry.metric.service_name, entry.value]));
      const want = Object.fromEntries(Object.keys(report.services).map((service) => [service, report.deployments.filter((row) => row.service === service && Date.parse(row.finishedAt) >= toMs - 86_400_000).length]));
      expect(byService).toEqual(want);
    } else if (panel.id === 14) {
      const result = await instantQuery(baseUrl, grafanaExpr(expr), toSeconds);
      expect(result.map((entry) => entry.metric.trace_id).sort()).toEqual(report.deployments.map((row) => row.traceId).sort());
    } else {
      throw new Error(`panel ${panel.id} "${panel.title}" has no expected value in the e2e test`);
    }
  }
  return seen;
}

describe.skipIf(!haveTools)("dora backfill --demo into real time-series databases", () => {
  it("VictoriaMetrics over OTLP answers the blog's and the dashboard's queries with the report's figures; a re-run changes nothing", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const vm = await startServer(
      tool("victoria-metrics"),
      [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${join(workdir, "vm")}`, "-opentelemetry.usePrometheusNaming", "-retentionPeriod=5y", "-dedup.minScrapeInterval=1ms"],
      `${base}/health`,
    );
    try {
      const backfill = () => runCli(["backfill", "--demo", "--signals", "metrics", "--step", STEP, "--otlp-endpoint", `${base}/opentelemetry`]);
      const started = Date.now();
      const first = await backfill();
      expect(first.stderr).toMatch(/sent 36 series/);
      expect(first.code, first.stderr).toBe(0);
      const seconds = (Date.now() - started) / 1000;
      await fetch(`${base}/internal/force_flush`);
      const results = await checkQueries(base);
      const countQuery = `sum(count_over_time({__name__=~"cd_.+|dora_.+"}[${rangeSeconds + 600}s]))`;
      const samples = (await instantQuery(base, countQuery, toSeconds))[0]!.value;

      expect((await backfill()).code).toBe(0);
      await fetch(`${base}/internal/force_flush`);
      expect(await checkQueries(base)).toEqual(results);
      expect((await instantQuery(base, countQuery, toSeconds))[0]!.value).toBe(samples);
      console.info(`e2e VictoriaMetrics: backfill ${seconds.toFixed(1)} s, ${samples} stored samples`);
    } finally {
      await vm.kill();
    }
  });

  it("Prometheus from promtool blocks of the OpenMetrics output answers the same; a re-run writes the same file", async () => {
    const file = join(workdir, "dora.om");
    const write = () => runCli(["backfill", "--demo", "--format", "openmetrics", "--step", STEP, "--output", file]);
    expect((await write()).code).toBe(0);
    const hash = createHash("sha256").update(await readFile(file)).digest("hex");
    const text = await readFile(file, "utf8");
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect((await write()).code).toBe(0);
    expect(createHash("sha256").update(await readFile(file)).digest("hex")).toBe(hash);

    const data = join(workdir, "prometheus");
    // One pass per block range: a long max block duration keeps the import to a few seconds.
    await run(tool("promtool"), ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=8760h", file, data], { maxBuffer: 64 * 1024 * 1024 });
    const config = join(workdir, "prometheus.yml");
    await writeFile(config, "global: {}\n");
    const port = await freePort();
    const prometheus = await startServer(
      tool("prometheus"),
      [`--config.file=${config}`, `--storage.tsdb.path=${data}`, "--storage.tsdb.retention.time=10y", `--web.listen-address=127.0.0.1:${port}`],
      `http://127.0.0.1:${port}/-/ready`,
    );
    try {
      await checkQueries(`http://127.0.0.1:${port}`);
    } finally {
      await prometheus.kill();
    }
  });
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
    const demoReport = report ?? (JSON.parse((await runCli(["report", "--demo", "--format", "json"])).stdout) as Report);
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
    }
    for (const incident of demoReport.incidents.filter((row) => row.deploymentId)) {
      const span = spans.find((one) => attr(one, "dora.incident.id")?.stringValue === incident.id)!;
      expect(hex(span.links[0].traceId)).toBe(demoReport.deployments.find((row) => row.id === incident.deploymentId)?.traceId ?? hex(span.links[0].traceId));
      expect(hex(span.links[0].spanId)).toBe(spanIdFor(incident.deploymentId!, "root"));
    }
  });
});
