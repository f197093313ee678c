import { archivedWorkflows, githubRepository, incidentPreviews, startEmulator, unauthorized, type Exchange } from "../../src/emulator/index.js";

// What the emulator's Argo Server archive, GitHub and Grafana IRM hold for the onboarding tests: two
// services' worth of data (checkout and search) plus a template that deploys nothing.

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

/** How the APIs misbehave: refuse every token, run Argo without an archive, or answer normally. */
export type Mode = "ok" | "refuse-auth" | "no-archive";

export interface FakeApis {
  argo: string;
  github: string;
  grafana: string;
  mode: Mode;
  close(): Promise<void>;
}

/** The repository's commits: each compare's commits chain from its base; the first base is a root commit. */
function historyOf(repo: string): Json[] {
  const history: Json[] = [];
  for (const [key, commits] of Object.entries(COMPARES)) {
    const [name, range] = key.split(" ");
    if (name !== repo) continue;
    const base = range!.split("...")[0]!;
    history.push({ ...commit(base, "2026-10-01T00:00:00Z"), parents: [] });
    commits.forEach((listed, index) => history.push({ ...listed, parents: [{ sha: index === 0 ? base : String(commits[index - 1]!.sha) }] }));
  }
  return history;
}

const get = (source: Exchange["source"], path: string, body: unknown): Exchange => ({
  source,
  request: { method: "GET", path, body: null },
  response: { status: 200, headers: { "content-type": "application/json" }, body },
});

/** The emulator (src/emulator) holding the runs, the two repositories and the incidents; every API checks its token. */
export async function startFakeApis(mode: Mode = "ok"): Promise<FakeApis> {
  const repos = ["acme/checkout", "acme/search"];
  const exchanges: Exchange[] = [
    ...archivedWorkflows(ARCHIVE),
    get("github", "/rate_limit", { resources: { core: { limit: 5000, remaining: 4990, reset: 0 } } }),
    ...repos.flatMap((repo) => [
      ...githubRepository(repo, historyOf(repo), { full_name: repo, private: true, default_branch: "main" }),
      get("github", `/repos/${repo}/commits?per_page=1`, [{ sha: sha(0xfff) }]),
    ]),
    ...incidentPreviews(INCIDENTS),
  ];
  const fake = { mode } as FakeApis;
  const emulator = await startEmulator({
    recording: { exchanges },
    tokens: { argo: TOKENS.argo, github: TOKENS.github, incident: TOKENS.grafana },
    github: { complete: true },
    argo: {
      get archived() {
        return fake.mode !== "no-archive";
      },
    },
    fault: (request) => {
      if (fake.mode === "refuse-auth") return unauthorized(request.source);
      // The token may list workflows in namespace argo only.
      const list = request.source === "argo" && request.path.startsWith("/api/v1/archived-workflows?");
      if (list && new URL(request.path, "http://x").searchParams.get("namespace") !== "argo") return { status: 403, body: { code: 7, message: "Permission denied" } };
      return undefined;
    },
  });
  fake.argo = emulator.baseUrls.argo;
  fake.github = emulator.baseUrls.github;
  fake.grafana = emulator.baseUrls.incident;
  fake.close = () => emulator.close();
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
