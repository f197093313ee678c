// The library API: importing it has no side effects (no I/O, no console, no process.exit).
export * from "./model/index.js";
export { computeReport } from "./metrics/compute-report.js";
export { planGitHubRequests } from "./metrics/plan-github-requests.js";
export type { MetricsInput, MetricsOptions, ReportScope, LeadTimeStart } from "./metrics/options.js";
export { DEFAULT_METRICS_OPTIONS } from "./metrics/options.js";
export { configSchema, type DoraConfig, type DoraConfigInput, type ServiceConfig } from "./config/schema.js";
export { parseConfig, loadConfigFile, findConfigFile } from "./config/load-config.js";
export { resolveWindow } from "./config/resolve-window.js";
export { runReport, serviceDefinitions, metricsOptions } from "./pipeline/run-report.js";
export { createSources } from "./pipeline/create-sources.js";
export { collectInput, type Sources } from "./pipeline/collect-input.js";
export { render, renderReportChunks, renderers, FORMATS, CSV_TABLES, type Format, type CsvTable, type RenderOptions } from "./render/index.js";
export { ConfigError, SourceError, ExportError, ThresholdError } from "./errors.js";
export type * from "./sources/types.js";
