import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CommitDag } from "../../src/emulator/commit-dag.js";

// Local stand-ins for the Argo Server archive, GitHub and Grafana IRM with two services' worth of
// data (checkout and search) plus a template that deploys nothing. Every API checks its token.
// Shapes: docs/api-shapes.md (archive: offset paging, reduced list items, `items: null`, label keys
// and values), §2 (QueryIncidentPreviews), §3 (compare, commits).

export const NOW = new Date("2026-11-20T00:00:00Z");
export const TOKENS = { argo: "argo-secret-token", github: "gh-secret-token", grafana: "glsa_secret_token" };
/** A 40-hex SHA whose short form tells them apart: sha(0xc1) = c1000…0. */
export const sha = (n: number) => n.toString(16).padEnd(40, "0");

const TEMPLATE = "workflows.argoproj.io/workflow-template";
type Json = Record<string, unknown>;

interface NodeSpec {
  name: string;
  type?: string;
  phase: string;
  templateName?: string;
  startedAt?: string;
  finishedAt?: string;
}

function workflow(o: {
  name: string;
  uid: string;
  template: string;
  phase: string;
  startedAt: string;
  finishedAt: string;
  parameters: Array<{ name: string; value: string }>;
  nodes: NodeSpec[];
}): Json {
  const nodes: Json = {
    [o.name]: { id: o.name, name: o.name, displayName: o.name, type: "DAG", phase: o.phase, startedAt: o.startedAt, finishedAt: o.finishedAt, templateName: "main" },
  };
  o.nodes.forEach((node, index) => {
    const id = `${o.name}-${1000 + index}`;
    nodes[id] = {
      id,
      name: `${o.name}.${node.name}`,
      displayName: node.name,
      type: node.type ?? "Pod",
      phase: node.phase,
      templateName: node.templateName ?? node.name,
      boundaryID: o.name,
      ...(node.startedAt ? { startedAt: node.startedAt } : {}),
      ...(node.finishedAt ? { finishedAt: node.finishedAt } : {}),
    };
  });
  return {
    metadata: {
      name: o.name,
      namespace: "argo",
      uid: o.uid,
      creationTimestamp: o.startedAt,
      labels: { [TEMPLATE]: o.template, "workflows.argoproj.io/phase": o.phase, "workflows.argoproj.io/completed": "true", team: "shop" },
    },
    spec: { arguments: { parameters: o.parameters }, workflowTemplateRef: { name: o.template } },
    status: { phase: o.phase, startedAt: o.startedAt, finishedAt: o.finishedAt, nodes },
  };
}

/** checkout: build → deploy-staging → approve-production (Suspend) → deploy-production. */
function checkoutRun(n: number, started: string, prodFinished: string | undefined, commit: string): Json {
  const ran = prodFinished !== undefined;
  return workflow({
    name: `deploy-checkout-${n}abcd`,
    uid: `uid-checkout-${n}`,
    template: "deploy-checkout",
    phase: ran ? "Succeeded" : "Failed",
    startedAt: started,
    finishedAt: prodFinished ?? started.replace(/T\d\d/, "T23"),
    parameters: [
      { name: "commit-sha", value: commit },
      { name: "repo-url", value: "https://github.com/acme/checkout.git" },
      { name: "environment", value: "production" },
    ],
    nodes: [
      { name: "build", phase: "Succeeded", startedAt: started, finishedAt: started },
      { name: "deploy-staging", phase: "Succeeded", startedAt: started, finishedAt: started },
      { name: "approve-production", type: "Suspend", phase: ran ? "Succeeded" : "Failed", startedAt: started },
      ...(ran ? [{ name: "deploy-production", templateName: "helm-upgrade", phase: "Succeeded", startedAt: started, finishedAt: prodFinished }] : []),
    ],
  });
}

/** search: test → verify-prod-config → release-production (both prod-like; the deploy verb decides). */
function searchRun(n: number, started: string, prodFinished: string, commit: string): Json {
  return workflow({
    name: `cd-search-${n}wxyz`,
    uid: `uid-search-${n}`,
    template: "cd-search",
    phase: "Succeeded",
    startedAt: started,
    finishedAt: prodFinished,
    parameters: [
      { name: "revision", value: commit },
      { name: "repository", value: "acme/search" },
    ],
    nodes: [
      { name: "test", phase: "Succeeded", startedAt: started, finishedAt: started },
      { name: "verify-prod-config", phase: "Succeeded", startedAt: started, finishedAt: started },
      { name: "release-production", phase: "Succeeded", startedAt: started, finishedAt: prodFinished },
    ],
  });
}

