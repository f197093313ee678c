import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isImmutableRequest } from "./immutable-requests.js";

/** Headers worth keeping with a cached body; never Authorization, cookies or rate-limit state. */
const KEPT_HEADERS = ["content-type", "link"];

interface CacheEntry {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

function requestUrl(input: string | URL | Request): URL {
  if (input instanceof URL) return input;
  if (typeof input === "string") return new URL(input);
  return new URL(input.url);
}

function requestMethod(input: string | URL | Request, init?: RequestInit): string {
  return init?.method ?? (input instanceof Request ? input.method : "GET");
}

/**
 * Wraps a fetch so immutable GETs (see immutable-requests.ts) are answered from `dir` after the
 * first 200. The key is the full URL (origin included, so two GitHub Enterprise hosts never mix);
 * credentials are not part of the key and never stored.
 */
export function createCachingFetch(inner: typeof fetch, dir: string, stats: CacheStats = { hits: 0, misses: 0 }): typeof fetch {
  const pathFor = (url: URL) => {
    const key = createHash("sha256").update(`${url.origin}${url.pathname}${url.search}`).digest("hex");
    return join(dir, key.slice(0, 2), `${key}.json`);
  };

  return async (input, init) => {
    const url = requestUrl(input);
    if (!isImmutableRequest(requestMethod(input, init), url)) return inner(input, init);
    const path = pathFor(url);
    try {
      const entry = JSON.parse(await readFile(path, "utf8")) as CacheEntry;
      stats.hits++;
      return new Response(entry.body, { status: entry.status, headers: entry.headers });
    } catch {
      // Missing or unreadable entry: fetch it again.
    }
    stats.misses++;
    const response = await inner(input, init);
    if (response.status !== 200) return response;
    const body = await response.text();
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    try {
      JSON.parse(body); // only cache complete JSON: a truncated body must not be kept forever
      await mkdir(join(path, ".."), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify({ status: 200, headers, body } satisfies CacheEntry));
      await rename(temporary, path);
    } catch {
      // A cache that cannot be written only costs a request next time.
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
