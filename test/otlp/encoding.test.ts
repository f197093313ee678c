import { describe, expect, it } from "vitest";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { spanIdFor, traceIdFor } from "../../src/model/trace-id.js";
import { metricCursors, runBackfill } from "../../src/otlp/run-backfill.js";
import { backfillResource } from "../../src/otlp/resource.js";
import { buildResourceMetrics, serializeMetricsRequest } from "../../src/otlp/metrics-request.js";
import { buildTraces, incidentSpanId, incidentTraceId } from "../../src/otlp/trace-spans.js";
import { decode, hasOfficialProto, hex, loadOfficialProto } from "./official-proto.js";
import { D1, D2, tinyData } from "./tiny-dataset.js";

type Obj = Record<string, any>;
const attr = (span: Obj, key: string) => {
  const value = (span.attributes as Obj[]).find((kv) => kv.key === key)?.value;
  return value ? (value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue ?? value.arrayValue) : undefined;
};
const nanos = (instant: string | number) => String(BigInt(typeof instant === "number" ? instant : Date.parse(instant)) * 1_000_000n);

describe("deterministic ids", () => {
  it("derives trace and span ids from the workflow uid, node id and incident id", () => {
    const first = [...buildTraces(tinyData(), { resource: backfillResource() })];
    const again = [...buildTraces(tinyData(), { resource: backfillResource() })];
    expect(first.map((trace) => trace.spans.map((span) => span.spanContext().spanId))).toEqual(again.map((trace) => trace.spans.map((span) => span.spanContext().spanId)));
    // In the order of their instants: I3 (drill, started 00:05), D1 (finished 00:15), I1 (00:20),
    // D2 (00:42), I2 (00:55) — 2 deployments + 3 incident rows (the drill is listed by the report, so it has a trace too).
    expect(first.map((trace) => trace.traceId)).toEqual([incidentTraceId("I3"), traceIdFor(D1.id), incidentTraceId("I1"), traceIdFor(D2.id), incidentTraceId("I2")]);
    expect(first[1]!.spans[0]!.spanContext().spanId).toBe(spanIdFor(D1.id, "root"));
    expect(incidentTraceId("I1")).not.toBe(incidentTraceId("I2"));
  });
});

