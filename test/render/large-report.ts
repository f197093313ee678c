import type { BucketMetrics, MetricSet, Report } from "../../src/model/report.js";
import { loadSample } from "./load-sample.js";

/**
 * A report the size of `services` × `days` daily buckets, built from the sample's figures: every
 * slot holds the same MetricSet object, so the report itself costs a few bytes per slot while its
 * JSON costs ~1.3 KB per slot (5,000 × 365 would be ~2.4 GB of JSON from ~60 MB of objects).
 */
export function largeReport(services: number, days: number): Report {
  const report = loadSample();
  const metrics: MetricSet = report.overall;
  const names = Array.from({ length: services }, (_, index) => `service-${String(index).padStart(5, "0")}`);
  const perService = (): Record<string, MetricSet> => Object.fromEntries(names.map((name) => [name, metrics]));
  const day = 86_400_000;
  const from = Date.parse("2025-01-01T00:00:00.000Z");
  const buckets: BucketMetrics[] = Array.from({ length: days }, (_, index) => ({
    start: new Date(from + index * day).toISOString(),
    end: new Date(from + (index + 1) * day).toISOString(),
    overall: metrics,
    services: perService(),
  }));
  return {
    ...report,
    window: { from: new Date(from).toISOString(), to: new Date(from + days * day).toISOString(), timezone: "UTC" },
    services: perService(),
    buckets,
  };
}