export const C = [sha(0xc0), sha(0xc1), sha(0xc2), sha(0xc3)];
export const S = [sha(0x50), sha(0x51)];

export const ARCHIVE: Json[] = [
  checkoutRun(0, "2026-10-10T10:00:00Z", "2026-10-10T10:30:00Z", C[0]!), // lookback: the predecessor
  checkoutRun(1, "2026-10-25T11:00:00Z", "2026-10-25T12:00:00Z", C[1]!),
  checkoutRun(2, "2026-11-02T11:00:00Z", "2026-11-02T12:00:00Z", C[2]!),
  checkoutRun(3, "2026-11-15T09:00:00Z", undefined, C[3]!), // stopped at the approval: no deployment
  searchRun(0, "2026-10-01T08:00:00Z", "2026-10-01T09:00:00Z", S[0]!),
  searchRun(1, "2026-11-10T08:00:00Z", "2026-11-10T09:00:00Z", S[1]!),
  workflow({
    name: "nightly-cleanup-q1",
    uid: "uid-cleanup-1",
    template: "nightly-cleanup",
    phase: "Succeeded",
    startedAt: "2026-11-19T02:00:00Z",
    finishedAt: "2026-11-19T02:05:00Z",
    parameters: [{ name: "retention", value: "7d" }],
    nodes: [{ name: "cleanup", phase: "Succeeded", startedAt: "2026-11-19T02:00:00Z", finishedAt: "2026-11-19T02:05:00Z" }],
  }),
];

const commit = (hex: string, authored: string) => ({
  sha: hex,
  commit: { author: { name: "Dev", email: "dev@example.com", date: authored }, committer: { name: "GitHub", email: "noreply@github.com", date: authored }, message: "change" },
  parents: [],
});

/** Compares between consecutive deployments, and the commits they bring. */
export const COMPARES: Record<string, Json[]> = {
  [`acme/checkout ${C[0]}...${C[1]}`]: [commit(sha(0x101), "2026-10-24T12:00:00Z"), commit(sha(0x102), "2026-10-25T06:00:00Z"), commit(C[1]!, "2026-10-25T06:00:00Z")],
  [`acme/checkout ${C[1]}...${C[2]}`]: [commit(sha(0x103), "2026-11-01T12:00:00Z"), commit(C[2]!, "2026-11-02T10:00:00Z")],
  [`acme/search ${S[0]}...${S[1]}`]: [commit(S[1]!, "2026-11-08T09:00:00Z")],
};

export const INCIDENTS: Json[] = [
  {
    incidentID: "101",
    title: "checkout errors",
    severityLabel: "major",
    status: "resolved",
    isDrill: false,
    labels: [{ key: "service", label: "checkout" }, { key: "team", label: "payments" }],
    createdTime: "2026-10-25T14:00:00Z",
    incidentStart: "2026-10-25T14:00:00Z",
    incidentEnd: "2026-10-25T15:30:00Z",
    closedTime: "2026-10-25T15:30:00Z",
  },
  {
    incidentID: "102",
    title: "search slow",
    severityLabel: "minor",
    status: "resolved",
    isDrill: false,
    labels: [{ key: "service", label: "search" }],
    createdTime: "2026-11-12T10:00:00Z",
    incidentStart: "2026-11-12T10:00:00Z",
    incidentEnd: "2026-11-12T14:00:00Z",
    closedTime: "2026-11-12T14:00:00Z",
  },
  {
    incidentID: "103",
    title: "game day",
    severityLabel: "minor",
    status: "resolved",
    isDrill: true,
    labels: [{ key: "service", label: "checkout" }, { key: "component", label: "drill-only" }],
    createdTime: "2026-11-05T10:00:00Z",
    incidentStart: "2026-11-05T10:00:00Z",
    incidentEnd: "2026-11-05T11:00:00Z",
    closedTime: "2026-11-05T11:00:00Z",
  },
];

