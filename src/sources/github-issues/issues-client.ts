// GitHub issues → incidents (IncidentSource): issues with the incident label (default `incident`)
// in each service's repository, or in one configured incidents repository. Pages are read newest
// created first (List repository issues, state=all, since = lookbackFrom since an issue created in
// the range was updated after it) and the scan of a repo stops once a page reaches back past
// lookbackFrom. An issue maps to a service: the service owning the repository when it is the only
// one, else the service named by a `service:NAME` label (labels decide in a shared repository).

import type { ServiceConfig } from "../../config/schema.js";
import { SourceError } from "../../errors.js";
import type { Incident } from "../../model/incident.js";
import type { Warning } from "../../model/warning.js";
import { toSourceError } from "../github/github-errors.js";
import type { FetchWindow, IncidentSource, ProgressListener, SourceResult } from "../types.js";
import { silentLogger } from "../types.js";
import { createIssuesOctokit } from "./issues-octokit.js";
import { normalizeIssue, valuesOf } from "./normalize-issue.js";
import type { HttpClientOptions } from "../http/client-options.js";

export interface GitHubIssuesSourceOptions extends Pick<HttpClientOptions, "fetch" | "http" | "retryBaseMs" | "timeoutMs" | "logger"> {
  apiUrl?: string;
  /** GITHUB_TOKEN (fine-grained: issues: read). */
  token?: string;
  services: readonly ServiceConfig[];
  serviceLabels: (service: ServiceConfig) => Record<string, string>;
  /** The label marking an incident issue (default "incident"). */
  label?: string;
  /** One repository holding every service's incident issues; default: each service's repo. */
  repo?: string;
  /** Keep issues labelled `drill` (they are reported, never counted); default false, like Grafana's isdrill:false. */
  includeDrills?: boolean;
  maxPages?: number;
  onProgress?: ProgressListener;
}

const PER_PAGE = 100;
const MAX_PAGES = 10_000;
const ISSUES_ROUTE = "GET /repos/{owner}/{repo}/issues";

const hasNextLink = (link: unknown) => typeof link === "string" && /rel="next"/.test(link);

/** The repositories to read, each with the service that owns it alone (undefined when shared). */
export function issueRepositories(services: readonly ServiceConfig[], incidentsRepo?: string): Map<string, { repo: string; owner?: ServiceConfig }> {
  const repos = new Map<string, { repo: string; owner?: ServiceConfig; count: number }>();
  if (incidentsRepo !== undefined) repos.set(incidentsRepo.toLowerCase(), { repo: incidentsRepo, count: 0 });
  else {
    for (const service of services) {
      const key = service.repo.toLowerCase();
      const known = repos.get(key);
      if (known) known.count++;
      else repos.set(key, { repo: service.repo, owner: service, count: 1 });
    }
  }
  return new Map([...repos].map(([key, { repo, owner, count }]) => [key, { repo, ...(count === 1 && owner ? { owner } : {}) }]));
}

export function createGitHubIssuesSource(options: GitHubIssuesSourceOptions): IncidentSource {
  const logger = options.logger ?? silentLogger;
  const octokit = createIssuesOctokit({ ...options, logger });
  const label = options.label ?? "incident";
  const maxPages = options.maxPages ?? MAX_PAGES;
  const byName = new Map(options.services.map((service) => [service.name.toLowerCase(), service]));

  async function readRepo(repo: string, fromMs: number, pages: { done: number }): Promise<unknown[]> {
    const [owner, name] = repo.split("/") as [string, string];
    const items: unknown[] = [];
    for (let page = 1; ; page++) {
      const what = `issues of ${repo} labelled ${label} (page ${page})`;
      let response;
      try {
        response = await octokit.request(ISSUES_ROUTE, {
          owner,
          repo: name,
          labels: label,
          state: "all",
          sort: "created",
          direction: "desc",
          since: new Date(fromMs).toISOString(),
          per_page: PER_PAGE,
          page,
        });
      } catch (error) {
        throw toSourceError(error, what, options.token);
      }
      const data: unknown = response.data;
      if (!Array.isArray(data)) {
        throw new SourceError("github-issues", `GitHub ${what}: expected a JSON list of issues`, {
          status: response.status,
          hint: "check github.apiUrl (GITHUB_API_URL): it must be the REST API itself",
        });
      }
      items.push(...(data as unknown[]));
      pages.done++;
      options.onProgress?.({ source: "incident", kind: "pages", done: pages.done });
      const oldest = Math.min(...data.map((issue) => Date.parse(String((issue as { created_at?: unknown }).created_at ?? ""))).filter((ms) => !Number.isNaN(ms)));
      if (data.length === 0 || !hasNextLink(response.headers.link) || oldest < fromMs) return items;
      if (page >= maxPages) {
        throw new SourceError("github-issues", `GitHub ${what}: listing issues did not end after ${maxPages} pages`, {
          hint: "the server keeps sending a next link; check github.apiUrl (GITHUB_API_URL)",
        });
      }
    }
  }

  return {
    async fetchIncidents(window: FetchWindow): Promise<SourceResult<Incident>> {
      const fromMs = window.lookbackFrom.getTime();
      const toMs = window.to.getTime();
      const warnings: Warning[] = [];
      const records = new Map<string, Incident>();
      const pages = { done: 0 };
      let pullRequests = 0;
      for (const { repo, owner } of issueRepositories(options.services, options.repo).values()) {
        for (const item of await readRepo(repo, fromMs, pages)) {
          const result = normalizeIssue(item, repo);
          warnings.push(...result.warnings);
          if (result.skipped === "pull-request") pullRequests++;
          const incident = result.incident;
          if (!incident || (incident.isDrill && !options.includeDrills)) continue;
          const startedMs = incident.startedMs;
          if (startedMs < fromMs || startedMs >= toMs) continue;
          const named = valuesOf(incident.labels, "service").map((name) => byName.get(name.toLowerCase())).find((known) => known !== undefined);
          const service = named ?? owner;
          records.set(incident.id, service ? { ...incident, labels: { ...incident.labels, ...options.serviceLabels(service) } } : incident);
        }
      }
      if (pullRequests > 0) logger.debug(`github-issues: ${pullRequests} pull request(s) labelled ${label} are not incidents and were left out`);
      const sorted = [...records.values()].sort((a, b) => a.startedMs - b.startedMs || a.id.localeCompare(b.id));
      return { records: sorted, warnings };
    },
  };
}
