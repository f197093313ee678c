// PagerDuty REST API v2 → incidents created in [lookbackFrom, to) (IncidentSource). The window is
// asked for in ranges PagerDuty accepts (split-range.ts), each paged with offset/limit until `more`
// is false; 429 and 5xx are retried with backoff (request-json.ts). Incidents are mapped to dora
// services by PagerDuty service (pagerduty-services.ts) and stamped with that service's labels.

import type { ServiceConfig } from "../../config/schema.js";
import { SourceError } from "../../errors.js";
import type { Incident } from "../../model/incident.js";
import type { Warning } from "../../model/warning.js";
import { createLimiter, DEFAULT_CONCURRENCY } from "../http/limiter.js";
import { redactUrl } from "../../util/redact.js";
import { requestJson } from "../http/request-json.js";
import { attributionFromText, withAttributionLabels } from "../incident-sources/attribution-text.js";
import type { FetchWindow, IncidentSource, ProgressListener, SourceResult } from "../types.js";
import { silentLogger } from "../types.js";
import { customFieldLabels, normalizePagerDutyIncident, notesText } from "./normalize-pagerduty-incident.js";
import { createPagerDutyServiceMapper, pagerDutyServiceIdFilter } from "./pagerduty-services.js";
import { halve, MAX_RANGE_MS, splitRange, type TimeRange } from "./split-range.js";
import { isSettledRange, type RangeCache } from "./resolved-range-cache.js";
import { isRecord } from "../../util/json-guards.js";
import type { HttpClientOptions } from "../http/client-options.js";

export const PAGERDUTY_API_URL = "https://api.pagerduty.com";
export const PAGERDUTY_EU_API_URL = "https://api.eu.pagerduty.com";

/** incidents.pagerduty.apiUrl when set, else the base URL of the account's service region. */
export function pagerDutyApiUrl(settings: { apiUrl?: string; region: "us" | "eu" }): string {
  return settings.apiUrl ?? (settings.region === "eu" ? PAGERDUTY_EU_API_URL : PAGERDUTY_API_URL);
}

export interface PagerDutySourceOptions extends Pick<HttpClientOptions, "fetch" | "http" | "retryBaseMs" | "timeoutMs" | "concurrency" | "logger"> {
  /** REST base URL (default https://api.pagerduty.com; EU accounts: https://api.eu.pagerduty.com). */
  apiUrl?: string;
  /** PAGERDUTY_TOKEN: a REST API key (read-only is enough). */
  token?: string;
  services: readonly ServiceConfig[];
  /** The labels that mark a service's incidents (config/incident-sources.ts). */
  serviceLabels: (service: ServiceConfig) => Record<string, string>;
  urgencies?: ReadonlyArray<"high" | "low">;
  attributionFromNotes?: boolean;
  attributionFromCustomFields?: boolean;
  retryAfterUnitMs?: number;
  maxPages?: number;
  /** Longest since/until range per request (default 180 days; ranges are calendar months anyway). */
  maxRangeMs?: number;
  /** Keeps past ranges whose incidents are all resolved (resolved-range-cache.ts); undefined = no cache. */
  rangeCache?: RangeCache;
  onProgress?: ProgressListener;
}


const PAGE_LIMIT = 100;
/** Classic offset pagination ends at offset + limit = 10 000 (PagerDuty pagination docs). */
const MAX_OFFSET_RECORDS = 10_000;
const MAX_PAGES = 10_000;
/** A range is not halved below a minute: that many incidents in a minute is a broken server. */
const MIN_RANGE_MS = 60_000;


export function pagerDutyHeaders(token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/vnd.pagerduty+json;version=2" };
  if (token) {
    const bare = token.replace(/^Token\s+token=/i, "").trim();
    headers.authorization = `Token token=${bare}`;
  }
  return headers;
}

