import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createMetricsEncoder } from "../../src/otlp/metrics-encoder.js";
import { buildResourceMetrics, serializeMetricsRequest } from "../../src/otlp/metrics-request.js";
import { ProtobufWriter } from "../../src/otlp/protobuf-writer.js";
import { backfillResource } from "../../src/otlp/resource.js";
import { metricCursors } from "../../src/otlp/run-backfill.js";
import { decode, hasOfficialProto, loadOfficialProto } from "./official-proto.js";
import { tinyData } from "./tiny-dataset.js";

const REQUEST = "opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest";
type Obj = Record<string, any>;

describe("direct metrics encoding", () => {
  it("writes epoch milliseconds as exact fixed64 nanoseconds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999 }), (ms, micros) => {
        const value = ms + micros / 1000;
        const bytes = new ProtobufWriter(8).fixed64Nanos(value).finish();
        const expected = BigInt(ms) * 1_000_000n + BigInt(micros) * 1000n;
        expect(new DataView(bytes.buffer).getBigUint64(0, true)).toBe(expected);
      }),
    );
  });

  it.skipIf(!hasOfficialProto)("decodes to the same request as the OpenTelemetry serializer", () => {
    const root = loadOfficialProto();
    // Two cursor sets: cursors advance as they are read.
    const reference = metricCursors(tinyData(), 600);
    const { request } = buildResourceMetrics(backfillResource(), reference.cursors, 0, reference.grid.size);
    const expected = decode(root, REQUEST, serializeMetricsRequest(request));

    const direct = metricCursors(tinyData(), 600);
    const encode = createMetricsEncoder(backfillResource(), direct.cursors);
    const { requests, points } = encode(0, direct.grid.size, 4 * 1024 * 1024);
    expect(requests).toHaveLength(1);
    const actual = decode(root, REQUEST, requests[0]!.body);
    expect(actual).toEqual(expected);
    const metrics = (actual.resourceMetrics as Obj[])[0]!.scopeMetrics[0].metrics as Obj[];
    const decodedPoints = metrics.reduce((sum, metric) => sum + (metric.sum ?? metric.histogram ?? metric.gauge).dataPoints.length, 0);
    expect(points).toBe(decodedPoints);
    expect(requests[0]!.items).toBe(points);
  });
});
