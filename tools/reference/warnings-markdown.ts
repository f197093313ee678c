import { WARNING_CATALOG, type WarningCatalogEntry } from "../../src/model/warning-catalog.js";

const SOURCES: Record<WarningCatalogEntry["source"], string> = {
  argo: "Argo Workflows runs",
  config: "Configuration",
  github: "GitHub commits",
  metrics: "Metrics",
  incidents: "Incidents",
  gap: "Gaps in the data",
};

/** docs/warnings.md: one section per code, grouped by where it comes from, in catalog order. */
export function warningsMarkdown(): string {
  const lines = [
    "# Warnings",
    "",
    "<!-- Generated from src/model/warning-catalog.ts by `npm run generate:reference`: edit the catalog, not this page. -->",
    "",
    "A warning is a non-fatal finding: a record left out, a figure computed with less data, a setting",
    "to check. Each has a stable `code` and usually a `subject` (the workflow, deployment, commit or",
    "incident it is about). The table lists them under the figures, the code in brackets; they are in",
    "the JSON report's `warnings` and the Markdown and HTML reports; `--verbose` also prints each on",
    "stderr, and `--log-format json` logs each as one line with `\"code\"` and `\"subject\"`.",
    "",
    "Codes starting with `incomplete-` are **gaps**: data dora could not read. Without `--allow-partial`",
    "a gap stops the run (exit 3); with it, the report is printed with an `INCOMPLETE` banner and dora",
    "still exits 3 (see [failure modes](failure-modes.md)).",
    "",
  ];
  const groups = [...new Set(WARNING_CATALOG.map((entry) => entry.source))];
  for (const source of groups) {
    const entries = WARNING_CATALOG.filter((entry) => entry.source === source);
    lines.push(`**${SOURCES[source]}:** ${entries.map((entry) => `[\`${entry.code}\`](#${entry.code})`).join(", ")}`, "");
  }
  for (const entry of WARNING_CATALOG) {
    lines.push(`## ${entry.code}`, "", entry.meaning, "", `**What to do:** ${entry.action}`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
