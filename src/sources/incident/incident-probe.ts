// One small QueryIncidentPreviews request for `dora doctor`: proves the plugin path, the token and
// the read permission without paging through the history.

import { SourceError } from "../../errors.js";
import { redactorOf, redactUrl } from "../../util/redact.js";
import { requestJson, responseDetail } from "../http/request-json.js";
import type { SourceLogger } from "../types.js";
import { queryIncidentPreviewsUrl, type IncidentPlugin } from "./incident-client.js";

export interface IncidentProbeOptions {
  grafanaUrl: string;
  plugin: IncidentPlugin;
  token?: string;
  fetch?: typeof fetch;
  retries?: number;
  retryBaseMs?: number;
  logger?: SourceLogger;
}

/** Asks for the newest incident; returns how many previews came back (0 or 1). */
export async function probeIncidents(options: IncidentProbeOptions): Promise<number> {
  const url = queryIncidentPreviewsUrl(options.grafanaUrl, options.plugin);
  const headers: Record<string, string> = {};
  if (options.token) {
    headers.authorization = `Bearer ${options.token.replace(/^Bearer\s+/i, "").trim()}`;
  }
  const page = await requestJson({
    source: "incident",
    fetch: options.fetch ?? globalThis.fetch,
    url,
    method: "POST",
    headers,
    body: { query: { limit: 1, orderDirection: "DESC", orderField: "createdTime", queryString: "" }, includeCustomFieldValues: false, includeMembershipPreview: false },
    retries: options.retries,
    retryBaseMs: options.retryBaseMs,
    logger: options.logger,
  });
  const safeUrl = redactUrl(url);
  if (typeof page !== "object" || page === null) throw new SourceError("incident", `incident: POST ${safeUrl} did not return an object`, { url: safeUrl, status: 200 });
  const { error, incidentPreviews } = page as { error?: unknown; incidentPreviews?: unknown };
  if (typeof error === "string" && error !== "") {
    throw new SourceError("incident", `incident: POST ${safeUrl} → error: ${responseDetail(error, redactorOf(options.token))}`, { url: safeUrl, status: 200 });
  }
  return Array.isArray(incidentPreviews) ? incidentPreviews.length : 0;
}
