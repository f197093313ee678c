import { CommitDag } from "../../../src/emulator/commit-dag.js";
import { startFakeGitHub, type FakeGitHubServer, type FakeRequest, type FakeResponse } from "./fake-github-server.js";

/** GitHub's page size when only `page` is given, and its cap on an unpaged compare. */
const DEFAULT_PER_PAGE = 30;
const UNPAGED_COMPARE_LIMIT = 250;

export interface DagCommit {
  sha: string;
  parents: string[];
  /** ISO instant: author and committer date. */
  date: string;
}

export interface DagGitHub extends FakeGitHubServer {
  /** Adds commits (a push): later compares see them. */
  push(repo: string, commits: DagCommit[]): void;
  /** Only the requests to /repos/… since the last reset. */
  githubRequests(): string[];
  reset(): void;
}

export function commitObject(commit: DagCommit): Record<string, unknown> {
  return {
    sha: commit.sha,
    commit: { author: { name: "dev", date: commit.date }, committer: { name: "dev", date: commit.date }, message: commit.sha.slice(0, 7) },
    parents: commit.parents.map((sha) => ({ sha })),
  };
}

/**
 * A GitHub on 127.0.0.1 that computes every compare from a real commit DAG (CommitDag): status
 * ahead/behind/diverged/identical, ahead_by/behind_by, merge_base_commit, the commits reachable from
 * head and not from the merge base (oldest first), at most 250 of them without paging parameters,
 * `per_page` (≤ 100) / `page` paging, and 404 for a SHA it does not know. Also GET commit and GET repo.
 */
export async function startDagGitHub(): Promise<DagGitHub> {
  const dags = new Map<string, CommitDag>();
  const dagOf = (repo: string) => {
    let dag = dags.get(repo);
    if (!dag) dags.set(repo, (dag = new CommitDag()));
    return dag;
  };
  const notFound: FakeResponse = { status: 404, body: { message: "Not Found" } };
  const handle = (request: FakeRequest): FakeResponse | undefined => {
    const path = decodeURIComponent(request.url.pathname);
    const compare = /^\/repos\/([^/]+\/[^/]+)\/compare\/([^.]+)\.\.\.([^.]+)$/.exec(path);
    if (compare) {
      const answer = dags.get(compare[1]!)?.compare(compare[2]!, compare[3]!);
      if (!answer || answer.kind !== "compared") return notFound;
      const params = request.url.searchParams;
      if (!params.has("per_page") && !params.has("page")) {
        return { status: 200, body: { ...answer.body, commits: answer.commits.slice(0, UNPAGED_COMPARE_LIMIT) } };
      }
      const perPage = Math.min(Number(params.get("per_page") ?? DEFAULT_PER_PAGE), 100);
      const page = Number(params.get("page") ?? 1);
      return { status: 200, body: { ...answer.body, commits: answer.commits.slice((page - 1) * perPage, page * perPage) } };
    }
    const commit = /^\/repos\/([^/]+\/[^/]+)\/commits\/([0-9a-f]+)$/.exec(path);
    if (commit) {
      const json = dags.get(commit[1]!)?.commit(commit[2]!);
      return json ? { status: 200, body: json } : notFound;
    }
    if (/^\/repos\/[^/]+\/[^/]+$/.test(path)) return { status: 200, body: { full_name: path.slice(7) } };
    return undefined;
  };
  const server = await startFakeGitHub(handle);
  return {
    ...server,
    push(repo, commits) {
      for (const commit of commits) dagOf(repo).add(commitObject(commit));
    },
    githubRequests: () => server.requests.filter((line) => line.includes("/repos/")),
    reset: () => void (server.requests.length = 0),
  };
}