/** How a fake misbehaves: refuse every token, run without an archive, or answer normally. */
export type Mode = "ok" | "refuse-auth" | "no-archive";

export interface FakeApis {
  argo: string;
  github: string;
  grafana: string;
  mode: Mode;
  requests: string[];
  close(): Promise<void>;
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};

function reduce(run: Json): Json {
  const { metadata, spec, status } = run as { metadata: Json; spec: Json; status: Json };
  return {
    metadata: { ...metadata, labels: { ...(metadata.labels as Json), "workflows.argoproj.io/workflow-archiving-status": "Persisted" } },
    spec: { arguments: spec.arguments },
    status: { phase: status.phase, startedAt: status.startedAt, finishedAt: status.finishedAt },
  };
}

const labelsOf = (run: Json) => (run.metadata as { labels: Record<string, string> }).labels;
const startedMs = (run: Json) => Date.parse((run.status as { startedAt: string }).startedAt);

function argo(fake: FakeApis, url: URL, response: ServerResponse): void {
  const path = url.pathname;
  if (path === "/api/v1/archived-workflows-label-keys") {
    send(response, 200, fake.mode === "no-archive" ? {} : { items: [...new Set(ARCHIVE.flatMap((run) => Object.keys(labelsOf(run))))] });
    return;
  }
  if (path === "/api/v1/archived-workflows-label-values") {
    const key = url.searchParams.get("listOptions.labelSelector") ?? "";
    send(response, 200, fake.mode === "no-archive" ? {} : { items: [...new Set(ARCHIVE.map((run) => labelsOf(run)[key]).filter(Boolean))] });
    return;
  }
  if (path === "/api/v1/archived-workflows") {
    if (url.searchParams.get("namespace") !== "argo") return send(response, 403, { code: 7, message: "Permission denied" });
    const selector = url.searchParams.get("listOptions.labelSelector");
    const [key, value] = selector ? selector.split("=") : [];
    const fields = url.searchParams.get("listOptions.fieldSelector") ?? "";
    const after = /spec\.startedAt>([^,]+)/.exec(fields)?.[1];
    const before = /spec\.startedAt<([^,]+)/.exec(fields)?.[1];
    const limit = Number(url.searchParams.get("listOptions.limit") ?? "0");
    const offset = Number(url.searchParams.get("listOptions.continue") ?? "0");
    const rows = (fake.mode === "no-archive" ? [] : ARCHIVE)
      .filter((run) => key === undefined || labelsOf(run)[key] === value)
      .filter((run) => (after === undefined || startedMs(run) >= Date.parse(after)) && (before === undefined || startedMs(run) <= Date.parse(before)))
      .sort((a, b) => startedMs(b) - startedMs(a));
    const page = limit > 0 ? rows.slice(offset, offset + limit) : rows;
    const more = limit > 0 && rows.length > offset + limit;
    send(response, 200, { metadata: more ? { continue: String(offset + limit) } : {}, items: page.length > 0 ? page.map(reduce) : null });
    return;
  }
  const get = /^\/api\/v1\/archived-workflows\/([^/]+)$/.exec(path);
  if (get) {
    // What Argo's null archive answers (persist/sqldb/null_workflow_archive.go) through grpc-gateway.
    if (fake.mode === "no-archive") return send(response, 500, { code: 2, message: "getting archived workflows not supported" });
    const run = ARCHIVE.find((candidate) => (candidate.metadata as Json).uid === decodeURIComponent(get[1]!));
    if (!run) return send(response, 404, { code: 5, message: "not found" });
    send(response, 200, run);
    return;
  }
  send(response, 404, { code: 5, message: "Not Found" });
}

const dags = new Map<string, CommitDag>();
/** The repository's DAG: each compare's commits chain from its base; the first base is a root commit. */
function dagOf(repo: string): CommitDag {
  let dag = dags.get(repo);
  if (dag) return dag;
  dags.set(repo, (dag = new CommitDag()));
  for (const [key, commits] of Object.entries(COMPARES)) {
    const [name, range] = key.split(" ");
    if (name !== repo) continue;
    const base = range!.split("...")[0]!;
    dag.add({ ...commit(base, "2026-10-01T00:00:00Z"), parents: [] });
    commits.forEach((listed, index) => dag!.add({ ...listed, parents: [{ sha: index === 0 ? base : String(commits[index - 1]!.sha) }] }));
  }
  return dag;
}

