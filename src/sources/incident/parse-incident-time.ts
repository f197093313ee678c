// Grafana Incident times are RFC3339 (often with microseconds), but some fields come as
// "2022-02-11 00:50:20.574137" (space, no zone: UTC) and unset ones as "". Read them all.

const TIME_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** An incident time → ISO instant (UTC); undefined when empty or unreadable. */
export function parseIncidentTime(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const raw = value.trim();
  if (raw === "") return undefined;
  const match = TIME_RE.exec(raw);
  let ms: number;
  if (match) {
    const [, date, hoursMinutes, seconds = "00", fraction = "", zone = "Z"] = match;
    const millis = (fraction + "000").slice(0, 3);
    let offset = zone.toUpperCase() === "UTC" ? "Z" : zone.toUpperCase();
    if (/^[+-]\d{2}$/.test(offset)) offset += ":00";
    else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
    ms = Date.parse(`${date}T${hoursMinutes}:${seconds}.${millis}${offset}`);
  } else {
    ms = Date.parse(raw);
  }
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
