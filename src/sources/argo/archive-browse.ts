// Read-only browsing of the Argo Server workflow archive for `dora init` and `dora doctor`
// (docs/api-shapes.md): the label keys and values the archive has seen, one page of runs for a
// selector, and single documents by uid. Same transport and error policy as the archive client.

import { SourceError } from "../../errors.js";
import { redactUrl } from "../../util/redact.js";
import { requestJson } from "../http/request-json.js";
import type { SourceLogger } from "../types.js";
import { isRecord } from "../../util/json-guards.js";

export interface ArchiveBrowseOptions {
  /** Argo Server base URL, e.g. https://argo.example.com. */
  server: string;
  namespace: string;
  /** ARGO_TOKEN, with or without the `Bearer ` prefix. */
  token?: string;
  fetch?: typeof fetch;
  /** Retries per request (default 4, as the archive client). */
  retries?: number;
  retryBaseMs?: number;
  logger?: SourceLogger;
}

type Json = Record<string, unknown>;

export interface ArchiveBrowser {
  /** Every label key of archived workflows (the archive ignores the namespace here). */
  labelKeys(): Promise<string[]>;
  /** The values of one label key in the namespace. */
  labelValues(key: string): Promise<string[]>;
  /** One page of runs, newest started first: reduced list items (no nodes). */
  listRuns(query: { labelSelector?: string; startedAfter?: Date; limit: number }): Promise<Json[]>;
  /** The full, hydrated document. */
  getRun(uid: string): Promise<Json>;
}


/** `{"items": [...]}`, `{}` (Go's omitempty) or `{"items": null}` → the strings. */
function stringItems(body: unknown, url: string): string[] {
  if (!isRecord(body)) {
    throw new SourceError("argo", `argo: GET ${redactUrl(url)} did not return an object`, { url: redactUrl(url), status: 200, hint: "check that argo.server is the Argo Server base URL" });
  }
  return Array.isArray(body.items) ? body.items.filter((item): item is string => typeof item === "string") : [];
}

/** RFC3339 with `Z` and whole seconds, as Go's time.Parse(time.RFC3339) reads it. */
const rfc3339 = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export function createArchiveBrowser(options: ArchiveBrowseOptions): ArchiveBrowser {
  const server = options.server.replace(/\/+$/, "");
  const namespace = encodeURIComponent(options.namespace);
  const headers: Record<string, string> = {};
  if (options.token) {
    headers.authorization = `Bearer ${options.token.replace(/^Bearer\s+/i, "").trim()}`;
  }
  const get = (url: string) =>
    requestJson({ source: "argo", fetch: options.fetch ?? globalThis.fetch, url, headers, retries: options.retries, retryBaseMs: options.retryBaseMs, logger: options.logger });

  return {
    async labelKeys() {
      const url = `${server}/api/v1/archived-workflows-label-keys?namespace=${namespace}`;
      return stringItems(await get(url), url);
    },
    async labelValues(key) {
      const url = `${server}/api/v1/archived-workflows-label-values?namespace=${namespace}&listOptions.labelSelector=${encodeURIComponent(key)}`;
      return stringItems(await get(url), url);
    },
    async listRuns(query) {
      let url = `${server}/api/v1/archived-workflows?namespace=${namespace}&listOptions.limit=${query.limit}`;
      if (query.labelSelector) url += `&listOptions.labelSelector=${encodeURIComponent(query.labelSelector)}`;
      if (query.startedAfter) url += `&listOptions.fieldSelector=${encodeURIComponent(`spec.startedAt>${rfc3339(query.startedAfter)}`)}`;
      const page = await get(url);
      if (!isRecord(page) || (page.items !== null && page.items !== undefined && !Array.isArray(page.items))) {
        throw new SourceError("argo", `argo: GET ${redactUrl(url)} did not return a workflow list`, { url: redactUrl(url), status: 200, hint: "check that argo.server is the Argo Server base URL" });
      }
      return Array.isArray(page.items) ? page.items.filter(isRecord) : [];
    },
    async getRun(uid) {
      const url = `${server}/api/v1/archived-workflows/${encodeURIComponent(uid)}?namespace=${namespace}`;
      const document = await get(url);
      if (!isRecord(document)) {
        throw new SourceError("argo", `argo: GET ${redactUrl(url)} did not return a workflow`, { url: redactUrl(url), status: 200, hint: "check that argo.server is the Argo Server base URL" });
      }
      return document;
    },
  };
}
