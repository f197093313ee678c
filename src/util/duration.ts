// Hand-written rather than `ms`: we want one strict grammar (no "1 day", no bare numbers), compound
// forms like "1h30m", and an error that names the accepted form.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION_RE = /^(?:\d+(?:\.\d+)?[smhdw])+$/;
const PART_RE = /(\d+(?:\.\d+)?)([smhdw])/g;

export const DURATION_FORM = 'a duration such as "30s", "15m", "24h", "7d", "2w" or "1h30m"';

/** Parses "90d", "24h", "1h30m" to seconds; returns undefined for anything else. */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION_RE.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART_RE)) {
    total += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  return Number.isFinite(total) ? total : undefined;
}

/** Formats seconds compactly for humans: 5400 → "1h 30m", 93784 → "1d 2h", 42 → "42s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const negative = seconds < 0;
  let rest = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  let shown = 0;
  // Two significant units, never skipping one in between: 6h 0m 35s (not "6h 35s"), 1d 0h 17m.
  for (const [unit, size] of [["d", 86_400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    if (parts.length > 0 && rest === 0) break;
    if (rest >= size || parts.length > 0 || unit === "s") {
      const value = Math.floor(rest / size);
      parts.push(`${value}${unit}`);
      if (value > 0) shown++;
      rest %= size;
    }
    if (shown === 2) break;
  }
  return (negative ? "-" : "") + parts.join(" ");
}
