import { stripControl } from "./strip-control.js";

const SHOWN_CHARS = 60;

/** A remote value for a message: quoted, stripped of control characters, cut short. */
export function quoteValue(value: unknown): string {
  const text = stripControl(typeof value === "string" ? value : JSON.stringify(value) ?? String(value));
  return `"${text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text}"`;
}
