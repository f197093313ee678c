import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

export interface FakeRequest {
  method: string;
  /** Path and query as received, e.g. /repos/acme/api/compare/a...b?per_page=100 */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGitHubServer {
  baseUrl: string;
  /** Every request received, as "METHOD path?query". */
  requests: string[];
  close(): Promise<void>;
}

/** A GitHub stand-in on 127.0.0.1 answering JSON from `handle` (404 when it returns undefined). */
export async function startFakeGitHub(handle: (request: FakeRequest) => FakeResponse | undefined): Promise<FakeGitHubServer> {
  const requests: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? "/";
    const method = incoming.method ?? "GET";
    requests.push(`${method} ${path}`);
    let answer: FakeResponse | undefined;
    try {
      answer = handle({ method, path, url: new URL(path, "http://127.0.0.1"), headers: incoming.headers });
    } catch (error) {
      answer = { status: 500, body: { message: String(error) } };
    }
    answer ??= { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
    outgoing.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
    outgoing.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
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
