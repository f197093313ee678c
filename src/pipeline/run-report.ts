import type { DoraConfig } from "../config/schema.js";
import type { Bucket, Window } from "../model/window.js";
import type { Report } from "../model/report.js";
import type { ServiceDefinition } from "../model/service.js";
import { analyze, type Analysis } from "../metrics/analysis.js";
import type { MetricsInput, MetricsOptions } from "../metrics/options.js";
import type { Warning } from "../model/warning.js";
import { reportOf } from "../metrics/report-view.js";
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

/** sources → model: everything the sources fetched for the request's window (lookback included), normalized. */
export async function collectRunInput(sources: Sources, request: ReportRequest): Promise<{ input: MetricsInput; warnings: Warning[] }> {
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
  return collectInput(sources, fetchWindow, window, services, request.reportServices);
}

/** model → metrics: the analysis of what the sources fetched (`warnings`: theirs, listed first). */
export function analyzeRun(input: MetricsInput, warnings: Warning[], request: ReportRequest): Analysis {
  const { config, window, now } = request;
  return analyze(
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
}

/**
 * sources → model → metrics: the whole `dora report` computation, without any output. The report,
 * `dora explain` and the backfill are views of the analysis.
 */
export async function runAnalysis(sources: Sources, request: ReportRequest): Promise<Analysis> {
  const { input, warnings } = await collectRunInput(sources, request);
  return analyzeRun(input, warnings, request);
}

export async function runReport(sources: Sources, request: ReportRequest): Promise<Report> {
  return reportOf(await runAnalysis(sources, request));
}
