import type { SeriesCursor } from "./metric-samples.js";
import type { MetricFamily } from "./metric-series.js";

/** Text size after which a chunk is handed to the writer: bounded memory, however long the history. */
const CHUNK_CHARS = 256 * 1024;

/**
 * The same series as the OTLP export, as OpenMetrics text for `promtool tsdb create-blocks-from
 * openmetrics` and `mimirtool backfill`: `# HELP`/`# TYPE` per family (families contiguous), each
 * series' samples in time order, timestamps in seconds, counters with `_total`, no `# UNIT`
 * (the names are final), and `# EOF` at the end. Yields the text in chunks.
 */
export function* openMetricsChunks(cursors: readonly SeriesCursor[], sampleCount: number): Generator<string> {
  let buffer = "";
  let family: MetricFamily | undefined;
  for (const cursor of cursors) {
    if (cursor.family !== family) {
      family = cursor.family;
      const name = familyName(family);
      buffer += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.kind === "info" ? "gauge" : family.kind}\n`;
    }
    const labels = Object.entries(cursor.series.labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
    const plain = `{${labels.join(",")}}`;
    const bucketLabels = (family.bounds ?? []).map((bound) => `{${[...labels, `le="${bound}"`].join(",")}}`);
    bucketLabels.push(`{${[...labels, 'le="+Inf"'].join(",")}}`);
    for (const point of cursor.points(0, sampleCount)) {
      const time = formatSeconds(point.timeMs);
      if (point.kind === "histogram") {
        // One OpenMetrics histogram point: cumulative buckets, then count and sum, at one timestamp.
        let cumulative = 0;
        for (let index = 0; index < point.buckets.length; index++) {
          cumulative += point.buckets[index]!;
          buffer += `${family.name}_bucket${bucketLabels[index]} ${cumulative} ${time}\n`;
        }
        buffer += `${family.name}_count${plain} ${point.count} ${time}\n${family.name}_sum${plain} ${formatNumber(point.sum)} ${time}\n`;
      } else {
        buffer += `${family.name}${plain} ${formatNumber(point.value)} ${time}\n`;
      }
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        buffer = "";
      }
    }
  }
  yield buffer + "# EOF\n";
}

/** The OpenMetrics family name: a counter's samples carry `_total`, its family does not. */
function familyName(family: MetricFamily): string {
  return family.kind === "counter" ? family.name.replace(/_total$/, "") : family.name;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(3);
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}
