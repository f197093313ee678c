// `dora doctor` checks (and `dora init` discovery) of the PagerDuty and GitHub issues incident
// sources: the API reachable, the token accepted, each mapped PagerDuty service found (listing the
// account's services when one is not), and the incident label present in each repository (listing
// the repository's labels when it is not). One page of each list is enough to guide a user.

import type { DoraConfig } from "../../../config/schema.js";
import { requestJson } from "../../../sources/http/request-json.js";
import { redactUrl } from "../../../util/redact.js";
import { pagerDutyApiUrl, pagerDutyHeaders } from "../../../sources/pagerduty/pagerduty-client.js";
import { issueRepositories } from "../../../sources/github-issues/issues-client.js";
import type { CheckResult } from "./check-result.js";
import { probe } from "../../workflow-discovery/probe.js";
import { isRecord } from "../../../util/json-guards.js";

type Report = (result: Omit<CheckResult, "source">) => boolean;

export interface IncidentCheckHttp {
  fetch?: typeof fetch;
  retries: number;
  retryBaseMs?: number;
}

export interface PagerDutyService {
  id: string;
  name: string;
}


/** The PagerDuty services of the account (first 100), for `dora init` and doctor's fixes. */
export async function listPagerDutyServices(apiUrl: string, token: string | undefined, http: IncidentCheckHttp): Promise<PagerDutyService[]> {
  const body = await requestJson({ source: "pagerduty", url: `${apiUrl.replace(/\/+$/, "")}/services?limit=100&offset=0`, headers: pagerDutyHeaders(token), fetch: http.fetch ?? globalThis.fetch, retries: http.retries, retryBaseMs: http.retryBaseMs });
  const services = isRecord(body) && Array.isArray(body.services) ? body.services : [];
  return services.filter(isRecord).map((service) => ({ id: String(service.id ?? ""), name: String(service.name ?? service.summary ?? "") })).filter((service) => service.id !== "");
}

