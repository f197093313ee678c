// Answers GitHub REST reads by exact path. Compare pages (per_page/page) are cut from a recorded
// whole comparison, and a single commit can be served from a recorded comparison that contains it.
// A compare nobody recorded is computed from the commit DAG the recording holds (commits with their
// parents), when that DAG answers it exactly: a client asking other compares still replays.

import { CommitDag } from "./commit-dag.js";
import { jsonResponse, notRecorded } from "./responses.js";
import type { EmulatorRequest, EmulatorResponse, Exchange } from "./recording.js";
import { isRecord } from "../util/json-guards.js";

type Json = Record<string, unknown>;


/** GitHub answers without paging parameters with at most 250 commits. */
const UNPAGED_COMPARE_LIMIT = 250;
/** GitHub's default page size when only `page` is given. */
const DEFAULT_PER_PAGE = 30;

const COMPARE_RE = /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/;
const COMMIT_RE = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)$/;

interface ParsedPath {
  pathname: string;
  params: URLSearchParams;
}

/** Owner and repo are case-insensitive on GitHub; query order does not matter. */
function parsePath(path: string): ParsedPath {
  const url = new URL(path, "http://replay.invalid");
  let pathname = decodeURIComponent(url.pathname).replace(/\/+$/, "");
  pathname = pathname.replace(/^\/repos\/([^/]+)\/([^/]+)/, (_, owner: string, repo: string) => `/repos/${owner.toLowerCase()}/${repo.toLowerCase()}`);
  const params = new URLSearchParams([...url.searchParams].sort(([a], [b]) => a.localeCompare(b)));
  return { pathname, params };
}

const keyOf = (parsed: ParsedPath) => {
  const query = parsed.params.toString();
  return query === "" ? parsed.pathname : `${parsed.pathname}?${query}`;
};

interface WholeComparison {
  body: Json;
  commits: unknown[];
  headers: Record<string, string>;
}

export interface GithubEmulator {
  handle(request: EmulatorRequest): EmulatorResponse;
}

/** How the emulated GitHub differs from a replay (default: not at all). */
export interface GithubBehaviour {
  /**
   * The recording holds every commit and every issue of each repository (a synthetic history, not
   * a recording): what it lacks does not exist, so GitHub's 404 answers it instead of replay's 501,
   * and an issue list is answered for any labels, state and since from all the repository's issues.
   */
  complete?: boolean;
}