describe.skipIf(!hasOfficialProto)("OTLP protobuf against the official opentelemetry-proto schema", () => {
  const root = hasOfficialProto ? loadOfficialProto() : undefined;

  it("encodes deployment traces with ids, real times, CI/CD attributes and change spans", () => {
    const spans = [...buildTraces(tinyData(), { resource: backfillResource("dora-test") })].flatMap((trace) => trace.spans);
    const request = decode(root!, "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest", ProtobufTraceSerializer.serializeRequest(spans)!);
    const resourceSpans = request.resourceSpans as Obj[];
    expect(resourceSpans).toHaveLength(1);
    expect(resourceSpans[0]!.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "dora-test" } }]);
    const decoded = resourceSpans[0]!.scopeSpans[0].spans as Obj[];
    const d1 = decoded.filter((span) => hex(span.traceId) === traceIdFor(D1.id));
    // D1: root + DAG node + build + deploy-production (the Omitted node never ran) + 2 change spans = 6.
    expect(d1).toHaveLength(6);
    const rootSpan = d1.find((span) => hex(span.spanId) === spanIdFor(D1.id, "root"))!;
    expect(rootSpan.parentSpanId).toBeUndefined();
    expect(rootSpan.startTimeUnixNano).toBe(nanos(D1.startedMs));
    expect(rootSpan.endTimeUnixNano).toBe(nanos(D1.finishedMs));
    expect(attr(rootSpan, "cicd.pipeline.name")).toBe("deploy-api");
    expect(attr(rootSpan, "cicd.pipeline.run.id")).toBe(D1.id);
    expect(attr(rootSpan, "cicd.pipeline.run.url.full")).toBe(D1.url);
    expect(attr(rootSpan, "cicd.pipeline.result")).toBe("success");
    expect(attr(rootSpan, "vcs.repository.url.full")).toBe("https://github.com/acme/api");
    expect(attr(rootSpan, "vcs.ref.head.revision")).toBe(D1.sha);
    expect(attr(rootSpan, "deployment.environment.name")).toBe("production");
    expect(attr(rootSpan, "dora.change.count")).toBe("2");
    // Mean of 3600 and 7200.
    expect(attr(rootSpan, "dora.lead_time.mean_seconds")).toBe("5400");
    expect(attr(rootSpan, "dora.deployment.failed")).toBe(true);

    const dag = d1.find((span) => hex(span.spanId) === spanIdFor(D1.id, D1.name))!;
    expect(hex(dag.parentSpanId)).toBe(spanIdFor(D1.id, "root"));
    const deploy = d1.find((span) => span.name === "deploy-production")!;
    // Argo's top DAG node is the parent of the other nodes.
    expect(hex(deploy.parentSpanId)).toBe(spanIdFor(D1.id, D1.name));
    expect(deploy.startTimeUnixNano).toBe(nanos("2026-01-10T00:05:30.000Z"));
    expect(deploy.endTimeUnixNano).toBe(nanos(D1.finishedMs));
    expect(attr(deploy, "cicd.pipeline.task.name")).toBe("deploy-production");
    expect(attr(deploy, "cicd.pipeline.task.type")).toBe("deploy");
    expect(deploy.status.code).toBe("STATUS_CODE_OK");

    const change = d1.find((span) => span.name.startsWith("change c2"))!;
    // Zero-duration at the commit's author time, with its lead time.
    expect(change.startTimeUnixNano).toBe(nanos("2026-01-09T22:15:00.000Z"));
    expect(change.endTimeUnixNano).toBe(change.startTimeUnixNano);
    expect(attr(change, "dora.lead_time_seconds")).toBe("7200");
  });

  it("encodes incidents as spans linked to their deployment's root span; active ones end now", () => {
    const spans = [...buildTraces(tinyData(), { resource: backfillResource() })].flatMap((trace) => trace.spans);
    const request = decode(root!, "opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest", ProtobufTraceSerializer.serializeRequest(spans)!);
    const decoded = (request.resourceSpans as Obj[])[0]!.scopeSpans[0].spans as Obj[];
    const i1 = decoded.find((span) => hex(span.spanId) === incidentSpanId("I1"))!;
    expect(hex(i1.traceId)).toBe(incidentTraceId("I1"));
    expect(i1.startTimeUnixNano).toBe(nanos("2026-01-10T00:20:00.000Z"));
    expect(i1.endTimeUnixNano).toBe(nanos("2026-01-10T00:50:00.000Z"));
    expect(i1.links).toHaveLength(1);
    expect(hex(i1.links[0].traceId)).toBe(traceIdFor(D1.id));
    expect(hex(i1.links[0].spanId)).toBe(spanIdFor(D1.id, "root"));
    const i2 = decoded.find((span) => hex(span.spanId) === incidentSpanId("I2"))!;
    // Active: until the run's now (the window end of the tiny dataset).
    expect(i2.endTimeUnixNano).toBe(nanos("2026-01-10T01:00:00.000Z"));
    expect(i2.links ?? []).toHaveLength(0);
  });

  it("encodes cumulative monotonic sums and histograms with historical times and an empty unit", () => {
    const { grid, cursors } = metricCursors(tinyData(), 600);
    const { request } = buildResourceMetrics(backfillResource(), cursors, 0, grid.size);
    const decoded = decode(root!, "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest", serializeMetricsRequest(request));
    const metrics = (decoded.resourceMetrics as Obj[])[0]!.scopeMetrics[0].metrics as Obj[];
    const count = metrics.find((metric) => metric.name === "cd_argoworkflows_count_total")!;
    expect(count.unit).toBeUndefined(); // empty string = field absent
    expect(count.sum.isMonotonic).toBe(true);
    expect(count.sum.aggregationTemporality).toBe("AGGREGATION_TEMPORALITY_CUMULATIVE");
    const points = count.sum.dataPoints as Obj[];
    // 23:50, 00:00 … 00:50, the edge 00:59:59 (counting through 01:00) and 01:00.
    expect(points.map((point) => point.asInt)).toEqual(["1", "1", "1", "2", "2", "2", "3", "3", "3"]);
    expect(points[0]!.startTimeUnixNano).toBe(nanos("2026-01-09T23:50:00.000Z"));
    expect(points[8]!.startTimeUnixNano).toBe(nanos("2026-01-09T23:50:00.000Z"));
    expect(points[7]!.timeUnixNano).toBe(nanos("2026-01-10T00:59:59.000Z"));
    expect(points[8]!.timeUnixNano).toBe(nanos("2026-01-10T01:00:00.000Z"));
    const lead = metrics.find((metric) => metric.name === "cd_argoworkflows_leadtime")!;
    const last = (lead.histogram.dataPoints as Obj[]).at(-1)!;
    expect(last.count).toBe("2");
    expect(last.sum).toBe(10_800);
    expect(last.bucketCounts.slice(0, 3)).toEqual(["1", "1", "0"]);
  });

  it("splits metrics into requests under the size limit without losing a point", async () => {
    const bodies: Uint8Array[] = [];
    const summary = await runBackfill(tinyData(), { signals: ["metrics"], stepSeconds: 60, maxBodyBytes: 4000, onRequest: (_signal, body) => bodies.push(body) });
    expect(bodies.length).toBeGreaterThan(1);
    expect(Math.max(...bodies.map((body) => body.length))).toBeLessThanOrEqual(4000);
    let points = 0;
    for (const body of bodies) {
      const decoded = decode(root!, "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest", body);
      for (const metric of (decoded.resourceMetrics as Obj[])[0]!.scopeMetrics[0].metrics as Obj[]) {
        points += (metric.sum ?? metric.histogram ?? metric.gauge).dataPoints.length;
      }
    }
    // Grid series of service api: cd count, cd lead time, cd incidents ×2 (active, resolved), dora deployments
    // (succeeded), failed, changes, rework, rollbacks, lead time, incidents, restore time = 12; each has
    // 63 samples (60 one-minute steps from 00:00, the sample before, the edge 00:59:59 and `to`);
    // dora_deployment_info is opt-in, so no info points.
    expect(summary.series).toBe(12);
    expect(points).toBe(12 * 63);
    expect(summary.samples).toBe(points);
  });
});