/** The label names of a repository (first 100), for `dora init` and doctor's fixes. */
export async function listRepositoryLabels(apiUrl: string, repo: string, token: string | undefined, http: IncidentCheckHttp): Promise<string[]> {
  const headers: Record<string, string> = { accept: "application/vnd.github+json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const body = await requestJson({ source: "github-issues", url: `${apiUrl.replace(/\/+$/, "")}/repos/${repo}/labels?per_page=100`, headers, fetch: http.fetch ?? globalThis.fetch, retries: http.retries, retryBaseMs: http.retryBaseMs });
  return Array.isArray(body) ? body.filter(isRecord).map((label) => String(label.name ?? "")).filter((name) => name !== "") : [];
}

const listed = (services: PagerDutyService[]) => services.slice(0, 10).map((service) => `${service.id} ${service.name}`).join(", ") + (services.length > 10 ? ", …" : "");

export async function checkPagerDuty(config: DoraConfig, token: string | undefined, http: IncidentCheckHttp, report: Report): Promise<void> {
  const apiUrl = pagerDutyApiUrl(config.incidents.pagerduty);
  const shown = redactUrl(apiUrl).replace(/\/+$/, "");
  const group = `PagerDuty (${shown})`;
  const titles = { reachable: `PagerDuty reachable at ${shown}`, token: "PagerDuty token accepted" };
  if (!token) {
    report({ group, title: titles.token, status: "fail", detail: "PAGERDUTY_TOKEN is not set", fix: "set PAGERDUTY_TOKEN (or PAGERDUTY_TOKEN_FILE) to a REST API key; a read-only key is enough" });
    return;
  }
  const outcome = await probe(() => listPagerDutyServices(apiUrl, token, http));
  if (outcome.kind === "unreachable") {
    report({ group, title: titles.reachable, status: "fail", detail: outcome.message, fix: "check incidents.pagerduty.apiUrl (or PAGERDUTY_API_URL): https://api.pagerduty.com, or https://api.eu.pagerduty.com for EU accounts" });
    return;
  }
  report({ group, title: titles.reachable, status: "pass" });
  if (outcome.kind === "http") {
    const refused = outcome.status === 401 || outcome.status === 403;
    report({ group, title: titles.token, status: "fail", detail: outcome.message, fix: refused ? "set PAGERDUTY_TOKEN to a valid REST API key (Integrations → API Access Keys); with scoped OAuth: services.read and incidents.read" : "check incidents.pagerduty.apiUrl" });
    return;
  }
  report({ group, title: titles.token, status: "pass", detail: `${outcome.value.length} service(s) visible` });
  const services = outcome.value;
  for (const service of config.services) {
    const mapping = service.incidents?.pagerduty;
    if (!mapping) continue;
    const ids = new Set(services.map((known) => known.id));
    const names = new Set(services.map((known) => known.name.toLowerCase()));
    const missing = [
      ...(mapping.serviceIds ?? []).filter((id) => !ids.has(id)),
      ...(mapping.serviceNames ?? []).filter((name) => !names.has(name.toLowerCase())),
    ];
    const title = `${service.name}: PagerDuty service ${[...(mapping.serviceIds ?? []), ...(mapping.serviceNames ?? [])].join(", ")} found`;
    if (missing.length === 0) report({ group, title, status: "pass" });
    else {
      report({ group, title, status: "fail", detail: `not among the account's services: ${missing.join(", ")}`, fix: `set services[].incidents.pagerduty.serviceIds to ids this token sees: ${listed(services) || "(none)"}` });
    }
  }
}

export async function checkGitHubIssues(config: DoraConfig, token: string | undefined, http: IncidentCheckHttp, report: Report): Promise<void> {
  const apiUrl = config.github.apiUrl ?? "https://api.github.com";
  const label = config.incidents.githubIssues.label;
  const group = `GitHub issues as incidents (label ${label})`;
  for (const { repo } of issueRepositories(config.services, config.incidents.githubIssues.repo).values()) {
    const title = `${repo}: issues readable, label "${label}" exists`;
    const outcome = await probe(() => listRepositoryLabels(apiUrl, repo, token, http));
    if (outcome.kind !== "ok") {
      const fix =
        outcome.kind === "http" && (outcome.status === 401 || outcome.status === 403 || outcome.status === 404)
          ? "give GITHUB_TOKEN Issues: read on the repository (fine-grained) or repo (classic); check the repository name"
          : "check github.apiUrl (GITHUB_API_URL) and the network";
      report({ group, title, status: "fail", detail: outcome.message, fix });
      continue;
    }
    if (outcome.value.includes(label)) report({ group, title, status: "pass" });
    else {
      const similar = outcome.value.filter((name) => /incident|outage|sev|postmortem|p[0-4]\b/i.test(name));
      report({
        group,
        title,
        status: "fail",
        detail: `the repository has no label "${label}"`,
        fix: `label incident issues "${label}", or set incidents.githubIssues.label${similar.length > 0 ? ` to one of: ${similar.join(", ")}` : ""}`,
      });
    }
  }
}

export interface IncidentSourceHintInput {
  services: ReadonlyArray<{ name: string; repo?: string }>;
  pagerduty?: { apiUrl: string; token: string };
  github?: { apiUrl: string; token?: string };
  http: IncidentCheckHttp;
}

/**
 * `dora init`'s discovery for the other incident sources, as lines to show: the PagerDuty services
 * whose name contains a service's name (a `services[].incidents.pagerduty` to paste), and each
 * repository's labels that look like incident labels (for `incidents.githubIssues.label`).
 */
export async function incidentSourceHints(input: IncidentSourceHintInput): Promise<string[]> {
  const lines: string[] = [];
  if (input.pagerduty) {
    const outcome = await probe(() => listPagerDutyServices(input.pagerduty!.apiUrl, input.pagerduty!.token, input.http));
    if (outcome.kind !== "ok") lines.push(`dora: PagerDuty services could not be listed: ${outcome.message}`);
    else {
      for (const service of input.services) {
        const matches = outcome.value.filter((known) => known.name.toLowerCase().includes(service.name.toLowerCase()));
        if (matches.length > 0) {
          lines.push(`dora: for incidents.source: pagerduty, ${service.name}: incidents: { pagerduty: { serviceIds: [${matches.map((known) => known.id).join(", ")}] } }  # ${matches.map((known) => known.name).join(", ")}`);
        }
      }
      if (lines.length === 0) lines.push(`dora: PagerDuty services (none named like a service): ${listed(outcome.value) || "(none)"}`);
    }
  }
  if (input.github) {
    for (const repo of new Set(input.services.flatMap((service) => (service.repo ? [service.repo] : [])))) {
      const outcome = await probe(() => listRepositoryLabels(input.github!.apiUrl, repo, input.github!.token, input.http));
      const labels = outcome.kind === "ok" ? outcome.value.filter((name) => /incident|outage|sev|postmortem/i.test(name)) : [];
      if (labels.length > 0) lines.push(`dora: for incidents.source: github-issues, ${repo} has incident-like labels: ${labels.join(", ")}`);
    }
  }
  return lines;
}