function github(url: URL, response: ServerResponse): void {
  const path = url.pathname;
  if (path === "/rate_limit") return send(response, 200, { resources: { core: { limit: 5000, remaining: 4990, reset: 0 } } });
  const repo = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  const known = new Map([
    ["acme/checkout", "acme/checkout"],
    ["acme/search", "acme/search"],
  ]);
  const name = repo ? known.get(`${repo[1]}/${repo[2]}`.toLowerCase()) : undefined;
  if (!repo || !name) return send(response, 404, { message: "Not Found" });
  const rest = repo[3] ?? "";
  if (rest === "") return send(response, 200, { full_name: name, private: true, default_branch: "main" });
  if (rest === "/commits") return send(response, 200, [{ sha: sha(0xfff) }]);
  const compare = /^\/compare\/([0-9a-f]+)\.\.\.([0-9a-f]+)$/.exec(rest);
  if (compare) {
    // Any compare, computed from the commit DAG the consecutive compares describe.
    const answer = dagOf(name).compare(compare[1]!, compare[2]!);
    if (answer.kind !== "compared") return send(response, 404, { message: "Not Found" });
    return send(response, 200, answer.body);
  }
  const single = /^\/commits\/([0-9a-f]+)$/.exec(rest);
  if (single) {
    const found = Object.values(COMPARES).flat().find((c) => c.sha === single[1]);
    return found ? send(response, 200, found) : send(response, 404, { message: "No commit found" });
  }
  send(response, 404, { message: "Not Found" });
}

function grafana(body: string, url: URL, response: ServerResponse): void {
  if (url.pathname !== "/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews") {
    return send(response, 404, { message: "Not found" });
  }
  const request = JSON.parse(body || "{}") as { query?: { limit?: number; queryString?: string } };
  const noDrills = (request.query?.queryString ?? "").includes("isdrill:false");
  const previews = INCIDENTS.filter((incident) => !(noDrills && incident.isDrill === true))
    .sort((a, b) => String(b.createdTime).localeCompare(String(a.createdTime)))
    .slice(0, request.query?.limit ?? 100);
  send(response, 200, { incidentPreviews: previews, cursor: { hasMore: false, nextValue: "" } });
}

async function listen(handler: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handler(request, Buffer.concat(chunks).toString("utf8"), response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startFakeApis(mode: Mode = "ok"): Promise<FakeApis> {
  const fake = { mode, requests: [] as string[] } as FakeApis;
  const guard = (name: keyof typeof TOKENS, request: IncomingMessage, response: ServerResponse): boolean => {
    fake.requests.push(`${name} ${request.method} ${request.url}`);
    // Octokit sends `token X`, the fetch clients `Bearer X`.
    const given = request.headers.authorization?.replace(/^(Bearer|token)\s+/i, "");
    if (fake.mode !== "refuse-auth" && given === TOKENS[name]) return true;
    send(response, 401, name === "github" ? { message: "Bad credentials" } : { code: 16, message: "token not valid" });
    return false;
  };
  const servers = await Promise.all([
    listen((request, _body, response) => guard("argo", request, response) && argo(fake, new URL(request.url!, "http://x"), response)),
    listen((request, _body, response) => guard("github", request, response) && github(new URL(request.url!, "http://x"), response)),
    listen((request, body, response) => guard("grafana", request, response) && grafana(body, new URL(request.url!, "http://x"), response)),
  ]);
  fake.argo = servers[0].url;
  fake.github = servers[1].url;
  fake.grafana = servers[2].url;
  fake.close = async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
  return fake;
}

/** The environment `dora` reads, pointing at the fakes. */
export function fakeEnv(fake: FakeApis): NodeJS.ProcessEnv {
  return {
    ARGO_SERVER: fake.argo,
    ARGO_TOKEN: TOKENS.argo,
    GITHUB_API_URL: fake.github,
    GITHUB_TOKEN: TOKENS.github,
    GRAFANA_URL: fake.grafana,
    GRAFANA_TOKEN: TOKENS.grafana,
  };
}
