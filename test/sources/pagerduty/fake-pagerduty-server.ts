import { createServer, type Server } from "node:http";
import { listenLocally } from "../listen-locally.js";

// A local PagerDuty REST API v2 built from its documented shapes (fixtures/sources/pagerduty/README.md):
// GET /incidents filters created_at in [since, until) — refusing ranges over 6 months with 400 —,
// service_ids[] and urgencies[], pages with offset/limit (max 100) and `more`; per-incident notes
// and custom field values; 401 without `Authorization: Token token=…`; scripted 429s.

export type Json = Record<string, unknown>;

export interface FakePagerDuty {
  url: string;
  requests: Array<{ path: string; authorization?: string; accept?: string }>;
  incidents: Json[];
  notes: Map<string, Json[]>;
  customFields: Map<string, Json[]>;
  /** GET /services (List services). */
  services: Array<{ id: string; name: string }>;
  /** Path parts: the first request whose path contains one is answered once with 429 Retry-After: 1. */
  rateLimitOnce: string[];
  close(): Promise<void>;
}

const SIX_MONTHS_MS = 184 * 86_400_000;

export async function startFakePagerDuty(token: string): Promise<FakePagerDuty> {
  const fake: FakePagerDuty = { url: "", requests: [], incidents: [], notes: new Map(), customFields: new Map(), services: [], rateLimitOnce: [], close: async () => {} };
  const send = (res: import("node:http").ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname + url.search;
    fake.requests.push({ path, authorization: req.headers.authorization, accept: req.headers.accept });
    if (req.headers.authorization !== `Token token=${token}`) return send(res, 401, { error: { message: "Authentication Failed", code: 2006 } });
    const limited = fake.rateLimitOnce.findIndex((part) => path.includes(part));
    if (limited >= 0) {
      fake.rateLimitOnce.splice(limited, 1);
      return send(res, 429, { error: { message: "Rate Limit Exceeded", code: 2020 } }, { "retry-after": "1" });
    }
    const detail = /^\/incidents\/([^/]+)\/(notes|custom_fields\/values)$/.exec(url.pathname);
    if (detail) {
      const id = decodeURIComponent(detail[1]!);
      return detail[2] === "notes" ? send(res, 200, { notes: fake.notes.get(id) ?? [] }) : send(res, 200, { custom_fields: fake.customFields.get(id) ?? [] });
    }
    if (url.pathname === "/services") {
      return send(res, 200, { services: fake.services.map(({ id, name }) => ({ id, name, summary: name, type: "service", self: `https://api.pagerduty.com/services/${id}` })), limit: 100, offset: 0, more: false, total: null });
    }
    if (url.pathname !== "/incidents") return send(res, 404, { error: { message: "Not Found", code: 2100 } });
    const since = Date.parse(url.searchParams.get("since") ?? "");
    const until = Date.parse(url.searchParams.get("until") ?? "");
    if (until - since > SIX_MONTHS_MS) return send(res, 400, { error: { message: "Invalid Input Provided", code: 2001, errors: ["Date range exceeds 6 months"] } });
    const serviceIds = url.searchParams.getAll("service_ids[]");
    const urgencies = url.searchParams.getAll("urgencies[]");
    const limit = Math.min(Number(url.searchParams.get("limit") ?? 25), 100);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const rows = fake.incidents
      .filter((incident) => {
        const created = Date.parse(String(incident.created_at));
        if (!(created >= since && created < until)) return false;
        if (serviceIds.length > 0 && !serviceIds.includes(String((incident.service as Json).id))) return false;
        return urgencies.length === 0 || urgencies.includes(String(incident.urgency));
      })
      .sort((a, b) => Date.parse(String(a.created_at)) - Date.parse(String(b.created_at)));
    send(res, 200, { incidents: rows.slice(offset, offset + limit), limit, offset, more: rows.length > offset + limit, total: null });
  });
  const listening = await listenLocally(server);
  fake.url = listening.url;
  fake.close = listening.close;
  return fake;
}

/** An Incident as List incidents returns it (the documented example, fixtures/upstream/pagerduty/list-incidents.example.json, with the fields that vary). */
export function pagerDutyIncident(fields: { id: string; number: number; title: string; createdAt: string; resolvedAt?: string; serviceId: string; serviceName: string; urgency?: string }): Json {
  const resolved = fields.resolvedAt !== undefined;
  return {
    id: fields.id,
    type: "incident",
    summary: `[#${fields.number}] ${fields.title}`,
    self: `https://api.pagerduty.com/incidents/${fields.id}`,
    html_url: `https://subdomain.pagerduty.com/incidents/${fields.id}`,
    incident_number: fields.number,
    title: fields.title,
    created_at: fields.createdAt,
    updated_at: fields.resolvedAt ?? fields.createdAt,
    status: resolved ? "resolved" : "triggered",
    incident_key: `key-${fields.id}`,
    service: { id: fields.serviceId, type: "service_reference", summary: fields.serviceName, self: `https://api.pagerduty.com/services/${fields.serviceId}` },
    assignments: [],
    assigned_via: "escalation_policy",
    last_status_change_at: fields.resolvedAt ?? fields.createdAt,
    resolved_at: fields.resolvedAt ?? null,
    urgency: fields.urgency ?? "high",
    priority: null,
  };
}