export function createPagerDutySource(options: PagerDutySourceOptions): IncidentSource {
  const base = (options.apiUrl ?? PAGERDUTY_API_URL).replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const logger = options.logger ?? silentLogger;
  const headers = pagerDutyHeaders(options.token);
  const mapService = createPagerDutyServiceMapper(options.services);
  const serviceIds = pagerDutyServiceIdFilter(options.services);
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const maxPages = options.maxPages ?? MAX_PAGES;

  const get = (path: string) =>
    requestJson({
      source: "pagerduty",
      fetch: fetchImpl,
      url: `${base}${path}`,
      headers,
      retryBaseMs: options.retryBaseMs,
      policy: { ...options.http, ...(options.retryAfterUnitMs === undefined ? {} : { waitUnitMs: options.retryAfterUnitMs }) },
      timeoutMs: options.timeoutMs,
      logger,
    });

  const listPath = (range: TimeRange, offset: number) => {
    const query = new URLSearchParams({
      since: new Date(range.fromMs).toISOString(),
      until: new Date(range.toMs).toISOString(),
      time_zone: "UTC",
      sort_by: "created_at:asc",
      limit: String(PAGE_LIMIT),
      offset: String(offset),
    });
    for (const id of serviceIds ?? []) query.append("service_ids[]", id);
    for (const urgency of options.urgencies ?? []) query.append("urgencies[]", urgency);
    return `/incidents?${query.toString()}`;
  };

  /** Every incident of one range (from the cache when it was kept); undefined when offset paging cannot reach them all. */
  async function readRange(range: TimeRange, pageCount: { pages: number }, nowMs: number): Promise<unknown[] | undefined> {
    const key = `${base}${listPath(range, 0).replace(/&offset=0\b/, "")}`;
    const cached = await options.rangeCache?.read(key);
    if (cached) return cached;
    const items = await readRangePages(range, pageCount);
    if (items && options.rangeCache && isSettledRange(range.toMs, nowMs, items)) await options.rangeCache.write(key, items);
    return items;
  }

  async function readRangePages(range: TimeRange, pageCount: { pages: number }): Promise<unknown[] | undefined> {
    const items: unknown[] = [];
    for (let offset = 0; ; offset += PAGE_LIMIT) {
      if (offset + PAGE_LIMIT > MAX_OFFSET_RECORDS) return undefined;
      const path = listPath(range, offset);
      const page = await get(path);
      if (!isRecord(page) || !Array.isArray(page.incidents)) {
        const url = redactUrl(`${base}${path}`);
        throw new SourceError("pagerduty", `pagerduty: GET ${url} did not return {incidents: [...]}`, {
          url,
          status: 200,
          hint: "check incidents.pagerduty.apiUrl: it must be the REST API (https://api.pagerduty.com or https://api.eu.pagerduty.com)",
        });
      }
      items.push(...page.incidents);
      pageCount.pages++;
      options.onProgress?.({ source: "incident", kind: "pages", done: pageCount.pages });
      if (page.more !== true || page.incidents.length === 0) return items;
      if (pageCount.pages >= maxPages) {
        const url = redactUrl(`${base}${path}`);
        throw new SourceError("pagerduty", `pagerduty: listing incidents did not end after ${maxPages} pages (${url})`, {
          url,
          status: 200,
          hint: "the server keeps answering more: true; check incidents.pagerduty.apiUrl",
        });
      }
    }
  }

  /** Custom fields and notes of one incident, as labels (only when configured: one request each). */
  async function explicitLabels(id: string): Promise<Record<string, string | readonly string[]>> {
    let labels: Record<string, string | readonly string[]> = {};
    const encoded = encodeURIComponent(id);
    if (options.attributionFromCustomFields) labels = customFieldLabels(await limit(() => get(`/incidents/${encoded}/custom_fields/values`)));
    if (options.attributionFromNotes) labels = withAttributionLabels(labels, attributionFromText(notesText(await limit(() => get(`/incidents/${encoded}/notes`)))));
    return labels;
  }

  return {
    async fetchIncidents(window: FetchWindow): Promise<SourceResult<Incident>> {
      const fromMs = window.lookbackFrom.getTime();
      const toMs = window.to.getTime();
      const pending = splitRange({ fromMs, toMs }, options.maxRangeMs ?? MAX_RANGE_MS);
      const raw = new Map<string, unknown>();
      const warnings: Warning[] = [];
      const pageCount = { pages: 0 };
      while (pending.length > 0) {
        const range = pending.shift()!;
        const items = await readRange(range, pageCount, window.now.getTime());
        if (items === undefined) {
          if (range.toMs - range.fromMs <= MIN_RANGE_MS) {
            throw new SourceError("pagerduty", `pagerduty: more than ${MAX_OFFSET_RECORDS} incidents between ${new Date(range.fromMs).toISOString()} and ${new Date(range.toMs).toISOString()}`, {
              hint: "narrow the PagerDuty services (services[].incidents.pagerduty.serviceIds) or incidents.pagerduty.urgencies",
            });
          }
          logger.debug(`pagerduty: more than ${MAX_OFFSET_RECORDS} incidents in one range; asking for it in two halves`);
          pending.unshift(...halve(range));
          continue;
        }
        // Ranges meet at their bounds: an incident at a bound may come twice.
        for (const item of items) raw.set(isRecord(item) && typeof item.id === "string" ? item.id : `#${raw.size}`, item);
      }

      const kept: Array<{ incident: Incident; service?: ServiceConfig }> = [];
      for (const item of raw.values()) {
        const result = normalizePagerDutyIncident(item);
        warnings.push(...result.warnings);
        if (!result.incident) continue;
        const startedMs = result.incident.startedMs;
        if (startedMs < fromMs || startedMs >= toMs) continue;
        kept.push({ incident: result.incident, service: result.service ? mapService(result.service) : undefined });
      }
      const records = await Promise.all(
        kept.map(async ({ incident, service }) => {
          const explicit = options.attributionFromCustomFields || options.attributionFromNotes ? await explicitLabels(incident.id) : {};
          // Order: PagerDuty's own labels, then custom fields and notes, then the mapped service's labels.
          const labels = { ...incident.labels, ...explicit, ...(service ? options.serviceLabels(service) : {}) };
          return { ...incident, labels };
        }),
      );
      records.sort((a, b) => a.startedMs - b.startedMs || a.id.localeCompare(b.id));
      return { records, warnings };
    },
  };
}
