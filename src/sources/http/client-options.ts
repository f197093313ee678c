// The HTTP tuning every API client takes, named once (each client picks the fields it honours).

import type { SourceLogger } from "../types.js";
import type { HttpPolicy } from "./http-policy.js";

export interface HttpClientOptions {
  /** Replaces the global fetch (tests, `dora record`'s recording fetch, replay). */
  fetch?: typeof fetch;
  /** The run's HTTP policy: timeouts, retry budget, wait cap, cancellation (see http-policy.ts); the fields below override it. */
  http?: Partial<HttpPolicy>;
  /** Unit of every retry wait in ms: backoff base and ms per second of Retry-After (tests use 1). */
  retryBaseMs?: number;
  /** Deadline of one attempt, the whole body included. */
  timeoutMs?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  logger?: SourceLogger;
}
