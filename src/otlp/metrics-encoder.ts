import type { Resource } from "@opentelemetry/resources";
import type { SeriesCursor } from "./metric-samples.js";
import type { MetricFamily } from "./metric-series.js";
import { encodeAttributes, encodeMessage, ProtobufWriter, varintSize, WIRE_FIXED64, WIRE_VARINT } from "./protobuf-writer.js";
import { INSTRUMENTATION_SCOPE } from "./resource.js";

// OTLP/HTTP protobuf ExportMetricsServiceRequest bodies, encoded straight from the series cursors
// (opentelemetry/proto/metrics/v1/metrics.proto): the same messages buildResourceMetrics +
// ProtobufMetricsSerializer produce — cumulative monotonic sums with integer values, cumulative
// histograms, double gauges, an empty unit — without an object per data point.

/** Field numbers and tag bytes of metrics.proto used below. */
const METRIC_GAUGE = 5;
const METRIC_SUM = 7;
const METRIC_HISTOGRAM = 9;
const AGGREGATION_TEMPORALITY_CUMULATIVE = 2;
const NUMBER_POINT_ATTRIBUTES = 7;
const HISTOGRAM_POINT_ATTRIBUTES = 9;
/** A data point's tag in Gauge/Sum/Histogram.data_points (field 1, length-delimited). */
const DATA_POINT_TAG = 0x0a;

export interface EncodedRequest {
  body: Uint8Array;
  /** Data points in the body. */
  items: number;
}

interface SeriesEncoding {
  cursor: SeriesCursor;
  /** The point's attributes field, encoded once per series. */
  attributes: Uint8Array;
  /** Size of one data point's content (fixed: every field is fixed-width). */
  pointSize: number;
}

interface FamilyEncoding {
  family: MetricFamily;
  series: SeriesEncoding[];
  /** Metric.name and Metric.description. */
  header: Uint8Array;
  dataField: number;
  /** Sum/Histogram fields after the data points: temporality (and monotonicity). */
  trailer: Uint8Array;
  /** Histogram explicit_bounds, packed (the same for every point of the family). */
  bounds: Uint8Array;
  /** The data points of the current batch, each with its tag and length, and where each ends. */
  points: ProtobufWriter;
  pointEnds: number[];
}

/**
 * Encodes the points of grid slices [fromIndex, toIndex) of every series into requests no larger
 * than `maxBytes` (a single data point always goes). Cursors advance as they are read, so slices
 * must come in order, as runBackfill asks for them.
 */
export function createMetricsEncoder(resource: Resource, cursors: readonly SeriesCursor[]) {
  const prefix = requestPrefix(resource);
  const families: FamilyEncoding[] = [];
  for (const cursor of cursors) {
    let family = families.at(-1);
    if (family?.family !== cursor.family) {
      family = familyEncoding(cursor.family);
      families.push(family);
    }
    family.series.push(seriesEncoding(cursor, family.bounds.length));
  }

  return (fromIndex: number, toIndex: number, maxBytes: number): { requests: EncodedRequest[]; points: number } => {
    let points = 0;
    for (const family of families) {
      family.points.reset();
      family.pointEnds.length = 0;
      for (const series of family.series) writePoints(family, series, fromIndex, toIndex);
      points += family.pointEnds.length;
    }
    return { requests: packRequests(prefix, families, maxBytes), points };
  };
}

function familyEncoding(family: MetricFamily): FamilyEncoding {
  const dataField = family.kind === "counter" ? METRIC_SUM : family.kind === "histogram" ? METRIC_HISTOGRAM : METRIC_GAUGE;
  const bounds = family.bounds ?? [];
  return {
    family,
    series: [],
    header: encodeMessage((writer) => writer.string(1, family.name).string(2, family.help)),
    dataField,
    trailer: encodeMessage((writer) => {
      if (dataField === METRIC_GAUGE) return;
      writer.tag(2, WIRE_VARINT).varint(AGGREGATION_TEMPORALITY_CUMULATIVE);
      if (dataField === METRIC_SUM) writer.tag(3, WIRE_VARINT).varint(1);
    }),
    bounds:
      family.kind === "histogram"
        ? encodeMessage((writer) => {
            writer.tag(7, 2).varint(bounds.length * 8);
            for (const bound of bounds) writer.double(bound);
          })
        : new Uint8Array(0),
    points: new ProtobufWriter(),
    pointEnds: [],
  };
}

function seriesEncoding(cursor: SeriesCursor, boundsFieldSize: number): SeriesEncoding {
  const histogram = cursor.family.kind === "histogram";
  const attributes = encodeAttributes(histogram ? HISTOGRAM_POINT_ATTRIBUTES : NUMBER_POINT_ATTRIBUTES, cursor.series.labels);
  const bucketCount = (cursor.family.bounds?.length ?? 0) + 1;
  // start and time (fixed64), then the value (fixed64 or double): 9 bytes each with the tag.
  const numberSize = attributes.length + 9 + 9 + 9;
  const histogramSize = attributes.length + 9 + 9 + 9 /* count */ + 9 /* sum */ + 1 + varintSize(bucketCount * 8) + bucketCount * 8 + boundsFieldSize;
  return { cursor, attributes, pointSize: histogram ? histogramSize : numberSize };
}

