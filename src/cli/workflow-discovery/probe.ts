import { SourceError } from "../../errors.js";

/** The outcome of one request, sorted the way a checklist needs it. */
export type ProbeOutcome<T> =
  | { kind: "ok"; value: T }
  /** No HTTP answer at all: DNS, connection refused, TLS, timeout. */
  | { kind: "unreachable"; message: string }
  /** An HTTP answer that is not success (or success with an unusable body). */
  | { kind: "http"; status: number; message: string };

/** Runs a request and classifies its SourceError; any other error is a bug and is rethrown. */
export async function probe<T>(request: () => Promise<T>): Promise<ProbeOutcome<T>> {
  try {
    return { kind: "ok", value: await request() };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    if (error.details.status === undefined) return { kind: "unreachable", message: error.message };
    return { kind: "http", status: error.details.status, message: error.message };
  }
}
