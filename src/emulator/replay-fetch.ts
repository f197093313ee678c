import { absoluteLinks, emulatorFor, splitSourcePath } from "./api-emulator.js";
import type { Recording, ReplaySource } from "./recording.js";

/** Base URL to configure a client with when it uses createReplayFetch (any origin works). */
export function replayBaseUrl(source: ReplaySource): string {
  return `http://replay.invalid/${source}`;
}

/** A constructed Response has url ""; clients such as Octokit's paginator read it, as from a real fetch. */
export function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, "url", { value: url });
  return response;
}

/** Parses a request body as JSON when it is JSON, else keeps the text (null when empty). */
export function parseBodyText(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A `fetch` that answers from the recording, with no network. The origin is ignored; when the
 * path starts with `/<source>` that prefix is stripped, so a client configured with the base URL
 * `http://replay.invalid/<source>` (replayBaseUrl) sends the same relative paths as a live run.
 */
export function createReplayFetch(recording: Recording, source: ReplaySource): typeof fetch {
  const emulator = emulatorFor(recording);
  const replayFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input instanceof URL ? input.href : input);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    let bodyText = "";
    if (init?.body !== undefined && init.body !== null) bodyText = await new Response(init.body).text();
    else if (request && request.body !== null) bodyText = await request.clone().text();
    const split = splitSourcePath(url.pathname + url.search, source);
    const answer = emulator.handle(source, { method, path: split.path, body: parseBodyText(bodyText) });
    const base = split.source ? `${url.origin}/${source}` : url.origin;
    const headers = absoluteLinks(answer.headers, base);
    const response = new Response(answer.status === 204 ? null : JSON.stringify(answer.body), { status: answer.status, headers });
    return withUrl(response, url.href);
  };
  return replayFetch as typeof fetch;
}
