// Answers PagerDuty REST v2 reads from recorded responses: `GET /incidents` from every recorded
// incident (created_at in [since, until), service_ids[] / urgencies[] filters, created_at order,
// offset/limit paging with `more`, the 6-month range limit), and per-incident reads (notes, custom
// field values) by exact path. A list is answered only inside a range and filter that was recorded,
// or, when the recording is complete (a synthetic set of incidents), for any range: then a known
// incident without recorded notes or custom field values has none, and anything else is a 404.

import { errorResponse, jsonResponse, notRecorded } from "./responses.js";
import type { EmulatorRequest, EmulatorResponse, Exchange } from "./recording.js";
import { isRecord } from "../util/json-guards.js";

type Json = Record<string, unknown>;


const LIST_PATH = "/incidents";
const MAX_LIMIT = 100;
/** PagerDuty's "Maximum range is 6 months"; replay refuses above 184 days (the longest 6 months). */
const MAX_RANGE_MS = 184 * 86_400_000;

interface ListQuery {
  fromMs: number;
  toMs: number;
  filter: string;
  serviceIds: Set<string>;
  urgencies: Set<string>;
  limit: number;
  offset: number;
  descending: boolean;
}

function parseList(search: URLSearchParams): ListQuery | string {
  const since = Date.parse(search.get("since") ?? "");
  const until = Date.parse(search.get("until") ?? "");
  if (Number.isNaN(since) || Number.isNaN(until)) return "replay needs explicit since and until";
  if (until - since > MAX_RANGE_MS) return "range";
  const serviceIds = search.getAll("service_ids[]").sort();
  const urgencies = search.getAll("urgencies[]").sort();
  const limit = Math.min(Number(search.get("limit") ?? 25) || 25, MAX_LIMIT);
  const offset = Number(search.get("offset") ?? 0) || 0;
  return {
    fromMs: since,
    toMs: until,
    filter: JSON.stringify([serviceIds, urgencies]),
    serviceIds: new Set(serviceIds),
    urgencies: new Set(urgencies),
    limit,
    offset,
    descending: /created_at:desc/.test(search.get("sort_by") ?? ""),
  };
}

const UNFILTERED = JSON.stringify([[], []]);
const createdMs = (incident: Json) => Date.parse(String(incident.created_at ?? ""));

/** How the emulated PagerDuty differs from a replay (default: not at all). */
export interface PagerDutyBehaviour {
  /** The recording holds every incident (written, not recorded): any range is answered from them. */
  complete?: boolean;
}

const DETAIL_RE = /^\/incidents\/([^/]+)\/(notes|custom_fields\/values)$/;

export function createPagerDutyEmulator(exchanges: Exchange[], behaviour: PagerDutyBehaviour = {}): { handle(request: EmulatorRequest): EmulatorResponse } {
  const incidents = new Map<string, Json>();
  const scopes: Array<{ fromMs: number; toMs: number; filter: string }> = [];
  const exact = new Map<string, EmulatorResponse>();
  for (const exchange of exchanges) {
    if (exchange.request.method !== "GET" || exchange.response.status !== 200) continue;
    const url = new URL(exchange.request.path, "http://replay.invalid");
    const body = exchange.response.body;
    if (url.pathname === LIST_PATH && isRecord(body) && Array.isArray(body.incidents)) {
      for (const incident of body.incidents) if (isRecord(incident) && typeof incident.id === "string") incidents.set(incident.id, incident);
      const query = parseList(url.searchParams);
      if (typeof query !== "string") scopes.push({ fromMs: query.fromMs, toMs: query.toMs, filter: query.filter });
    } else {
      exact.set(url.pathname, exchange.response);
    }
  }

  /** A complete recording's answer to a read it lacks: a known incident's empty notes or field values, else 404. */
  const completeDetail = (pathname: string): EmulatorResponse => {
    const detail = DETAIL_RE.exec(pathname);
    if (!detail || !incidents.has(decodeURIComponent(detail[1]!))) return errorResponse(404, { error: { message: "Not Found", code: 2100 } });
    return jsonResponse(200, detail[2] === "notes" ? { notes: [] } : { custom_fields: [] });
  };

  return {
    handle(request) {
      if (request.method !== "GET") return notRecorded(request);
      const url = new URL(request.path, "http://replay.invalid");
      if (url.pathname !== LIST_PATH) return exact.get(url.pathname) ?? (behaviour.complete ? completeDetail(url.pathname) : notRecorded(request));
      const query = parseList(url.searchParams);
      if (query === "range") {
        return errorResponse(400, { error: { message: "Invalid Input Provided", code: 2001, errors: ["Date range cannot exceed 6 months"] } });
      }
      if (typeof query === "string") return notRecorded(request, query);
      // Recorded ranges may be split: together they must cover the query's range.
      let coveredTo = query.fromMs;
      // An unfiltered recorded list holds every incident a filtered query could match.
      const covering = scopes.filter((scope) => scope.filter === query.filter || scope.filter === UNFILTERED);
      for (const scope of covering.sort((a, b) => a.fromMs - b.fromMs)) {
        if (scope.fromMs <= coveredTo && scope.toMs > coveredTo) coveredTo = scope.toMs;
      }
      if (coveredTo < query.toMs && !behaviour.complete) return notRecorded(request, "the recording holds no incident list for this range and these filters");
      const rows = [...incidents.values()]
        .filter((incident) => {
          const ms = createdMs(incident);
          if (!(ms >= query.fromMs && ms < query.toMs)) return false;
          const service = isRecord(incident.service) ? incident.service.id : undefined;
          if (query.serviceIds.size > 0 && !query.serviceIds.has(String(service))) return false;
          return query.urgencies.size === 0 || query.urgencies.has(String(incident.urgency));
        })
        .sort((a, b) => (query.descending ? -1 : 1) * (createdMs(a) - createdMs(b)) || String(a.id).localeCompare(String(b.id)));
      const page = rows.slice(query.offset, query.offset + query.limit);
      return jsonResponse(200, { incidents: page, limit: query.limit, offset: query.offset, more: rows.length > query.offset + query.limit, total: null });
    },
  };
}
