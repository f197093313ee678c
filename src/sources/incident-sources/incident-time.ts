// Times of the PagerDuty and GitHub APIs are ISO 8601 with a zone ("2015-10-06T21:30:42Z"); a time
// without a zone would be read in the local zone of whoever runs dora, so it is refused instead.

const ZONED_ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO instant with a zone → epoch ms; undefined when absent or not such a time. */
export function zonedInstantMs(value: unknown): number | undefined {
  if (typeof value !== "string" || !ZONED_ISO_RE.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : ms;
}
