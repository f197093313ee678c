// Exchanges written instead of recorded: what a test or generator gives the emulator so it holds
// some workflows, commits or incidents and answers every query over them as the APIs do (the
// emulators answer a list only inside a recorded scope: these are unfiltered, so they cover all).

import type { Exchange } from "./recording.js";
import { isRecord, record } from "../util/json-guards.js";

type Json = Record<string, unknown>;

const JSON_HEADERS = { "content-type": "application/json" };

function get(source: Exchange["source"], path: string, body: unknown, status = 200): Exchange {
  return { source, request: { method: "GET", path, body: null }, response: { status, headers: JSON_HEADERS, body } };
}

/** Argo archive: the runs (whole Workflow documents) as one unfiltered list, and each by uid. */
export function archivedWorkflows(workflows: Json[]): Exchange[] {
  return [
    get("argo", "/api/v1/archived-workflows", { metadata: {}, items: workflows }),
    ...workflows.map((workflow) => get("argo", `/api/v1/archived-workflows/${String(record(workflow.metadata).uid)}`, workflow)),
  ];
}

/** GitHub: a repository and its commits (GitHub commit objects with `parents`): GET repo, GET commit, and every compare over their DAG. */
export function githubRepository(repo: string, commits: Json[], repository: Json = { full_name: repo }): Exchange[] {
  return [get("github", `/repos/${repo}`, repository), ...commits.filter((commit) => isRecord(commit)).map((commit) => get("github", `/repos/${repo}/commits/${String(commit.sha)}`, commit))];
}

/** Grafana IRM: incident previews under a plugin's resource path (default grafana-irm-app). */
export function incidentPreviews(previews: Json[], plugin = "grafana-irm-app"): Exchange[] {
  return [
    {
      source: "incident",
      request: { method: "POST", path: `/api/plugins/${plugin}/resources/api/v1/IncidentsService.QueryIncidentPreviews`, body: { query: {} } },
      response: { status: 200, headers: JSON_HEADERS, body: { incidentPreviews: previews, cursor: { hasMore: false, nextValue: "" } } },
    },
  ];
}

/** GitHub: a repository's issues (List repository issues objects) as one unfiltered list; answered for any query with `github: { complete: true }`. */
export function githubIssues(repo: string, issues: Json[]): Exchange[] {
  return [get("github-issues", `/repos/${repo}/issues?state=all`, issues)];
}

/** GitHub: a repository's labels (List labels for a repository), as dora asks them (one page of 100). */
export function githubLabels(repo: string, names: string[]): Exchange[] {
  return [get("github", `/repos/${repo}/labels?per_page=100`, names.map((name, index) => ({ id: index + 1, name, color: "d73a4a", default: false })))];
}

/** PagerDuty: incidents (List incidents objects) as one unfiltered list; answered for any range with `pagerduty: { complete: true }`. */
export function pagerDutyIncidents(incidents: Json[]): Exchange[] {
  return [get("pagerduty", "/incidents", { incidents, limit: incidents.length, offset: 0, more: false, total: null })];
}

/** PagerDuty: one incident's notes and custom field values (a complete recording answers others' as empty). */
export function pagerDutyIncidentDetails(id: string, details: { notes?: Json[]; customFields?: Json[] }): Exchange[] {
  const path = `/incidents/${encodeURIComponent(id)}`;
  return [
    ...(details.notes ? [get("pagerduty", `${path}/notes`, { notes: details.notes })] : []),
    ...(details.customFields ? [get("pagerduty", `${path}/custom_fields/values`, { custom_fields: details.customFields })] : []),
  ];
}

/** PagerDuty: the account's services (List services), one page. */
export function pagerDutyServices(services: Array<{ id: string; name: string }>): Exchange[] {
  const items = services.map(({ id, name }) => ({ id, name, summary: name, type: "service", self: `https://api.pagerduty.com/services/${id}` }));
  return [get("pagerduty", "/services", { services: items, limit: 100, offset: 0, more: false, total: null })];
}
