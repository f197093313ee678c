// Argo Server workflow archive → production deployments (docs/api-shapes.md). The list endpoint pages by
// integer offset over `startedAt DESC` and returns reduced items without nodes, so: list each
// service's runs in a startedAt range, de-duplicate by uid (new archives shift the offsets), and GET
// the full document only for the runs whose nodes or parameters are needed.

import type { ServiceConfig } from "../../config/schema.js";
import type { Deployment } from "../../model/deployment.js";
import type { Warning } from "../../model/warning.js";
import { SourceError } from "../../errors.js";
import type { DeploymentSource, FetchWindow, ProgressListener, SourceResult } from "../types.js";
import { silentLogger } from "../types.js";
import { createLimiter, DEFAULT_CONCURRENCY } from "../http/limiter.js";
import { redactUrl } from "../../util/redact.js";
import { requestJson } from "../http/request-json.js";
import { normalizeWorkflow, readCommitValue } from "./normalize-workflow.js";
import { checkListItem, checkWorkflowDocument } from "./check-workflow-record.js";
import { MAX_RUNS_PER_DAY, plausiblePages } from "../page-bounds.js";
import { PagingGuard } from "../http/paging-guard.js";
import { describeShape } from "../http/describe-shape.js";
import { parseRfc3339 } from "../../util/rfc3339.js";
import { isRecord, record, nonEmptyText } from "../../util/json-guards.js";
import type { HttpClientOptions } from "../http/client-options.js";

export interface ArgoArchiveSourceOptions extends Pick<HttpClientOptions, "fetch" | "http" | "retryBaseMs" | "concurrency" | "logger"> {
  /** Argo Server base URL, e.g. https://argo.example.com. */
  server: string;
  namespace: string;
  /** ARGO_TOKEN, with or without the `Bearer ` prefix. */
  token?: string;
  /** listOptions.limit. Default 100. */
  pageSize?: number;
  /**
   * The archive filters by startedAt only: runs started up to this long before lookbackFrom are
   * listed too, so a run that finished inside the range is not missed (argo.maxRunDuration,
   * default 2 days: a run held at approval longer than that is missed at the lookback's far edge).
   */
  maxRunSeconds?: number;
  /** List page bound per service (default: what the window can plausibly hold, see page-bounds.ts). */
  maxPages?: number;
  /** Argo UI base URL for deployment links (the configured argo.server; differs from `server` in replay). */
  argoUiBase?: string;
  onProgress?: ProgressListener;
}

type Json = Record<string, unknown>;

const DEFAULT_MAX_RUN_SECONDS = 2 * 86_400;
const UNFINISHED_PHASES = new Set(["", "Pending", "Running"]);


