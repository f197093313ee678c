// The in-memory form of a fixture directory (fixtures/README.md): what `dora record` writes and
// what replay answers from.

/** The sources a recording holds exchanges for (Kubernetes CRD reads are not recorded). */
export type ReplaySource = CoreReplaySource | "pagerduty" | "github-issues";
/** The sources of the bundled demo and of every recording made before PagerDuty and GitHub issues were read. */
export type CoreReplaySource = "argo" | "github" | "incident";

export const REPLAY_SOURCES: readonly ReplaySource[] = ["argo", "github", "incident", "pagerduty", "github-issues"];

export interface ExchangeRequest {
  method: string;
  /** Relative to the source's base URL, with the query string. */
  path: string;
  /** Parsed JSON body, or null. */
  body: unknown;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body (a string when the response was not JSON). */
  body: unknown;
}

export interface Exchange {
  source: ReplaySource;
  request: ExchangeRequest;
  response: ExchangeResponse;
}

export interface RecordingMeta {
  /** ISO instant that pins the clock of a replayed run. */
  now: string;
  /** Default `--since` of the recording (e.g. "90d"). */
  since?: string;
  description: string;
  /**
   * Another fixture directory (relative to this one) whose exchanges answer the sources this one
   * holds none for: fixtures/demo-incident-sources/* replay the demo's Argo and GitHub responses.
   */
  base?: string;
}

export interface Recording {
  /** The fixture directory. */
  dir: string;
  meta: RecordingMeta;
  /** Path of the recording's dora.config.yaml (or .json). */
  configPath: string;
  /** Every exchange, per source in file-name order. */
  exchanges: Exchange[];
}

/** What the emulator is asked: the path is relative to the source's base URL and carries the query. */
export interface EmulatorRequest {
  method: string;
  path: string;
  body?: unknown;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}
