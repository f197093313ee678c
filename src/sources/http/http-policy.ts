// How long one HTTP request may take and how it is retried. Retries are budgeted by time, not by a
// fixed count: a server that says when to come back (Retry-After, a rate-limit reset) is being
// clear, not failing, so dora waits as asked — up to a cap on any single wait, beyond which the
// run stops and says when to retry instead of sleeping silently for an hour.

export interface HttpPolicy {
  /** Deadline of one attempt, the whole body included (a body that trickles in counts). */
  timeoutMs: number;
  /** Retries stop once this much time has passed since the first attempt. */
  retryBudgetMs: number;
  /** First backoff; it doubles per retry (with jitter), up to MAX_BACKOFF_UNITS × this / 500. */
  retryBaseMs: number;
  /** Milliseconds per second of a wait the server asks for (tests shrink it). */
  waitUnitMs: number;
  /** The longest single wait (in the server's seconds) dora accepts; a longer one fails the run. */
  maxWaitSeconds: number;
  /** An optional cap on the number of retries (doctor's quick checks); default: the budget alone. */
  maxRetries?: number;
  /** Cancels every request and wait (the first fatal error of the run, --timeout). */
  signal?: AbortSignal;
  /** Source of jitter (tests pin it). */
  random: () => number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  timeoutMs: 30_000,
  retryBudgetMs: 90_000,
  retryBaseMs: 500,
  waitUnitMs: 1000,
  maxWaitSeconds: 120,
  random: Math.random,
};

/** Backoff never grows beyond 30 doublings-worth of base: 30 s with the default base of 500 ms. */
export const MAX_BACKOFF_FACTOR = 60;

/** The policy with defaults for what is not given (undefined fields do not override). */
export function httpPolicy(partial: Partial<HttpPolicy> = {}): HttpPolicy {
  const policy: HttpPolicy = { ...DEFAULT_HTTP_POLICY };
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) (policy as unknown as Record<string, unknown>)[key] = value;
  return policy;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so parallel retries spread out. */
export function backoffMs(policy: HttpPolicy, retry: number): number {
  const ceiling = Math.min(policy.retryBaseMs * 2 ** (retry - 1), policy.retryBaseMs * MAX_BACKOFF_FACTOR);
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}
