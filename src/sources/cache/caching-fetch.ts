import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { SourceLogger } from "../types.js";
import { isImmutableRequest } from "./immutable-requests.js";

/** Headers worth keeping with a cached body; never Authorization, cookies or rate-limit state. */
const KEPT_HEADERS = ["content-type", "link"];
/** Entries of another format (older dora versions) are discarded and fetched again. */
const FORMAT = 2;

/**
 * One cached answer. It names the request it answers and carries a checksum of its body: a file
 * that was truncated, replaced, swapped with another entry or edited by hand does not verify and
 * is fetched again instead of being trusted.
 */
interface CacheEntry {
  format: typeof FORMAT;
  /** origin + path + query of the request. */
  request: string;
  status: 200;
  headers: Record<string, string>;
  body: string;
  /** sha256 of `body`, hex. */
  sha256: string;
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

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Why a cache file cannot be trusted, or undefined when it verifies. */
function entryProblem(entry: unknown, request: string): string | undefined {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "not a cache entry";
  const candidate = entry as Partial<CacheEntry>;
  if (!("format" in candidate) || !("body" in candidate)) return "not a cache entry";
  if (candidate.format !== FORMAT) return "an entry of another format";
  if (candidate.request !== request) return "the entry answers another request";
  if (candidate.status !== 200) return `a stored HTTP ${String(candidate.status)}`;
  if (typeof candidate.body !== "string" || candidate.sha256 !== sha256(candidate.body)) return "the checksum does not match";
  try {
    JSON.parse(candidate.body);
  } catch {
    return "the body is not JSON";
  }
  return undefined;
}

/**
 * Wraps a fetch so immutable GETs (see immutable-requests.ts) are answered from `dir` after the
 * first 200. The key is the full URL (origin included, so two GitHub Enterprise hosts never mix);
 * credentials are not part of the key and never stored. The cache holds workflow documents and
 * commit data, so it is created owner-only (0700 directories, 0600 files); entries are written
 * atomically (a temporary file renamed), and one that does not verify is discarded and fetched
 * again, with a note in --verbose.
 */
export function createCachingFetch(
  inner: typeof fetch,
  dir: string,
  stats: CacheStats = { hits: 0, misses: 0 },
  logger?: SourceLogger,
): typeof fetch {
  const pathFor = (request: string) => {
    const key = sha256(request);
    return join(dir, key.slice(0, 2), `${key}.json`);
  };
  const securedDirs = new Set<string>();
  /** Creates (or tightens, for a cache an older version left 0755) the directories owner-only. */
  const secureDir = async (path: string) => {
    if (securedDirs.has(path)) return;
    await mkdir(path, { recursive: true, mode: 0o700 });
    for (const each of [dir, path]) await chmod(each, 0o700).catch(() => {});
    securedDirs.add(path);
  };

  return async (input, init) => {
    const url = requestUrl(input);
    if (!isImmutableRequest(requestMethod(input, init), url)) return inner(input, init);
    const request = `${url.origin}${url.pathname}${url.search}`;
    const path = pathFor(request);
    let stored: string | undefined;
    let problem: string | undefined;
    try {
      stored = await readFile(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") problem = `unreadable (${code ?? String(error)})`;
    }
    if (stored !== undefined) {
      try {
        const entry = JSON.parse(stored) as unknown;
        problem = entryProblem(entry, request);
        if (problem === undefined) {
          const verified = entry as CacheEntry;
          stats.hits++;
          return new Response(verified.body, { status: 200, headers: verified.headers });
        }
      } catch {
        problem = "not JSON";
      }
    }
    if (problem !== undefined) {
      logger?.debug(`cache: discarded the entry of ${request} (${problem}) and fetched it again`);
      await rm(path, { recursive: true, force: true }).catch(() => {});
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
      await secureDir(dirname(path));
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      const entry: CacheEntry = { format: FORMAT, request, status: 200, headers, body, sha256: sha256(body) };
      await writeFile(temporary, JSON.stringify(entry), { mode: 0o600 });
      await rename(temporary, path);
    } catch {
      // A cache that cannot be written only costs a request next time.
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
