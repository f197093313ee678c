import type { SampleGrid, SeriesCursor } from "./metric-samples.js";
import type { MetricFamily } from "./metric-series.js";

/** Text size after which a chunk is handed to the writer: bounded memory, however long the history. */
const CHUNK_CHARS = 256 * 1024;

/**
 * The same series as the OTLP export, as OpenMetrics text for `promtool tsdb create-blocks-from
 * openmetrics` and `mimirtool backfill`: `# HELP`/`# TYPE` per family (families contiguous), each
 * series' samples in time order, timestamps in seconds, counters with `_total`, no `# UNIT`
 * (the names are final), and `# EOF` at the end. Yields the text in chunks. `range` limits it to
 * the samples of grid indices [fromIndex, toIndex) (info samples: of [fromMs, toMs)) — one UTC day.
 */
export function* openMetricsChunks(cursors: readonly SeriesCursor[], sampleCount: number, range?: DayRange): Generator<string> {
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
    for (const point of range ? cursor.points(range.fromIndex, range.toIndex, range.fromMs, range.toMs) : cursor.points(0, sampleCount)) {
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

/** One UTC day of the grid: its sample indices and its instants. */
export interface DayRange {
  /** YYYY-MM-DD (UTC). */
  day: string;
  fromMs: number;
  toMs: number;
  fromIndex: number;
  toIndex: number;
}

const DAY_MS = 86_400_000;

/**
 * The UTC days the grid's samples fall on, in order. Mimir's block upload refuses blocks longer than
 * its largest compactor range (24 h) or crossing its boundary (UTC midnight): one file per day
 * gives promtool nothing that could cross one.
 */
export function utcDays(grid: SampleGrid): DayRange[] {
  const days: DayRange[] = [];
  const first = grid.timeAt(0);
  const last = grid.timeAt(grid.size - 1);
  for (let dayMs = Math.floor(first / DAY_MS) * DAY_MS; dayMs <= last; dayMs += DAY_MS) {
    // First sample at or after the day's start (times are whole milliseconds).
    const fromIndex = dayMs <= first ? 0 : grid.firstIndexAfter(dayMs - 1);
    const toIndex = dayMs + DAY_MS > last ? grid.size : grid.firstIndexAfter(dayMs + DAY_MS - 1);
    if (toIndex > fromIndex) days.push({ day: new Date(dayMs).toISOString().slice(0, 10), fromMs: dayMs, toMs: dayMs + DAY_MS, fromIndex, toIndex });
  }
  return days;
}
