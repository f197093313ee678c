// Answers Grafana IRM `IncidentsService.QueryIncidentPreviews` from every recorded preview:
// sorted by the requested field, filtered by the query string terms replay understands, paged
// with `limit` and a replay cursor.

import { errorResponse, jsonResponse, notRecorded } from "./responses.js";
import type { EmulatorRequest, EmulatorResponse, Exchange } from "./recording.js";
import { isRecord } from "../util/json-guards.js";

type Json = Record<string, unknown>;


const METHOD = "IncidentsService.QueryIncidentPreviews";
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 100;
const CURSOR_PREFIX = "replay-offset-";

const TIME_FIELDS = new Set(["createdTime", "modifiedTime", "closedTime", "incidentStart", "incidentEnd"]);
const ORDER_FIELDS: Record<string, string> = {
  incidentID: "incidentID",
  createdTime: "createdTime",
  modifiedTime: "modifiedTime",
  title: "title",
  status: "status",
  severity: "severityLabel",
  prefix: "incidentID",
  isDrill: "isDrill",
  incidentStart: "incidentStart",
  incidentEnd: "incidentEnd",
  closedTime: "closedTime",
};

/** The query-string terms replay evaluates; anything else cannot be answered faithfully. */
function parseQueryString(queryString: string): { filters: Array<(preview: Json) => boolean> } | { unsupported: string } {
  const filters: Array<(preview: Json) => boolean> = [];
  for (const term of queryString.split(/\s+/).filter(Boolean)) {
    const drill = /^isdrill:(true|false)$/i.exec(term);
    const status = /^status:"?(active|resolved)"?$/i.exec(term);
    if (drill) {
      const wanted = drill[1]!.toLowerCase() === "true";
      filters.push((preview) => (preview.isDrill === true) === wanted);
    } else if (status) {
      const wanted = status[1]!.toLowerCase();
      filters.push((preview) => preview.status === wanted);
    } else {
      return { unsupported: term };
    }
  }
  return { filters };
}

function sortValue(preview: Json, field: string): number | string {
  const value = preview[field];
  if (TIME_FIELDS.has(field)) {
    const ms = typeof value === "string" && value !== "" ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (field === "incidentID" && typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return typeof value === "string" || typeof value === "number" ? value : "";
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  return String(a).localeCompare(String(b));
}

export interface IncidentEmulator {
  handle(request: EmulatorRequest): EmulatorResponse;
}

/** How the emulated Grafana IRM pages (tests set these; replay keeps the defaults). */
export interface IncidentBehaviour {
  /** At most this many previews a page whatever `limit` asks (a server may return fewer). */
  maxPageSize?: number;
  /** The opaque cursor's prefix before the offset (default `replay-offset-`). */
  cursorPrefix?: string;
}

export function createIncidentEmulator(exchanges: Exchange[], behaviour: IncidentBehaviour = {}): IncidentEmulator {
  const cursorPrefix = behaviour.cursorPrefix ?? CURSOR_PREFIX;
  /** Previews per API base path (the plugin id is part of it), latest recording of an id wins. */
  const previewsByBase = new Map<string, Map<string, Json>>();
  for (const exchange of exchanges) {
    const pathname = new URL(exchange.request.path, "http://replay.invalid").pathname;
    if (exchange.request.method !== "POST" || !pathname.endsWith(`/${METHOD}`)) continue;
    const body = exchange.response.body;
    if (exchange.response.status !== 200 || !isRecord(body) || (typeof body.error === "string" && body.error !== "")) continue;
    const base = pathname.slice(0, -METHOD.length);
    const previews = previewsByBase.get(base) ?? new Map<string, Json>();
    for (const preview of Array.isArray(body.incidentPreviews) ? body.incidentPreviews : []) {
      if (isRecord(preview) && typeof preview.incidentID === "string") previews.set(preview.incidentID, preview);
    }
    previewsByBase.set(base, previews);
  }

  return {
    handle(request) {
      const pathname = new URL(request.path, "http://replay.invalid").pathname;
      if (request.method.toUpperCase() !== "POST" || !pathname.endsWith(`/${METHOD}`)) return notRecorded(request);
      const previews = previewsByBase.get(pathname.slice(0, -METHOD.length));
      if (!previews) return notRecorded(request, "no incident previews were recorded under this plugin path");
      const body = isRecord(request.body) ? request.body : {};
      const query = isRecord(body.query) ? body.query : {};
      const orderFieldName = typeof query.orderField === "string" && query.orderField !== "" ? query.orderField : "createdTime";
      const orderField = ORDER_FIELDS[orderFieldName];
      if (!orderField) return errorResponse(400, { error: `invalid orderField "${orderFieldName}"` });
      const direction = String(query.orderDirection ?? "DESC").toUpperCase() === "ASC" ? 1 : -1;
      const limitValue = Number(query.limit ?? 0);
      const limit = Number.isInteger(limitValue) && limitValue > 0 ? Math.min(limitValue, MAX_LIMIT) : DEFAULT_LIMIT;
      const parsed = parseQueryString(typeof query.queryString === "string" ? query.queryString : "");
      if ("unsupported" in parsed) return notRecorded(request, `replay cannot evaluate the query term "${parsed.unsupported}"`);

      const cursor = isRecord(body.cursor) ? body.cursor : {};
      const nextValue = typeof cursor.nextValue === "string" ? cursor.nextValue : "";
      let offset = 0;
      if (nextValue !== "") {
        const match = nextValue.startsWith(cursorPrefix) ? /^(\d+)$/.exec(nextValue.slice(cursorPrefix.length)) : null;
        if (!match) return errorResponse(400, { error: `invalid cursor "${nextValue}"` });
        offset = Number(match[1]);
      }

      const rows = [...previews.values()]
        .filter((preview) => parsed.filters.every((filter) => filter(preview)))
        .sort(
          (a, b) =>
            direction * compareValues(sortValue(a, orderField), sortValue(b, orderField)) ||
            compareValues(sortValue(a, "incidentID"), sortValue(b, "incidentID")),
        );
      const pageSize = Math.min(limit, behaviour.maxPageSize ?? limit);
      const page = rows.slice(offset, offset + pageSize);
      const hasMore = rows.length > offset + pageSize;
      return jsonResponse(200, {
        incidentPreviews: page,
        query: { ...query, limit, orderField: orderFieldName, orderDirection: direction === 1 ? "ASC" : "DESC" },
        cursor: { hasMore, nextValue: hasMore ? `${cursorPrefix}${offset + pageSize}` : "" },
      });
    },
  };
}