const NOT_FOUND: EmulatorResponse = { status: 404, headers: { "content-type": "application/json; charset=utf-8" }, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

/** GitHub's 404 (a fresh copy: transports may rewrite headers). */
export const githubNotFound = (): EmulatorResponse => ({ ...NOT_FOUND, headers: { ...NOT_FOUND.headers } });

export function createGithubEmulator(exchanges: Exchange[], behaviour: GithubBehaviour = {}): GithubEmulator {
  const unanswered = (request: EmulatorRequest, reason?: string) => (behaviour.complete ? githubNotFound() : notRecorded(request, reason));
  const exact = new Map<string, Exchange>();
  /** Recorded 200 comparisons per compare pathname, with their paging parameters. */
  const comparePages = new Map<string, Array<{ perPage?: number; page?: number; body: Json; headers: Record<string, string> }>>();
  const knownCommits = new Map<string, Json>();
  /** A compare GitHub refused (404 for a force-pushed SHA...) is refused whatever the paging. */
  const compareErrors = new Map<string, Exchange>();
  const dags = new Map<string, CommitDag>();
  const dagOf = (repoPrefix: string) => {
    let dag = dags.get(repoPrefix);
    if (!dag) dags.set(repoPrefix, (dag = new CommitDag()));
    return dag;
  };

  for (const exchange of exchanges) {
    if (exchange.request.method !== "GET") continue;
    const parsed = parsePath(exchange.request.path);
    exact.set(keyOf(parsed), exchange);
    const body = exchange.response.body;
    if (exchange.response.status >= 400 && COMPARE_RE.test(parsed.pathname)) compareErrors.set(parsed.pathname, exchange);
    if (exchange.response.status !== 200 || !isRecord(body)) continue;
    if (COMPARE_RE.test(parsed.pathname)) {
      const perPage = parsed.params.get("per_page");
      const page = parsed.params.get("page");
      const pages = comparePages.get(parsed.pathname) ?? [];
      pages.push({
        ...(perPage === null ? {} : { perPage: Number(perPage) }),
        ...(page === null ? {} : { page: Number(page) }),
        body,
        headers: exchange.response.headers,
      });
      comparePages.set(parsed.pathname, pages);
      const repoPrefix = parsed.pathname.replace(/\/compare\/.*$/, "");
      for (const commit of [body.base_commit, body.merge_base_commit, ...(Array.isArray(body.commits) ? body.commits : [])]) {
        if (isRecord(commit) && typeof commit.sha === "string") knownCommits.set(`${repoPrefix}@${commit.sha.toLowerCase()}`, commit);
        dagOf(repoPrefix).add(commit);
      }
    } else if (COMMIT_RE.test(parsed.pathname) && typeof body.sha === "string") {
      knownCommits.set(`${parsed.pathname.replace(/\/commits\/.*$/, "")}@${body.sha.toLowerCase()}`, body);
      dagOf(parsed.pathname.replace(/\/commits\/.*$/, "")).add(body);
    }
  }

  /** The full commit list of a comparison, from an unpaged recording or a complete set of pages. */
  function wholeComparison(pathname: string): WholeComparison | undefined {
    const pages = comparePages.get(pathname) ?? [];
    for (const candidate of pages) {
      const commits = Array.isArray(candidate.body.commits) ? candidate.body.commits : [];
      const firstPage = candidate.page === undefined || candidate.page === 1;
      if (firstPage && commits.length === Number(candidate.body.total_commits ?? commits.length)) {
        return { body: candidate.body, commits, headers: candidate.headers };
      }
    }
    const bySize = new Map<number, Map<number, Json>>();
    for (const candidate of pages) {
      if (candidate.perPage === undefined) continue;
      const sized = bySize.get(candidate.perPage) ?? new Map<number, Json>();
      sized.set(candidate.page ?? 1, candidate.body);
      bySize.set(candidate.perPage, sized);
    }
    for (const sized of bySize.values()) {
      const first = sized.get(1);
      if (!first) continue;
      const total = Number(first.total_commits ?? 0);
      const commits: unknown[] = [];
      for (let page = 1; sized.has(page); page++) {
        const pageCommits = sized.get(page)!.commits;
        commits.push(...(Array.isArray(pageCommits) ? pageCommits : []));
      }
      if (commits.length === total) return { body: first, commits, headers: {} };
    }
    return undefined;
  }

  /** A compare computed from the recorded DAG of its repository, when it is exact. */
  function computedComparison(pathname: string): WholeComparison | undefined {
    const match = COMPARE_RE.exec(pathname);
    const [base, head, extra] = match ? match[3]!.split("...") : [];
    if (!base || !head || extra !== undefined) return undefined;
    const answer = dags.get(pathname.replace(/\/compare\/.*$/, ""))?.compare(base, head);
    return answer?.kind === "compared" ? { body: answer.body, commits: answer.commits, headers: { "content-type": "application/json; charset=utf-8" } } : undefined;
  }

  function compare(request: EmulatorRequest, parsed: ParsedPath): EmulatorResponse {
    const whole = wholeComparison(parsed.pathname) ?? (compareErrors.has(parsed.pathname) ? undefined : computedComparison(parsed.pathname));
    const refused = compareErrors.get(parsed.pathname);
    if (!whole && refused) return { status: refused.response.status, headers: { ...refused.response.headers }, body: refused.response.body };
    if (!whole) return unanswered(request);
    const perPageText = parsed.params.get("per_page");
    const pageText = parsed.params.get("page");
    if (perPageText === null && pageText === null) {
      if (whole.commits.length > UNPAGED_COMPARE_LIMIT && !behaviour.complete) return notRecorded(request, "an unpaged compare of more than 250 commits");
      return jsonResponse(200, { ...whole.body, commits: whole.commits.slice(0, UNPAGED_COMPARE_LIMIT) }, whole.headers);
    }
    const perPage = Math.min(Math.max(Number(perPageText ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE, 1), 100);
    const page = Math.max(Number(pageText ?? 1) || 1, 1);
    const { files, ...rest } = whole.body;
    const body: Json = { ...rest, commits: whole.commits.slice((page - 1) * perPage, page * perPage) };
    // GitHub lists changed files on the first page only.
    if (page === 1 && files !== undefined) body.files = files;
    const headers = Object.fromEntries(Object.entries(whole.headers).filter(([key]) => key !== "link"));
    return jsonResponse(200, body, headers);
  }

  function commitFromComparisons(parsed: ParsedPath): Json | undefined {
    const match = COMMIT_RE.exec(parsed.pathname);
    if (!match) return undefined;
    const ref = match[3]!.toLowerCase();
    if (!/^[0-9a-f]{7,40}$/.test(ref)) return undefined;
    const prefix = `/repos/${match[1]}/${match[2]}@${ref}`;
    const found = [...knownCommits.entries()].filter(([key]) => key.startsWith(prefix));
    return found.length === 1 ? found[0]![1] : undefined;
  }

  return {
    handle(request) {
      if (request.method.toUpperCase() !== "GET") return notRecorded(request);
      const parsed = parsePath(request.path);
      const recorded = exact.get(keyOf(parsed));
      if (recorded) return { status: recorded.response.status, headers: { ...recorded.response.headers }, body: recorded.response.body };
      if (COMPARE_RE.test(parsed.pathname)) return compare(request, parsed);
      const commit = parsed.params.size === 0 ? commitFromComparisons(parsed) : undefined;
      if (commit) return jsonResponse(200, commit);
      return unanswered(request);
    },
  };
}
