import { startEmulator, type InjectedAnswer } from "../../../src/emulator/index.js";

// The emulator's GitHub (src/emulator) with every answer given by the test: `handle` answers what it
// knows, GitHub's 404 the rest (a complete, empty history).

export interface FakeRequest {
  method: string;
  /** Path and query as received, e.g. /repos/acme/api/compare/a...b?per_page=100 */
  path: string;
  url: URL;
  authorization?: string;
}

export type FakeResponse = InjectedAnswer;

export interface FakeGitHubServer {
  baseUrl: string;
  /** Every request received, as "METHOD path?query". */
  readonly requests: string[];
  close(): Promise<void>;
}

/** The emulator's GitHub on 127.0.0.1 answering JSON from `handle` (404 when it returns undefined). */
export async function startFakeGitHub(handle: (request: FakeRequest) => FakeResponse | undefined): Promise<FakeGitHubServer> {
  const emulator = await startEmulator({
    recording: { exchanges: [] },
    github: { complete: true },
    rootSource: "github",
    fault: (request) => {
      try {
        return handle({ method: request.method, path: request.path, url: new URL(request.path, "http://127.0.0.1"), ...(request.authorization ? { authorization: request.authorization } : {}) });
      } catch (error) {
        return { status: 500, body: { message: String(error) } };
      }
    },
  });
  const requests: string[] = [];
  return {
    baseUrl: emulator.origin,
    get requests() {
      // Live and resettable: the log since the last `requests.length = 0`.
      for (const request of emulator.requests.splice(0)) requests.push(`${request.method} ${request.path}`);
      return requests;
    },
    close: () => emulator.close(),
  };
}

/** A 40-hex SHA made from a number (readable in failures: 000…00a7). */
export const shaOf = (n: number): string => n.toString(16).padStart(40, "0");

/** A compare `commits[]` item / GET commit body in GitHub's shape. */
export function commitJson(sha: string, authored: string | null, committed: string | null): Record<string, unknown> {
  return {
    sha,
    node_id: "C_kwDOAAAAAA",
    url: `https://api.github.com/repos/acme/api/commits/${sha}`,
    commit: {
      author: authored === null ? null : { name: "Dev", email: "dev@example.com", date: authored },
      committer: committed === null ? null : { name: "GitHub", email: "noreply@github.com", date: committed },
      message: `change ${sha.slice(-4)}`,
      comment_count: 0,
    },
    parents: [],
  };
}

/** A compare body (`commit-comparison` schema) around the given commits. */
export function comparisonJson(status: string, commits: unknown[], total = commits.length): Record<string, unknown> {
  return {
    url: "https://api.github.com/repos/acme/api/compare/x...y",
    status,
    ahead_by: status === "behind" ? 0 : total,
    behind_by: status === "behind" ? 2 : 0,
    total_commits: total,
    commits,
    files: [],
  };
}
