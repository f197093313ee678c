import { ValueType } from "@opentelemetry/api";
import type { HrTime } from "@opentelemetry/api";
import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import type { Resource } from "@opentelemetry/resources";
import { AggregationTemporality, DataPointType } from "@opentelemetry/sdk-metrics";
import type { DataPoint, Histogram, MetricData, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { SeriesCursor } from "./metric-samples.js";
import { INSTRUMENTATION_SCOPE } from "./resource.js";

export function hrTimeOf(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * One OTLP ExportMetricsServiceRequest with the points of grid indices [fromIndex, toIndex) of every
 * series, built by hand: the metrics SDK would stamp "now", these keep their historical times.
 * Cumulative temporality, monotonic sums, each series' fixed start time, and an empty unit so the
 * names arrive as final Prometheus names.
 */
export function buildResourceMetrics(resource: Resource, cursors: readonly SeriesCursor[], fromIndex: number, toIndex: number): { request: ResourceMetrics; points: number } {
  const byFamily = new Map<string, { cursor: SeriesCursor; points: DataPoint<number | Histogram>[] }[]>();
  let points = 0;
  for (const cursor of cursors) {
    const dataPoints: DataPoint<number | Histogram>[] = [];
    const attributes = cursor.series.labels;
    for (const point of cursor.points(fromIndex, toIndex)) {
      if (point.kind === "histogram") {
        const bounds = cursor.family.bounds ?? [];
        dataPoints.push({
          startTime: hrTimeOf(point.startMs),
          endTime: hrTimeOf(point.timeMs),
          attributes,
          value: { buckets: { boundaries: [...bounds], counts: point.buckets }, sum: point.sum, count: point.count },
        });
      } else {
        dataPoints.push({
          startTime: hrTimeOf(point.kind === "counter" ? point.startMs : point.timeMs),
          endTime: hrTimeOf(point.timeMs),
          attributes,
          value: point.value,
        });
      }
    }
    if (dataPoints.length === 0) continue;
    points += dataPoints.length;
    const list = byFamily.get(cursor.family.name) ?? [];
    list.push({ cursor, points: dataPoints });
    byFamily.set(cursor.family.name, list);
  }

  const metrics: MetricData[] = [];
  for (const [name, entries] of byFamily) {
    const family = entries[0]!.cursor.family;
    const descriptor = { name, description: family.help, unit: "", valueType: family.kind === "counter" ? ValueType.INT : ValueType.DOUBLE };
    const dataPoints = entries.flatMap((entry) => entry.points);
    if (family.kind === "counter") {
      metrics.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: dataPoints as DataPoint<number>[],
      });
    } else if (family.kind === "histogram") {
      metrics.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: dataPoints as DataPoint<Histogram>[],
      });
    } else {
      metrics.push({
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: dataPoints as DataPoint<number>[],
      });
    }
  }
  return { request: { resource, scopeMetrics: [{ scope: INSTRUMENTATION_SCOPE, metrics }] }, points };
}

export function serializeMetricsRequest(request: ResourceMetrics): Uint8Array {
  const body = ProtobufMetricsSerializer.serializeRequest(request);
  if (!body) throw new Error("the OTLP metrics serializer returned nothing");
  return body;
}
