import { computeReport } from "../metrics/compute-report.js";
import type { MetricsInput } from "../metrics/options.js";
import type { Report } from "../model/report.js";
import type { FetchWindow } from "../sources/types.js";
import { parseDurationSeconds } from "../util/duration.js";
import { collectInput, type Sources } from "./collect-input.js";
import { metricsOptions, serviceDefinitions, type ReportRequest } from "./run-report.js";

/**
 * `runReport` for the backfill: the report plus what the sources fetched (MetricsInput), which the
 * backfill needs too — workflow steps for the spans and the lookback for the counters' history.
 */
export async function runReportWithInput(sources: Sources, request: ReportRequest): Promise<{ report: Report; input: MetricsInput }> {
  const { config, window, now } = request;
  const lookbackSeconds = parseDurationSeconds(config.lookback)!;
  const fetchWindow: FetchWindow = {
    from: window.from,
    to: window.to,
    lookbackFrom: new Date(window.from.getTime() - lookbackSeconds * 1000),
    now,
  };
  const services = request.reportServices
    ? config.services.filter((service) => request.reportServices!.includes(service.name))
    : config.services;
  const { input, warnings } = await collectInput(sources, fetchWindow, window, services, request.reportServices);
  const report = computeReport(
    input,
    {
      window,
      now,
      generatedAt: request.generatedAt,
      services: serviceDefinitions(config),
      reportServices: request.reportServices,
      bucket: request.bucket,
    },
    metricsOptions(config),
    warnings,
  );
  return { report, input };
}
