// Octokit sets no timeout and swallows errors while reading a body (a connection reset mid-body
// becomes an empty 200). This fetch reads the whole body under a deadline instead, so a hung or
// cut-off response fails the attempt as a network error, which the retry plugin retries.

const NO_BODY = new Set([204, 205, 304]);

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.message === "string" && cause.message !== "") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export function createBufferedFetch(inner: () => typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const outer = init?.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    outer?.addEventListener("abort", forward, { once: true });
    try {
      const response = await inner()(input, { ...init, signal: controller.signal });
      let body: ArrayBuffer | null = null;
      if (!NO_BODY.has(response.status)) {
        try {
          body = await response.arrayBuffer();
        } catch (error) {
          if (controller.signal.aborted) throw controller.signal.reason;
          throw new Error(`the response body was cut off (${causeOf(error)})`);
        }
      }
      const headers = new Headers(response.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      const buffered = new Response(body, { status: response.status, statusText: response.statusText, headers });
      // Octokit reports the final URL of the response.
      Object.defineProperty(buffered, "url", { value: response.url });
      return buffered;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    }
  };
}
