import { createServer, type Server } from "node:http";
import { listenLocally } from "../listen-locally.js";

// A local GitHub REST API for List repository issues, built from its documented shapes
// (fixtures/sources/github-issues/README.md): labels (comma list, all required), state, since
// (updated_at), sort/direction, per_page (max 100)/page with a `link: rel="next"` header; pull
// requests are listed too (they carry a `pull_request` key); 401 without `Bearer`/`token` auth.

export type Json = Record<string, unknown>;

export interface FakeGitHubIssues {
  url: string;
  requests: Array<{ path: string; authorization?: string }>;
  issues: Map<string, Json[]>;
  /** GET /repos/{owner}/{repo}/labels (List labels for a repository): names per repo. */
  labels: Map<string, string[]>;
  /** Path parts: the first request whose path contains one is answered once with 429 Retry-After: 1. */
  rateLimitOnce: string[];
  close(): Promise<void>;
}

export async function startFakeGitHubIssues(token: string): Promise<FakeGitHubIssues> {
  const fake: FakeGitHubIssues = { url: "", requests: [], issues: new Map(), labels: new Map(), rateLimitOnce: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname + url.search;
    fake.requests.push({ path, authorization: req.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`) return send(401, { message: "Bad credentials" });
    const limited = fake.rateLimitOnce.findIndex((part) => path.includes(part));
    if (limited >= 0) {
      fake.rateLimitOnce.splice(limited, 1);
      return send(429, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "1" });
    }
    const labelsMatch = /^\/repos\/([^/]+\/[^/]+)\/labels$/.exec(url.pathname);
    if (labelsMatch) {
      const names = fake.labels.get(labelsMatch[1]!.toLowerCase());
      return names ? send(200, names.map((name, index) => ({ id: index + 1, name, color: "d73a4a", default: false }))) : send(404, { message: "Not Found" });
    }
    const match = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(url.pathname);
    const issues = match ? fake.issues.get(match[1]!.toLowerCase()) : undefined;
    if (!issues) return send(404, { message: "Not Found" });
    const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
    const state = url.searchParams.get("state") ?? "open";
    const since = Date.parse(url.searchParams.get("since") ?? "1970-01-01T00:00:00Z");
    const field = url.searchParams.get("sort") === "updated" ? "updated_at" : "created_at";
    const direction = url.searchParams.get("direction") === "asc" ? 1 : -1;
    const rows = issues
      .filter((issue) => {
        const names = (issue.labels as Json[]).map((label) => label.name);
        return labels.every((name) => names.includes(name)) && (state === "all" || issue.state === state) && Date.parse(String(issue.updated_at)) >= since;
      })
      .sort((a, b) => direction * (Date.parse(String(a[field])) - Date.parse(String(b[field]))));
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
    const page = Number(url.searchParams.get("page") ?? 1);
    const headers: Record<string, string> = {};
    if (rows.length > page * perPage) {
      const next = new URL(url.href);
      next.searchParams.set("page", String(page + 1));
      headers.link = `<${fake.url}${next.pathname}${next.search}>; rel="next"`;
    }
    send(200, rows.slice((page - 1) * perPage, page * perPage), headers);
  });
  const listening = await listenLocally(server);
  fake.url = listening.url;
  fake.close = listening.close;
  return fake;
}

/** An issue as List repository issues returns it (fields of the documented example that dora reads, plus identity). */
export function githubIssue(repo: string, fields: { number: number; title: string; createdAt: string; closedAt?: string; open?: boolean; labels?: string[]; body?: string; pullRequest?: boolean; stateReason?: string }): Json {
  const closed = fields.closedAt !== undefined && fields.open !== true;
  return {
    url: `https://api.github.com/repos/${repo}/issues/${fields.number}`,
    repository_url: `https://api.github.com/repos/${repo}`,
    html_url: `https://github.com/${repo}/${fields.pullRequest ? "pull" : "issues"}/${fields.number}`,
    id: 1_000_000 + fields.number,
    node_id: `I_${fields.number}`,
    number: fields.number,
    title: fields.title,
    user: { login: "octocat", id: 1, type: "User" },
    labels: ["incident", ...(fields.labels ?? [])].map((name, index) => ({ id: 200 + index, name, color: "d73a4a", default: false })),
    state: closed ? "closed" : "open",
    locked: false,
    comments: 0,
    created_at: fields.createdAt,
    updated_at: fields.closedAt ?? fields.createdAt,
    closed_at: fields.closedAt ?? null,
    author_association: "MEMBER",
    body: fields.body ?? null,
    state_reason: closed ? (fields.stateReason ?? "completed") : fields.closedAt ? "reopened" : null,
    ...(fields.pullRequest ? { pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${fields.number}`, merged_at: null } } : {}),
  };
}
