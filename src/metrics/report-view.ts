import type { Report } from "../model/report.js";
import type { Analysis } from "./analysis.js";
import { changeRows, deploymentRow, incidentRow, type RowContext } from "./rows.js";

/** The `schemaVersion: 1` report (docs/metric-definitions.md, "JSON report contract"): a view of the analysis, instants as ISO strings. */
export function reportOf(analysis: Analysis): Report {
  const { figures, listRows } = analysis;
  const rowContext: RowContext = {
    leadTimeStart: analysis.options.leadTimeStart,
    attributionWindowSeconds: analysis.options.attributionWindowSeconds,
    serviceLabels: analysis.serviceLabels,
  };
  return {
    schemaVersion: 1,
    generatedAt: new Date(analysis.generatedAtMs).toISOString(),
    window: { from: new Date(analysis.window.fromMs).toISOString(), to: new Date(analysis.window.toMs).toISOString(), timezone: analysis.window.timezone },
    benchmark: "dora-2023",
    overall: figures.overall,
    services: figures.services,
    buckets: figures.buckets,
    deployments: listRows ? analysis.deployments.map(deploymentRow) : [],
    changes: listRows ? analysis.deployments.flatMap((fact) => changeRows(fact, rowContext)) : [],
    incidents: listRows ? analysis.incidents.map((fact) => incidentRow(fact, rowContext)) : [],
    warnings: [...analysis.warnings],
  };
}
