import type { DoraConfig } from "../config/schema.js";
import type { Bucket, Window } from "../model/window.js";
import type { Report } from "../model/report.js";
import type { ServiceDefinition } from "../model/service.js";
import { computeReport } from "../metrics/compute-report.js";
import type { MetricsInput, MetricsOptions } from "../metrics/options.js";
import { parseDurationSeconds } from "../util/duration.js";
import { ConfigError } from "../errors.js";
import { incidentSourceKinds, serviceIncidentLabels } from "../config/incident-sources.js";
import type { FetchWindow } from "../sources/types.js";
import { collectInput, type Sources } from "./collect-input.js";

export interface ReportRequest {
  config: DoraConfig;
  window: Window;
  /** The run's clock ("now" of the fixtures when replaying). */
  now: Date;
  generatedAt: Date;
  reportServices?: string[];
  bucket?: Bucket;
}

export function serviceDefinitions(config: DoraConfig): ServiceDefinition[] {
  return config.services.map((service) => ({
    name: service.name,
    repo: service.repo,
    incidentLabels: serviceIncidentLabels(service, incidentSourceKinds(config)),
  }));
}

export function metricsOptions(config: DoraConfig): MetricsOptions {
  return {
    leadTimeStart: config.leadTime.start,
    attributionWindowSeconds: parseDurationSeconds(config.attribution.window)!,
    countFailedRollouts: config.changeFailure.countFailedRollouts,
    reworkGraceSeconds: parseDurationSeconds(config.rework.grace)!,
  };
}

/** Validates --service names against the config. */
export function checkServiceFilter(config: DoraConfig, names: string[] | undefined): string[] | undefined {
  if (!names || names.length === 0) return undefined;
  const known = new Set(config.services.map((service) => service.name));
  for (const name of names) {
    if (!known.has(name)) {
      throw new ConfigError(`--service "${name}" is not a configured service`, "--service", `use one of: ${[...known].join(", ")}`);
    }
  }
  return names;
}

/**
 * sources → model → metrics: the whole `dora report` computation, without any output. Also
 * returns what the sources fetched: the backfill needs the workflow steps and the lookback.
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

export async function runReport(sources: Sources, request: ReportRequest): Promise<Report> {
  return (await runReportWithInput(sources, request)).report;
}