/** RFC3339 with `Z` and whole seconds, as Go's time.Parse(time.RFC3339) reads it. */
function rfc3339(ms: number, round: "down" | "up"): string {
  const seconds = round === "down" ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Whether the list item lacks what normalizing it needs (nodes, or the commit's source). */
export function needsFullDocument(item: unknown, service: ServiceConfig): boolean {
  if (service.workflows.productionStep !== undefined) return true;
  const commit = service.workflows.commit;
  const metadata = record(record(item).metadata);
  if (commit.startsWith("parameter:")) return readCommitValue(item, commit) === undefined;
  // Archives before v3.5.6 listed no labels or annotations at all.
  return !isRecord(metadata.labels);
}

/** A list item of another namespace: a server (or proxy) that ignored both namespace filters. */
function inOtherNamespace(item: Json, namespace: string): boolean {
  const itemNamespace = nonEmptyText(record(item.metadata).namespace);
  return itemNamespace !== undefined && itemNamespace !== namespace;
}

/** A run whose production step cannot have finished in [lookbackFrom, to) is not worth a GET. */
function outsideWindow(item: Json, window: FetchWindow): boolean {
  const status = record(item.status);
  // Strict: a time Date.parse would roll over (2026-02-30 → March 2) must reach the record checks, not be filtered out here.
  const finished = parseRfc3339(nonEmptyText(status.finishedAt) ?? "") ?? Number.NaN;
  const started = parseRfc3339(nonEmptyText(status.startedAt) ?? "") ?? Number.NaN;
  // Nodes finish before their workflow and after it started.
  return finished < window.lookbackFrom.getTime() || started >= window.to.getTime();
}

export function createArgoArchiveSource(options: ArgoArchiveSourceOptions): DeploymentSource {
  const server = options.server.replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const logger = options.logger ?? silentLogger;
  const pageSize = options.pageSize ?? 100;
  const maxRunMs = (options.maxRunSeconds ?? DEFAULT_MAX_RUN_SECONDS) * 1000;
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const headers: Record<string, string> = {};
  if (options.token) {
    headers.authorization = `Bearer ${options.token.replace(/^Bearer\s+/i, "").trim()}`;
  }
  let pagesDone = 0;

  const get = (url: string) =>
    requestJson({
      source: "argo",
      fetch: fetchImpl,
      url,
      method: "GET",
      headers,
      policy: { ...options.http, retryBaseMs: options.retryBaseMs ?? options.http?.retryBaseMs },
      logger,
    });

  async function listArchived(service: ServiceConfig, window: FetchWindow, warnings: Warning[]): Promise<Json[]> {
    // `namespace` exists only from Argo 3.4.5 (older servers ignore it and list every namespace);
    // the field selector's metadata.namespace is read by every version.
    const fieldSelector =
      `metadata.namespace=${options.namespace},` +
      `spec.startedAt>${rfc3339(window.lookbackFrom.getTime() - maxRunMs, "down")},spec.startedAt<${rfc3339(window.to.getTime(), "up")}`;
    const base =
      `${server}/api/v1/archived-workflows?namespace=${encodeURIComponent(options.namespace)}` +
      `&listOptions.labelSelector=${encodeURIComponent(service.workflows.labelSelector)}` +
      `&listOptions.fieldSelector=${encodeURIComponent(fieldSelector)}` +
      `&listOptions.limit=${pageSize}`;
    const maxPages = options.maxPages ?? plausiblePages(window, MAX_RUNS_PER_DAY, pageSize, maxRunMs);
    const byUid = new Map<string, Json>();
    let offset: string | undefined;
    const guard = new PagingGuard({
      source: "argo",
      activity: "listing archived workflows",
      item: "workflow",
      items: "runs",
      maxPages,
      pageSize,
      subject: ` of ${service.name}`,
      boundUrl: redactUrl(base),
      staleHint: "the server keeps answering the same page; check a proxy or cache in front of the Argo Server",
      boundHint: "narrow workflows.labelSelector or the window; check a proxy in front of the Argo Server",
    });
    for (let pages = 1; ; pages++) {
      const url = offset === undefined ? base : `${base}&listOptions.continue=${encodeURIComponent(offset)}`;
      const page = await get(url);
      // Go always writes the list's `metadata` (ListMeta has no omitempty); `items` is omitted or
      // null when empty. An answer without `metadata` is not a workflow list, even if it is `{}`.
      if (!isRecord(page) || !isRecord(page.metadata) || (page.items !== null && page.items !== undefined && !Array.isArray(page.items))) {
        throw new SourceError("argo", `argo: GET ${redactUrl(url)} did not return a workflow list (${describeShape(page)})`, {
          url: redactUrl(url),
          status: 200,
          hint: "check that argo.server is the Argo Server base URL, with the workflow archive enabled",
        });
      }
      const items: unknown[] = Array.isArray(page.items) ? page.items : [];
      let fresh = 0;
      items.forEach((item, index) => {
        const checked = checkListItem(item, `service ${service.name}, list page ${pages}, item ${index + 1}`);
        if (checked.gap) {
          warnings.push(checked.gap);
          return;
        }
        if (byUid.has(checked.uid) || inOtherNamespace(item as Json, options.namespace)) return;
        byUid.set(checked.uid, item as Json);
        fresh++;
      });
      options.onProgress?.({ source: "argo", kind: "pages", done: ++pagesDone });
      offset = nonEmptyText(record(page.metadata).continue);
      if (offset === undefined) return [...byUid.values()];
      guard.check(pages, fresh, redactUrl(url));
    }
  }

  /** The full document (with nodes); undefined when the archive no longer has it. */
  async function getArchived(uid: string, warnings: Warning[], name: string): Promise<unknown> {
    const url = `${server}/api/v1/archived-workflows/${encodeURIComponent(uid)}`;
    let document: unknown;
    try {
      document = await get(url);
    } catch (error) {
      if (error instanceof SourceError && error.details.status === 404) {
        warnings.push({
          code: "workflow-not-in-archive",
          message: `workflow ${name} (${uid}) was listed but is no longer in the archive; it is left out`,
          subject: name,
        });
        return undefined;
      }
      throw error;
    }
    if (!isRecord(document) || !isRecord(document.metadata)) {
      throw new SourceError("argo", `argo: GET ${redactUrl(url)} did not return a workflow`, {
        url: redactUrl(url),
        status: 200,
        hint: "check that argo.server is the Argo Server base URL",
      });
    }
    return document;
  }

  return {
    async fetchDeployments(window: FetchWindow, services: ServiceConfig[]): Promise<SourceResult<Deployment>> {
      const records: Deployment[] = [];
      const warnings: Warning[] = [];
      for (const service of services) {
        const listed = await listArchived(service, window, warnings);
        // A run still pending or running is no deployment yet (and no record left out).
        const finished = listed.filter((item) => !UNFINISHED_PHASES.has(nonEmptyText(record(item.status).phase) ?? ""));
        const candidates = finished.filter((item) => !outsideWindow(item, window));
        const toFetch = new Set(candidates.filter((item) => needsFullDocument(item, service)));
        let fetched = 0;
        const documents = await Promise.all(
          candidates.map(async (item) => {
            if (!toFetch.has(item)) return item;
            const metadata = record(item.metadata);
            const uid = nonEmptyText(metadata.uid)!;
            const full = await limit(() => getArchived(uid, warnings, nonEmptyText(metadata.name) ?? uid));
            options.onProgress?.({ source: "argo", kind: "workflows", done: ++fetched, total: toFetch.size });
            return full;
          }),
        );
        for (const [index, document] of documents.entries()) {
          if (document === undefined) continue;
          const gap = checkWorkflowDocument(document, nonEmptyText(record(candidates[index]!.metadata).uid)!);
          if (gap) {
            warnings.push(gap);
            continue;
          }
          const result = normalizeWorkflow(document, service, { argoUiBase: options.argoUiBase });
          warnings.push(...result.warnings);
          const deployment = result.deployment;
          if (!deployment) continue;
          const finishedMs = deployment.finishedMs;
          if (finishedMs >= window.lookbackFrom.getTime() && finishedMs < window.to.getTime()) records.push(deployment);
        }
      }
      records.sort((a, b) => a.finishedMs - b.finishedMs || a.id.localeCompare(b.id));
      return { records, warnings };
    },
  };
}