function writePoints(family: FamilyEncoding, series: SeriesEncoding, fromIndex: number, toIndex: number): void {
  const { points, pointEnds } = family;
  const kind = family.family.kind;
  series.cursor.visitPoints(fromIndex, toIndex, (point) => {
    points.varint(DATA_POINT_TAG).varint(series.pointSize).bytes(series.attributes);
    points.tag(2, WIRE_FIXED64).fixed64Nanos(point.startMs);
    points.tag(3, WIRE_FIXED64).fixed64Nanos(point.timeMs);
    if (kind === "counter") {
      // as_int (sfixed64): counters count events, whole numbers.
      points.tag(6, WIRE_FIXED64).fixed64(Math.max(0, Math.trunc(point.value)));
    } else if (kind === "info") {
      points.tag(4, WIRE_FIXED64).double(point.value);
    } else {
      points.tag(4, WIRE_FIXED64).fixed64(point.count);
      points.tag(5, WIRE_FIXED64).double(point.sum);
      points.tag(6, 2).varint(point.buckets.length * 8);
      for (const count of point.buckets) points.fixed64(count);
      points.bytes(family.bounds);
    }
    pointEnds.push(points.length);
  });
}

/** Resource and scope of every request, encoded once. */
function requestPrefix(resource: Resource): { resource: Uint8Array; scope: Uint8Array } {
  const attributes = resource.attributes as Record<string, string | number | boolean>;
  return {
    resource: encodeMessage((writer) => writer.message(1, encodeAttributes(1, attributes))),
    scope: encodeMessage((writer) => writer.message(1, encodeMessage((scope) => scope.string(1, INSTRUMENTATION_SCOPE.name)))),
  };
}

interface MetricPiece {
  family: FamilyEncoding;
  /** Byte range of its data points in family.points, and how many. */
  from: number;
  to: number;
  count: number;
}

/** Fills requests in family order, a family's points split across requests when they do not fit. */
function packRequests(prefix: { resource: Uint8Array; scope: Uint8Array }, families: readonly FamilyEncoding[], maxBytes: number): EncodedRequest[] {
  // Worst case of the three nested length prefixes (5-byte varints) and their tags.
  const overhead = prefix.resource.length + prefix.scope.length + 3 * 6;
  const requests: EncodedRequest[] = [];
  let pieces: MetricPiece[] = [];
  let used = overhead;
  const flush = () => {
    if (pieces.length > 0) requests.push(assemble(prefix, pieces));
    pieces = [];
    used = overhead;
  };
  for (const family of families) {
    const ends = family.pointEnds;
    const metricOverhead = 6 + family.header.length + 6 + family.trailer.length;
    let first = 0;
    while (first < ends.length) {
      const start = first === 0 ? 0 : ends[first - 1]!;
      let last = first;
      while (last < ends.length && used + metricOverhead + (ends[last]! - start) <= maxBytes) last++;
      if (last === first) {
        if (pieces.length > 0) {
          flush();
          continue;
        }
        last = first + 1; // a single point always goes, whatever its size
      }
      pieces.push({ family, from: start, to: ends[last - 1]!, count: last - first });
      used += metricOverhead + (ends[last - 1]! - start);
      first = last;
      if (first < ends.length) flush();
    }
  }
  flush();
  return requests;
}

function assemble(prefix: { resource: Uint8Array; scope: Uint8Array }, pieces: readonly MetricPiece[]): EncodedRequest {
  const sizes = pieces.map(({ family, from, to }) => {
    const data = to - from + family.trailer.length;
    return { data, metric: family.header.length + 1 + varintSize(data) + data };
  });
  const scopeMetrics = prefix.scope.length + sizes.reduce((sum, size) => sum + 1 + varintSize(size.metric) + size.metric, 0);
  const resourceMetrics = prefix.resource.length + 1 + varintSize(scopeMetrics) + scopeMetrics;
  const writer = new ProtobufWriter(1 + varintSize(resourceMetrics) + resourceMetrics);
  writer.tag(1, 2).varint(resourceMetrics).bytes(prefix.resource);
  writer.tag(2, 2).varint(scopeMetrics).bytes(prefix.scope);
  let items = 0;
  pieces.forEach(({ family, from, to, count }, index) => {
    const size = sizes[index]!;
    writer.tag(2, 2).varint(size.metric).bytes(family.header);
    writer.tag(family.dataField, 2).varint(size.data).bytes(family.points.subarrayView(from, to)).bytes(family.trailer);
    items += count;
  });
  return { body: writer.finish(), items };
}
