import Table from "cli-table3";
import type { Explanation } from "../../metrics/explain/explanation.js";
import { escapeMarkdownCell, stripControl } from "../sanitize.js";
import { explanationDocument, type ExplainTable } from "./explain-document.js";

export const EXPLAIN_FORMATS = ["table", "json", "markdown"] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/** `dora explain` output in one format; pure, returns the whole text. */
export function renderExplanation(format: ExplainFormat, explanation: Explanation): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(explanation, null, 2)}\n`;
    case "markdown":
      return renderMarkdownExplanation(explanation);
    case "table":
      return renderTextExplanation(explanation);
  }
}

function moreLine(table: ExplainTable): string[] {
  return table.more > 0 ? [`… and ${table.more} more (--format json lists them all)`] : [];
}

/** For a terminal: headings, indented sentences, compact tables. API text is stripped of controls. */
function renderTextExplanation(explanation: Explanation): string {
  const document = explanationDocument(explanation);
  const sections = [stripControl(document.title)];
  for (const block of document.blocks) {
    const lines = [stripControl(block.heading), ...block.lines.map((line) => `  ${stripControl(line)}`)];
    if (block.table && block.table.rows.length > 0) {
      const table = new Table({ head: block.table.head, style: { head: [], border: [], compact: true } });
      for (const row of block.table.rows) table.push(row.map(stripControl));
      lines.push(table.toString(), ...moreLine(block.table));
    }
    sections.push(lines.join("\n"));
  }
  return `${sections.join("\n\n")}\n`;
}

function markdownTable(table: ExplainTable): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdownCell).join(" | ")} |`;
  return [line(table.head), `|${table.head.map(() => " --- |").join("")}`, ...table.rows.map(line), ...moreLine(table).map((text) => `\n${text}`)].join("\n");
}

/** GitHub-flavoured Markdown: every text escaped as a table cell or list item. */
function renderMarkdownExplanation(explanation: Explanation): string {
  const document = explanationDocument(explanation);
  const sections = [`## ${escapeMarkdownCell(document.title)}`];
  for (const block of document.blocks) {
    const parts = [`### ${escapeMarkdownCell(block.heading)}`];
    if (block.lines.length > 0) parts.push(block.lines.map((line) => `- ${escapeMarkdownCell(line)}`).join("\n"));
    if (block.table && block.table.rows.length > 0) parts.push(markdownTable(block.table));
    sections.push(parts.join("\n\n"));
  }
  return `${sections.join("\n\n")}\n`;
}
