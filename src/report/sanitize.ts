// Text from APIs (incident titles, label values, workflow names...) is untrusted: a title holding
// terminal escapes could rewrite the user's screen, a "|" could break a Markdown table, and a cell
// starting with "=" runs as a formula when a CSV is opened in a spreadsheet.

/** ESC-introduced strings (OSC, DCS, SOS, PM, APC) run until BEL or ST; an unterminated one runs to the end. */
const ESCAPE_STRING = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|$)/g;
/** CSI sequences, 7-bit (ESC [) and 8-bit (0x9B): parameters, intermediates, one final byte. */
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?/g;
/** Any other escape: ESC, intermediates, one final byte (e.g. ESC ( B, ESC 7, ESC c). */
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]?/g;
/** Line breaks and tabs read as a space so words do not run together. */
const WHITESPACE_CONTROL = /\r\n|[\t\n\v\f\r\u2028\u2029]/g;
/** Remaining C0/DEL/C1 controls, and bidi overrides that can make displayed text lie about its order. */
const INVISIBLE_CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes ANSI escape sequences and control characters; newlines and tabs become a space. */
export function stripControl(text: string): string {
  return text
    .replace(ESCAPE_STRING, "")
    .replace(CSI, "")
    .replace(OTHER_ESCAPE, "")
    .replace(WHITESPACE_CONTROL, " ")
    .replace(INVISIBLE_CONTROL, "");
}

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
