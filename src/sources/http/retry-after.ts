// What a server says about when to come back: `Retry-After` (delta-seconds or an HTTP date), or
// GitHub's rate-limit headers (x-ratelimit-remaining 0 and x-ratelimit-reset, an epoch second), or
// GitHub's secondary limit without a Retry-After (GitHub's advice: wait at least a minute).

/** Seconds to wait from a `Retry-After` header; undefined when absent or unreadable. Never negative. */
export function parseRetryAfterSeconds(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]{3},? /i.test(text)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/** Milliseconds from a `Retry-After` header (uncapped: the caller decides what is too long). */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const seconds = parseRetryAfterSeconds(value, now);
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

export interface ServerWait {
  seconds: number;
  /** Which header or rule asked for it, for messages. */
  why: string;
  /** Whether this is a rate limit (GitHub's 403 is retried only then). */
  rateLimit: boolean;
}

const SECONDARY_LIMIT_SECONDS = 60;

/** The wait a response asks for; undefined when it names none. */
export function serverWait(status: number, headers: Headers, bodyText: string, now: number = Date.now()): ServerWait | undefined {
  const retryAfter = parseRetryAfterSeconds(headers.get("retry-after"), now);
  const limited = status === 429 || status === 403;
  if (retryAfter !== undefined) return { seconds: retryAfter, why: "Retry-After", rateLimit: limited };
  if (!limited) return undefined;
  if (headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return { seconds: Math.max(0, reset - now / 1000), why: "x-ratelimit-reset", rateLimit: true };
  }
  if (/secondary rate limit/i.test(bodyText)) return { seconds: SECONDARY_LIMIT_SECONDS, why: "GitHub's advice for a secondary rate limit without Retry-After", rateLimit: true };
  return undefined;
}
