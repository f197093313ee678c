// Answers GitHub `GET /repos/{owner}/{repo}/issues` from every recorded issue of the repository:
// label (all listed), state and since (updated_at) filters, created or updated order, per_page/page
// paging with a `link: rel="next"` header. Answered only for labels recorded with a since at or
// before the query's (a later since is a subset of what was recorded), or, when the recording is
// complete (a synthetic set of issues), for any query: a repository without issues is a 404.

import { jsonResponse, notRecorded } from "./responses.js";
import type { EmulatorRequest, EmulatorResponse, Exchange } from "./recording.js";
import { isRecord } from "../util/json-guards.js";
import { githubNotFound, type GithubBehaviour } from "./github-emulator.js";

type Json = Record<string, unknown>;


const ISSUES_RE = /^\/repos\/([^/]+)\/([^/]+)\/issues$/;
const MAX_PER_PAGE = 100;

const labelNames = (issue: Json) =>
  (Array.isArray(issue.labels) ? issue.labels : []).map((label) => (typeof label === "string" ? label : isRecord(label) ? String(label.name ?? "") : ""));
const labelSet = (text: string | null) => [...new Set((text ?? "").split(",").map((name) => name.trim()).filter(Boolean))].sort().join(",");
const sinceMs = (search: URLSearchParams) => (search.get("since") ? Date.parse(search.get("since")!) : Number.NEGATIVE_INFINITY);

export function createGithubIssuesEmulator(exchanges: Exchange[], behaviour: GithubBehaviour = {}): { handle(request: EmulatorRequest): EmulatorResponse } {
  const issuesByRepo = new Map<string, Map<number, Json>>();
  const scopes = new Map<string, number[]>();
  for (const exchange of exchanges) {
    const url = new URL(exchange.request.path, "http://replay.invalid");
    const match = ISSUES_RE.exec(decodeURIComponent(url.pathname));
    if (exchange.request.method !== "GET" || exchange.response.status !== 200 || !match || !Array.isArray(exchange.response.body)) continue;
    const repo = `${match[1]}/${match[2]}`.toLowerCase();
    const issues = issuesByRepo.get(repo) ?? new Map<number, Json>();
    for (const issue of exchange.response.body) if (isRecord(issue) && typeof issue.number === "number") issues.set(issue.number, issue);
    issuesByRepo.set(repo, issues);
    const key = `${repo}?${labelSet(url.searchParams.get("labels"))}`;
    scopes.set(key, [...(scopes.get(key) ?? []), sinceMs(url.searchParams)]);
  }

  return {
    handle(request) {
      const url = new URL(request.path, "http://replay.invalid");
      const match = ISSUES_RE.exec(decodeURIComponent(url.pathname));
      if (request.method !== "GET" || !match) return notRecorded(request);
      const repo = `${match[1]}/${match[2]}`.toLowerCase();
      const search = url.searchParams;
      const labels = labelSet(search.get("labels"));
      const since = sinceMs(search);
      if (behaviour.complete) {
        if (!issuesByRepo.has(repo)) return githubNotFound();
      } else if (!(scopes.get(`${repo}?${labels}`) ?? []).some((recorded) => recorded <= since)) {
        return notRecorded(request, "the recording holds no issue list of this repository with these labels from this time");
      }
      const wanted = labels === "" ? [] : labels.split(",");
      const state = search.get("state") ?? "open";
      const sortField = search.get("sort") === "updated" ? "updated_at" : "created_at";
      const direction = search.get("direction") === "asc" ? 1 : -1;
      const rows = [...(issuesByRepo.get(repo)?.values() ?? [])]
        .filter((issue) => {
          const names = labelNames(issue);
          if (!wanted.every((name) => names.includes(name))) return false;
          if (state !== "all" && issue.state !== state) return false;
          return Date.parse(String(issue.updated_at ?? "")) >= since;
        })
        .sort((a, b) => direction * (Date.parse(String(a[sortField])) - Date.parse(String(b[sortField]))) || Number(b.number) - Number(a.number));
      const perPage = Math.min(Number(search.get("per_page") ?? 30) || 30, MAX_PER_PAGE);
      const page = Math.max(1, Number(search.get("page") ?? 1) || 1);
      const slice = rows.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (rows.length > page * perPage) {
        const next = new URLSearchParams(search);
        next.set("page", String(page + 1));
        headers.link = `</repos/${match[1]}/${match[2]}/issues?${next.toString()}>; rel="next"`;
      }
      return jsonResponse(200, slice, headers);
    },
  };
}
