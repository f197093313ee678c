// Grafana Incident / IRM → incidents started in [lookbackFrom, to) (docs/api-shapes.md). The API is RPC
// over POST, pages with an opaque cursor, and may report failure inside a 200 (`error`). Pages are
// read newest-created first, so the scan stops after a page wholly older than lookbackFrom.

import type { Incident } from "../../model/incident.js";
import type { Warning } from "../../model/warning.js";
import { SourceError } from "../../errors.js";
import type { FetchWindow, IncidentSource, ProgressListener, SourceResult } from "../types.js";
import { silentLogger } from "../types.js";
import { redactorOf, redactUrl } from "../../util/redact.js";
import { requestJson, responseDetail } from "../http/request-json.js";
import { normalizeIncidentPreview } from "./normalize-incident.js";
import { parseIncidentMs } from "./parse-incident-time.js";
import { checkIncidentPreview } from "./check-incident-record.js";
import { MAX_INCIDENTS_PER_DAY, plausiblePages } from "../page-bounds.js";
import { PagingGuard } from "../http/paging-guard.js";
import { describeShape } from "../http/describe-shape.js";
import { isRecord } from "../../util/json-guards.js";
import type { HttpClientOptions } from "../http/client-options.js";

export type IncidentPlugin = "grafana-irm-app" | "grafana-incident-app";

export interface IncidentSourceOptions extends Pick<HttpClientOptions, "fetch" | "http" | "retryBaseMs" | "logger"> {
  /** Grafana base URL, e.g. https://example.grafana.net. */
  grafanaUrl: string;
  plugin: IncidentPlugin;
  /** GRAFANA_TOKEN (service account token), with or without the `Bearer ` prefix. */
  token?: string;
  includeDrills: boolean;
  /** Page bound (default: what the window can plausibly hold, see page-bounds.ts). */
  maxPages?: number;
  onProgress?: ProgressListener;
}

type Json = Record<string, unknown>;

const PAGE_LIMIT = 100;


/** The endpoint of IncidentsService.QueryIncidentPreviews under a Grafana URL and plugin id. */
export function queryIncidentPreviewsUrl(grafanaUrl: string, plugin: IncidentPlugin): string {
  return `${grafanaUrl.replace(/\/+$/, "")}/api/plugins/${plugin}/resources/api/v1/IncidentsService.QueryIncidentPreviews`;
}

export function createIncidentSource(options: IncidentSourceOptions): IncidentSource {
  const url = queryIncidentPreviewsUrl(options.grafanaUrl, options.plugin);
  const safeUrl = redactUrl(url);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const logger = options.logger ?? silentLogger;
  const headers: Record<string, string> = {};
  if (options.token) {
    headers.authorization = `Bearer ${options.token.replace(/^Bearer\s+/i, "").trim()}`;
  }

  return {
    async fetchIncidents(window: FetchWindow): Promise<SourceResult<Incident>> {
      const fromMs = window.lookbackFrom.getTime();
      const toMs = window.to.getTime();
      const byId = new Map<string, Incident>();
      /** Offsets behind a cursor can shift while new incidents arrive: each id is read once. */
      const seen = new Set<string>();
      const warnings: Warning[] = [];
      let cursor: unknown;
      const maxPages = options.maxPages ?? plausiblePages(window, MAX_INCIDENTS_PER_DAY, PAGE_LIMIT);
      const guard = new PagingGuard({
        source: "incident",
        activity: "querying incidents",
        item: "incident",
        items: "incidents",
        maxPages,
        pageSize: PAGE_LIMIT,
        staleHint: "the server keeps answering the same page; check a proxy or cache in front of Grafana",
        boundHint: "the server keeps answering hasMore; check incidents.grafanaUrl and a proxy in front of Grafana",
      });
      for (let pages = 1; ; pages++) {
        const body: Json = {
          query: { limit: PAGE_LIMIT, orderDirection: "DESC", orderField: "createdTime", queryString: options.includeDrills ? "" : "isdrill:false" },
          ...(cursor === undefined ? {} : { cursor }),
          includeCustomFieldValues: false,
          includeMembershipPreview: false,
        };
        const page = await requestJson({
          source: "incident",
          fetch: fetchImpl,
          url,
          method: "POST",
          headers,
          body,
          policy: { ...options.http, retryBaseMs: options.retryBaseMs ?? options.http?.retryBaseMs },
          logger,
        });
        if (!isRecord(page)) {
          throw new SourceError("incident", `incident: POST ${safeUrl} did not return an object (${describeShape(page)})`, { url: safeUrl, status: 200 });
        }
        // The API reports some failures inside a 200 response.
        if (typeof page.error === "string" && page.error !== "") {
          throw new SourceError("incident", `incident: POST ${safeUrl} → error: ${responseDetail(page.error, redactorOf(options.token))}`, {
            url: safeUrl,
            status: 200,
            hint: "check incidents.plugin and the token's permissions (GRAFANA_TOKEN)",
          });
        }
        // The API always sends both (api-shapes §2.1): `{}`, `{"incidentPreviews":null}` or
        // `{"message":"ok"}` is not "no incidents", it is not an answer of this API at all.
        if (!Array.isArray(page.incidentPreviews) || !isRecord(page.cursor)) {
          throw new SourceError("incident", `incident: POST ${safeUrl} did not return incidentPreviews (an array) and cursor (${describeShape(page)})`, {
            url: safeUrl,
            status: 200,
            hint: "check incidents.grafanaUrl and incidents.plugin: the answer is not from the Incident API",
          });
        }
        const previews: unknown[] = page.incidentPreviews;
        // Pages come newest-created first; the scan stops after a page wholly older than the
        // window, so one out-of-order (or misdated) incident cannot end it early.
        let newestCreatedMs = -Infinity;
        let fresh = 0;
        for (const [index, preview] of previews.entries()) {
          const created = parseIncidentMs(isRecord(preview) ? preview.createdTime : undefined);
          if (created !== undefined) newestCreatedMs = Math.max(newestCreatedMs, created);
          const rawId = isRecord(preview) ? preview.incidentID : undefined;
          if (typeof rawId === "string" && rawId !== "") {
            if (seen.has(rawId)) continue;
            seen.add(rawId);
          }
          fresh++;
          const gap = checkIncidentPreview(preview, `incident page ${pages}, item ${index + 1}`);
          if (gap) {
            warnings.push(gap);
            continue;
          }
          const result = normalizeIncidentPreview(preview);
          warnings.push(...result.warnings);
          const incident = result.incident;
          if (!incident) continue;
          // The server filters drills by queryString; this keeps a server that ignores it honest.
          if (incident.isDrill && !options.includeDrills) continue;
          const startedMs = incident.startedMs;
          if (startedMs >= fromMs && startedMs < toMs) byId.set(incident.id, incident);
        }
        options.onProgress?.({ source: "incident", kind: "pages", done: pages });

        const next = isRecord(page.cursor) ? page.cursor : {};
        const more =
          next.hasMore === true && typeof next.nextValue === "string" && next.nextValue !== "" && previews.length > 0 && !(newestCreatedMs < fromMs);
        if (!more) break;
        // A server that answers the same page again (a cursor it ignores) would otherwise be read until maxPages.
        guard.check(pages, fresh, safeUrl);
        cursor = page.cursor;
      }
      const records = [...byId.values()].sort((a, b) => a.startedMs - b.startedMs || a.id.localeCompare(b.id));
      return { records, warnings };
    },
  };
}
