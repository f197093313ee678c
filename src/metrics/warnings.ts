import type { Warning } from "../model/warning.js";

/** Where the metrics report their findings. */
export type WarningSink = (warning: Warning) => void;

/** Keeps the first warning of each code + subject, in order. */
export function dedupeWarnings(warnings: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  const unique: Warning[] = [];
  for (const warning of warnings) {
    const key = `${warning.code}\u0000${warning.subject ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(warning);
  }
  return unique;
}
