/** A server may ask for a long pause; a batch run waits at most this long per attempt. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP date, capped at
 * MAX_RETRY_AFTER_MS; undefined when the header is absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
}
