import { githubRepository, startEmulator, type Exchange } from "../../../src/emulator/index.js";
import type { FakeGitHubServer } from "./fake-github-server.js";

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
 * The emulator's GitHub (src/emulator) over the pushed commits, a complete history: every compare
 * computed from the commit DAG — status ahead/behind/diverged/identical, ahead_by/behind_by,
 * merge_base_commit, the commits reachable from head and not from the merge base (oldest first), at
 * most 250 of them without paging parameters, `per_page` (≤ 100) / `page` paging — and 404 for a SHA
 * it does not know. Also GET commit and GET repo.
 */
export async function startDagGitHub(): Promise<DagGitHub> {
  const exchanges: Exchange[] = [];
  const emulator = await startEmulator({ recording: { exchanges }, github: { complete: true }, rootSource: "github" });
  const requests = () => emulator.requests.map((request) => `${request.method} ${request.path}`);
  return {
    baseUrl: emulator.origin,
    get requests() {
      return requests();
    },
    close: () => emulator.close(),
    push(repo, commits) {
      exchanges.push(...githubRepository(repo, commits.map(commitObject)));
    },
    githubRequests: () => requests().filter((line) => line.includes("/repos/")),
    reset: () => void (emulator.requests.length = 0),
  };
}
