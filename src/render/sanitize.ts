// Text from APIs (incident titles, label values, workflow names...) is untrusted: a title holding
// terminal escapes could rewrite the user's screen, a "|" could break a Markdown table, and a cell
// starting with "=" runs as a formula when a CSV is opened in a spreadsheet.

import { stripControl } from "../util/strip-control.js";

export { stripControl };

/** Characters with a Markdown/HTML meaning inside a GFM table cell or list item; all take a backslash escape. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~&]/g;

/** Makes API text safe for one GFM table cell (or list item): stripped, one line, special characters escaped. */
export function escapeMarkdownCell(text: string): string {
  return stripControl(text).replace(MARKDOWN_SPECIAL, (character) => `\\${character}`);
}

/** Leading characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^(?:[=+\-@\t\r]|\s+[=+\-@])/;

/**
 * Prefixes a text cell that a spreadsheet would evaluate with `'`. Only for strings: numbers we
 * write ourselves (a negative lead time) go out as numbers and are never touched.
 */
export function neutralizeCsvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text → inert HTML text or attribute value: controls stripped, markup characters escaped. */
export function html(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}
