const TICKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

/**
 * One block character per value, scaled from 0 (or the minimum, when negative) to the maximum,
 * so a week with half the deployments looks half as tall. A null (no data) is a space.
 */
export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (present.length === 0) return values.map(() => " ").join("");
  const low = Math.min(0, ...present);
  const high = Math.max(...present);
  const span = high - low;
  return values
    .map((value) => {
      if (value === null || !Number.isFinite(value)) return " ";
      if (span === 0) return TICKS[0];
      return TICKS[Math.round(((value - low) / span) * (TICKS.length - 1))]!;
    })
    .join("");
}
