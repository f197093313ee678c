// Text from APIs is untrusted: a title or an error body holding terminal escapes could retitle the
// terminal (ESC ]0;…), repaint it (ANSI colours) or ring it (BEL). Every remote text is stripped
// with this before it reaches a report or stderr.

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

/** For terminal text of several lines (stderr): every line stripped, the line breaks kept. */
export function stripControlKeepingLines(text: string): string {
  return text.split("\n").map(stripControl).join("\n");
}
