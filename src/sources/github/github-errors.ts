// Octokit RequestErrors → SourceError with a hint. Messages carry the redacted URL and GitHub's own
// message, never a header (the token lives only in the Authorization header).

import { SourceError } from "../../errors.js";
import { redactorOf, redactUrl } from "../../util/redact.js";
import { stripControl } from "../../util/strip-control.js";
import { UNREACHABLE_HINT } from "../http/fetch-with-retry.js";

/** The parts of an Octokit RequestError this module reads (duck-typed: @octokit/request-error is not a direct dependency). */
interface OctokitFailure {
  status?: number;
  message: string;
  url?: string;
  /** Present when GitHub answered; absent for network failures. */
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
}

export function octokitFailure(error: unknown): OctokitFailure {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const record = error as {
    status?: unknown;
    message?: unknown;
    request?: { url?: unknown };
    response?: { headers?: unknown; data?: unknown };
  };
  const response = record.response && typeof record.response === "object" ? record.response : undefined;
  return {
    ...(typeof record.status === "number" ? { status: record.status } : {}),
    message: typeof record.message === "string" ? record.message : String(error),
    ...(typeof record.request?.url === "string" ? { url: record.request.url } : {}),
    ...(response
      ? { response: { headers: (response.headers ?? {}) as Record<string, string | number | undefined>, data: response.data } }
      : {}),
  };
}

/** GitHub answered 404 or 422: an unknown SHA, a force-pushed commit, no common ancestor (or an unknown repo). */
export function isNotFound(error: unknown): boolean {
  const failure = octokitFailure(error);
  return failure.response !== undefined && (failure.status === 404 || failure.status === 422);
}

function githubMessage(failure: OctokitFailure): string {
  const data = failure.response?.data;
  if (typeof data === "object" && data !== null && typeof (data as { message?: unknown }).message === "string") {
    return (data as { message: string }).message;
  }
  return failure.message;
}

function hintFor(failure: OctokitFailure): string {
  const headers = failure.response?.headers ?? {};
  switch (failure.status) {
    case 401:
      return "check GITHUB_TOKEN: it is missing, mistyped, expired or revoked";
    case 403:
    case 429: {
      // Which it is, from what GitHub sent: the rate-limit headers, a Retry-After, a 429, or the
      // secondary limit's own message; only a 403 with none of them is about permissions.
      if (String(headers["x-ratelimit-remaining"]) === "0") {
        const reset = Number(headers["x-ratelimit-reset"]);
        const when = Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : "";
        return `the GitHub rate limit is exhausted${when}; set GITHUB_TOKEN for a higher limit or retry later`;
      }
      if (failure.status === 429 || headers["retry-after"] !== undefined || /secondary rate limit/i.test(githubMessage(failure))) {
        return "GitHub's secondary rate limit kept refusing (too many requests at once): retry later, or lower --concurrency";
      }
      return "the token lacks permission: fine-grained tokens need contents: read, and pull requests: read for leadTime.start: pull-request";
    }
    case 404:
      return "check the repo name (owner/name) and that GITHUB_TOKEN can read the repository";
    case 501:
      return "the server does not implement this request (with --fixtures or --demo: the recording lacks it)";
    default:
      return failure.status !== undefined && failure.status >= 500
        ? "GitHub is failing; retry later"
        : "check github.apiUrl (GITHUB_API_URL)";
  }
}

/** A SourceError for a failed GitHub request; `what` says what was being read. */
export function toSourceError(error: unknown, what: string, token?: string): SourceError {
  if (error instanceof SourceError) return error;
  // The transport's own failures (a wait beyond the cap, a cancelled run, a body that does not
  // decode) reach here wrapped by Octokit as the cause of a RequestError.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof SourceError) {
    const hint = cause.details.hint === UNREACHABLE_HINT ? "check github.apiUrl (GITHUB_API_URL) and the network" : cause.details.hint;
    return new SourceError(cause.source, `GitHub ${what}: ${cause.message.replace(/^github: /, "")}`, { ...cause.details, hint });
  }
  const failure = octokitFailure(error);
  const redactor = redactorOf(token);
  const clean = (text: string) => redactor.text(token ? text.split(token).join("***") : text);
  const url = failure.url === undefined ? undefined : clean(redactUrl(failure.url));
  const details = { ...(url === undefined ? {} : { url }) };
  if (failure.response === undefined) {
    return new SourceError("github", clean(`GitHub ${what}: request failed: ${stripControl(failure.message)}`), {
      ...details,
      hint: "check github.apiUrl (GITHUB_API_URL) and the network",
    });
  }
  const status = failure.status;
  return new SourceError("github", clean(`GitHub ${what}: HTTP ${status ?? "error"} ${stripControl(githubMessage(failure))}${url ? ` (${url})` : ""}`), {
    ...details,
    ...(status === undefined ? {} : { status }),
    hint: hintFor(failure),
  });
}
