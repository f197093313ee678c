// The demo's event list: every workflow run, commit and incident, built from a scripted part
// (the docs/metric-definitions.md edge cases at round times) and a seeded random background (working hours,
// quiet weekends, a busy week). Documents and expected figures are both derived from this list.

import { createRng, type Rng } from "./prng.js";

export const NOW = new Date("2026-11-16T00:00:00Z");
export const WINDOW_FROM = new Date("2026-08-18T00:00:00Z");
export const LOOKBACK_FROM = new Date("2026-05-20T00:00:00Z");
/**
 * The archive list range recorded for every service: wider than the window and its lookback, and than
 * the previous window (--compare previous) and its own lookback (from 2026-02-19), so slack in a
 * client's range still replays. No run is that old: only the recorded requests name the range.
 */
export const RECORDED_STARTED_FROM = "2026-01-01T00:00:00Z";

export type ServiceName = "backstage" | "checkout" | "search";
export const SERVICES: ReadonlyArray<{ name: ServiceName; repo: string }> = [
  { name: "backstage", repo: "grafana/backstage" },
  { name: "checkout", repo: "acme/checkout" },
  { name: "search", repo: "acme/search" },
];
export const repoOf = (service: ServiceName) => SERVICES.find((s) => s.name === service)!.repo;

export type Outcome = "succeeded" | "failed-production" | "stopped-approval" | "failed-staging";

export interface Person {
  name: string;
  email: string;
  login: string;
  id: number;
}

export interface DemoCommit {
  repo: string;
  sha: string;
  /** Position in the repository's linear history (0 = root). */
  index: number;
  parentSha?: string;
  authoredAt: Date;
  committedAt: Date;
  author: Person;
  committer: Person;
  message: string;
}

export interface Span {
  start: Date;
  end: Date;
}

export interface DemoRun {
  service: ServiceName;
  repo: string;
  name: string;
  uid: string;
  sha: string;
  outcome: Outcome;
  /** Scripted edge case key (absent for background runs). */
  tag?: string;
  startedAt: Date;
  finishedAt: Date;
  build: Span;
  staging: Span;
  approve?: Span;
  production?: Span;
  /** Commits first created for this run (may be deployed by a later run when this one failed). */
  newCommits: DemoCommit[];
}

export interface DemoIncident {
  id: string;
  tag: string;
  title: string;
  severity: "critical" | "major" | "minor";
  isDrill: boolean;
  labels: Array<{ key: string; label: string }>;
  createdTime: Date;
  /** Absent while active. */
  closedTime?: Date;
  /** Set only when different from created/closed (the API then carries them explicitly). */
  incidentStart?: Date;
  incidentEnd?: Date;
}

export interface DemoData {
  runs: DemoRun[];
  commits: Map<string, DemoCommit[]>;
  incidents: DemoIncident[];
}

type ChangePlan =
  | { kind: "new"; count: number; head?: { authoredAt?: string; committedAt?: string } }
  | { kind: "redeploy" }
  | { kind: "rollback" };

interface RunSpec {
  service: ServiceName;
  /** Key instant: production finish (succeeded / failed-production), approval stop, or staging failure. */
  at: Date;
  outcome: Outcome;
  change: ChangePlan;
  approvalSeconds?: number;
  tag?: string;
}

const t = (iso: string) => new Date(iso);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The scripted edge cases (see EXPECTED.md for what each one must produce). */
const SCRIPTED_RUNS: RunSpec[] = [
  // backstage: redeploy of the same SHA
  { service: "backstage", tag: "redeploy-original", at: t("2026-09-02T10:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 3 } },
  { service: "backstage", tag: "redeploy", at: t("2026-09-02T15:00:00Z"), outcome: "succeeded", change: { kind: "redeploy" }, approvalSeconds: 1200 },
  // backstage: a bad release, its rollback while the incident is open, and the roll-forward
  { service: "backstage", tag: "bad-release", at: t("2026-09-22T11:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 2 } },
  { service: "backstage", tag: "rollback", at: t("2026-09-22T14:00:00Z"), outcome: "succeeded", change: { kind: "rollback" }, approvalSeconds: 300 },
  { service: "backstage", tag: "roll-forward", at: t("2026-09-24T11:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 2 } },
  // backstage: a production rollout that failed, then the fix that went out
  { service: "backstage", tag: "failed-rollout", at: t("2026-10-08T11:00:00Z"), outcome: "failed-production", change: { kind: "new", count: 2 } },
  { service: "backstage", tag: "after-failed-rollout", at: t("2026-10-08T15:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 1 } },
  // backstage: a commit whose author clock ran ahead of the deployment (lead time < 0)
  {
    service: "backstage",
    tag: "clock-skew",
    at: t("2026-10-20T14:30:00Z"),
    outcome: "succeeded",
    change: { kind: "new", count: 2, head: { authoredAt: "2026-10-20T15:00:00Z", committedAt: "2026-10-20T12:00:00Z" } },
    approvalSeconds: 2400,
  },
  // backstage: incident labelled with a deployment name, a later deployment, a hotfix while it is open
  { service: "backstage", tag: "labelled-deployment", at: t("2026-10-26T16:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 2 } },
  { service: "backstage", tag: "before-incident", at: t("2026-10-27T09:30:00Z"), outcome: "succeeded", change: { kind: "new", count: 1 }, approvalSeconds: 900 },
  { service: "backstage", tag: "hotfix-while-open", at: t("2026-10-27T11:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 1 }, approvalSeconds: 600 },
  // checkout: incident labelled with a commit prefix; a later deployment the same day
  { service: "checkout", tag: "labelled-commit", at: t("2026-09-09T10:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 2 } },
  { service: "checkout", tag: "after-labelled-commit", at: t("2026-09-09T14:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 1 } },
  // checkout: a run that failed in staging
  // checkout: a run that failed in staging in the morning; the afternoon release carries its commit.
  // An incident the next morning is inferred to that release; a deployment 40 min after it was resolved (grace)
  { service: "checkout", tag: "failed-staging", at: t("2026-10-14T09:30:00Z"), outcome: "failed-staging", change: { kind: "new", count: 1 } },
  { service: "checkout", tag: "inferred-overnight", at: t("2026-10-14T15:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 2 } },
  { service: "checkout", tag: "within-grace", at: t("2026-10-15T10:40:00Z"), outcome: "succeeded", change: { kind: "new", count: 1 }, approvalSeconds: 900 },
  // checkout: the incident whose incidentStart (not createdTime) puts it inside the 24 h window
  { service: "checkout", tag: "incident-start-edge", at: t("2026-11-02T10:05:00Z"), outcome: "succeeded", change: { kind: "new", count: 3 } },
  // search: first deployment ever (no predecessor); a run stopped at approval the day before a release
  {
    service: "search",
    tag: "first-deployment",
    at: t("2026-08-24T11:00:00Z"),
    outcome: "succeeded",
    change: { kind: "new", count: 4, head: { authoredAt: "2026-08-24T09:00:00Z", committedAt: "2026-08-24T09:00:00Z" } },
    approvalSeconds: 1800,
  },
  { service: "search", tag: "stopped-at-approval", at: t("2026-10-21T12:00:00Z"), outcome: "stopped-approval", change: { kind: "new", count: 2 } },
  { service: "search", tag: "before-unattributed", at: t("2026-10-22T15:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 2 } },
  { service: "search", tag: "overnight-incident", at: t("2026-11-11T14:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 3 } },
  { service: "search", tag: "after-overnight-incident", at: t("2026-11-12T11:00:00Z"), outcome: "succeeded", change: { kind: "new", count: 1 } },
];

interface IncidentSpec extends Omit<DemoIncident, "labels"> {
  service?: ServiceName;
  extraLabels?: Array<{ key: string; label: string } | { key: string; run: string; part: "name" | "sha12" }>;
}

const SCRIPTED_INCIDENTS: IncidentSpec[] = [
  { id: "1040", tag: "lookback", service: "checkout", title: "Checkout latency above SLO", severity: "minor", isDrill: false, createdTime: t("2026-07-15T10:00:00Z"), closedTime: t("2026-07-15T10:40:00Z") },
  {
    id: "1041",
    tag: "label-commit",
    service: "checkout",
    title: "Payment confirmation emails not sent",
    severity: "major",
    isDrill: false,
    createdTime: t("2026-09-09T16:00:00Z"),
    closedTime: t("2026-09-09T17:00:00Z"),
    extraLabels: [{ key: "commit", run: "labelled-commit", part: "sha12" }],
  },
  { id: "1042", tag: "inferred", service: "backstage", title: "Catalog pages return 500", severity: "critical", isDrill: false, createdTime: t("2026-09-22T13:00:00Z"), closedTime: t("2026-09-22T14:30:00Z") },
  { id: "1043", tag: "unmatched", title: "Shared ingress controller restarts", severity: "minor", isDrill: false, createdTime: t("2026-09-30T10:00:00Z"), closedTime: t("2026-09-30T11:00:00Z"), extraLabels: [{ key: "team", label: "platform" }] },
  { id: "1044", tag: "drill", service: "backstage", title: "Game day: database failover", severity: "major", isDrill: true, createdTime: t("2026-10-01T14:00:00Z"), closedTime: t("2026-10-01T15:00:00Z") },
  { id: "1045", tag: "inferred-overnight", service: "checkout", title: "Cart totals off by tax rounding", severity: "major", isDrill: false, createdTime: t("2026-10-15T09:00:00Z"), closedTime: t("2026-10-15T10:00:00Z") },
  { id: "1046", tag: "outside-window", service: "search", title: "Search index lagging behind", severity: "minor", isDrill: false, createdTime: t("2026-10-24T09:00:00Z"), closedTime: t("2026-10-24T11:00:00Z") },
  {
    id: "1047",
    tag: "label-deployment",
    service: "backstage",
    title: "TechDocs builds failing",
    severity: "major",
    isDrill: false,
    createdTime: t("2026-10-27T10:00:00Z"),
    closedTime: t("2026-10-27T12:00:00Z"),
    extraLabels: [{ key: "deployment", run: "labelled-deployment", part: "name" }],
  },
  {
    id: "1048",
    tag: "incident-start",
    service: "checkout",
    title: "Checkout 502s from payment gateway",
    severity: "critical",
    isDrill: false,
    createdTime: t("2026-11-03T10:15:00Z"),
    closedTime: t("2026-11-03T12:00:00Z"),
    incidentStart: t("2026-11-03T10:00:00Z"),
    incidentEnd: t("2026-11-03T11:20:00Z"),
  },
  { id: "1049", tag: "overnight", service: "search", title: "Search results missing new documents", severity: "major", isDrill: false, createdTime: t("2026-11-11T16:00:00Z"), closedTime: t("2026-11-12T09:00:00Z") },
  { id: "1050", tag: "active", service: "checkout", title: "Elevated checkout error rate", severity: "minor", isDrill: false, createdTime: t("2026-11-15T08:00:00Z") },
];

const dayKey = (date: Date) => date.toISOString().slice(0, 10);
const isWeekend = (date: Date) => date.getUTCDay() === 0 || date.getUTCDay() === 6;
const isWorkingTime = (date: Date) => !isWeekend(date) && date.getUTCHours() >= 8 && date.getUTCHours() < 19;

/** Days around scripted events where no background run of that service may land. */
function blockedDays(service: ServiceName): Set<string> {
  const blocked = new Set<string>();
  const block = (date: Date) => {
    for (const offset of [-1, 0, 1]) blocked.add(dayKey(new Date(date.getTime() + offset * DAY)));
  };
  for (const spec of SCRIPTED_RUNS) if (spec.service === service) block(spec.at);
  for (const incident of SCRIPTED_INCIDENTS) if (incident.service === service) block(incident.incidentStart ?? incident.createdTime);
  return blocked;
}

interface BackgroundProfile {
  from: Date;
  to: Date;
  probability: number;
  busy?: { from: Date; to: Date };
}

const BACKGROUND: Record<ServiceName, BackgroundProfile[]> = {
  backstage: [
    { from: t("2026-05-25T00:00:00Z"), to: t("2026-08-15T00:00:00Z"), probability: 0.45 },
    { from: WINDOW_FROM, to: NOW, probability: 0.6, busy: { from: t("2026-10-12T00:00:00Z"), to: t("2026-10-17T00:00:00Z") } },
  ],
  checkout: [
    { from: t("2026-05-25T00:00:00Z"), to: t("2026-08-15T00:00:00Z"), probability: 0.3 },
    { from: WINDOW_FROM, to: NOW, probability: 0.42 },
  ],
  // search starts inside the window: its first run is the scripted first deployment on Aug 24
  search: [{ from: t("2026-08-26T00:00:00Z"), to: NOW, probability: 0.12 }],
};

function backgroundSpecs(rng: Rng, service: ServiceName): RunSpec[] {
  const blocked = blockedDays(service);
  const specs: RunSpec[] = [];
  for (const profile of BACKGROUND[service]) {
    for (let day = profile.from.getTime(); day < profile.to.getTime(); day += DAY) {
      const date = new Date(day);
      if (isWeekend(date) || blocked.has(dayKey(date))) continue;
      const busy = profile.busy && day >= profile.busy.from.getTime() && day < profile.busy.to.getTime();
      if (!busy && !rng.chance(profile.probability)) continue;
      // Production finishes between 10:00 and 17:30; a busy day gets a morning and an afternoon release.
      const slots = busy ? [[10 * 60, 12 * 60 + 30], [14 * 60 + 30, 17 * 60 + 30]] : [[10 * 60, 17 * 60 + 30]];
      for (const [lo, hi] of slots) {
        const minute = rng.int(lo!, hi!);
        const at = new Date(day + minute * MINUTE + rng.int(0, 59) * 1000);
        const count = rng.pick([1, 1, 2, 2, 2, 3, 3, 4, 5, 6]);
        specs.push({ service, at, outcome: "succeeded", change: { kind: "new", count } });
      }
    }
  }
  return specs;
}

const PEOPLE: Record<ServiceName, Person[]> = {
  backstage: [
    { name: "Ana Ruiz", email: "ana.ruiz@example.com", login: "anaruiz", id: 5810231 },
    { name: "Jonas Berg", email: "jonas.berg@example.com", login: "jberg", id: 2291877 },
    { name: "Priya Natarajan", email: "priya.n@example.com", login: "priyan", id: 7710452 },
    { name: "Tom Okafor", email: "tom.okafor@example.com", login: "tokafor", id: 3398120 },
  ],
  checkout: [
    { name: "Lea Martin", email: "lea.martin@acme.example", login: "leamartin", id: 6120977 },
    { name: "Sam Chen", email: "sam.chen@acme.example", login: "samchen", id: 4403318 },
    { name: "Diego Alvarez", email: "diego.alvarez@acme.example", login: "dalvarez", id: 8812004 },
  ],
  search: [
    { name: "Mira Koval", email: "mira.koval@acme.example", login: "mkoval", id: 9051236 },
    { name: "Ben Adeyemi", email: "ben.adeyemi@acme.example", login: "badeyemi", id: 1187345 },
  ],
};

const MESSAGES: Record<ServiceName, string[]> = {
  backstage: [
    "Fix entity refresh for orphaned components",
    "Add owner filter to the catalog table",
    "Bump @backstage/core-components to 0.17.2",
    "TechDocs: cache generated sites for 10 minutes",
    "Scaffolder: validate template parameters on submit",
    "Remove deprecated kubernetes plugin config",
    "Improve search result ranking for systems",
    "Fix flaky catalog-import test",
    "Show last deployment on the entity page",
    "Upgrade Node base image to 20.20",
  ],
  checkout: [
    "Retry payment capture on gateway timeouts",
    "Round tax per line item before summing",
    "Add idempotency key to order creation",
    "Log declined card reasons at info level",
    "Fix currency formatting for JPY",
    "Move cart totals into a pure function",
    "Bump stripe-node to 17.4.0",
    "Cache shipping rates for 5 minutes",
  ],
  search: [
    "Reindex documents in batches of 500",
    "Add synonym support for product names",
    "Fix highlighting of multi-word queries",
    "Tune BM25 parameters for short titles",
    "Expose index lag as a metric",
    "Upgrade OpenSearch client to 3.1",
  ],
};

/** A random working-hours instant in [lo, hi] (falls back to hi when none is found). */
function workingTimeBetween(rng: Rng, lo: number, hi: number): number {
  if (hi <= lo) return hi;
  for (let attempt = 0; attempt < 60; attempt++) {
    const candidate = lo + Math.floor(rng.next() * (hi - lo));
    if (isWorkingTime(new Date(candidate))) return Math.floor(candidate / 1000) * 1000;
  }
  return Math.floor(hi / 1000) * 1000;
}

/** Node spans computed backwards from the key instant, with second precision. */
function schedule(rng: Rng, spec: RunSpec): Pick<DemoRun, "startedAt" | "finishedAt" | "build" | "staging" | "approve" | "production"> {
  const seconds = (ms: number) => new Date(Math.round(ms / 1000) * 1000);
  const build = rng.int(240, 540) * 1000;
  const staging = rng.int(150, 360) * 1000;
  const approval = (spec.approvalSeconds ?? rng.pick([600, 1500, 2700, 4200, 6300, 9000])) * 1000 + rng.int(0, 59) * 1000;
  const production = rng.int(200, 480) * 1000;
  const at = spec.at.getTime();
  let stagingEnd: number;
  let approveSpan: Span | undefined;
  let productionSpan: Span | undefined;
  let lastEnd = at;
  if (spec.outcome === "failed-staging") {
    stagingEnd = at;
  } else if (spec.outcome === "stopped-approval") {
    // Nobody approved: the run was stopped four hours later.
    const approveStart = at - 4 * HOUR - rng.int(0, 59) * 1000;
    approveSpan = { start: seconds(approveStart), end: seconds(at) };
    stagingEnd = approveStart - 2000;
  } else {
    const productionStart = at - production;
    productionSpan = { start: seconds(productionStart), end: seconds(at) };
    const approveEnd = productionStart - 2000;
    approveSpan = { start: seconds(approveEnd - approval), end: seconds(approveEnd) };
    stagingEnd = approveEnd - approval - 2000;
  }
  const stagingSpan = { start: seconds(stagingEnd - staging), end: seconds(stagingEnd) };
  const buildEnd = stagingEnd - staging - 3000;
  const buildSpan = { start: seconds(buildEnd - build), end: seconds(buildEnd) };
  lastEnd = at;
  return {
    startedAt: seconds(buildEnd - build - 1000),
    finishedAt: seconds(lastEnd + 2000),
    build: buildSpan,
    staging: stagingSpan,
    ...(approveSpan ? { approve: approveSpan } : {}),
    ...(productionSpan ? { production: productionSpan } : {}),
  };
}

export function buildTimeline(seed = 20261116): DemoData {
  const rng = createRng(seed);
  const runs: DemoRun[] = [];
  const commits = new Map<string, DemoCommit[]>();
  for (const { name: service, repo } of SERVICES) {
    const specs = [...SCRIPTED_RUNS.filter((spec) => spec.service === service), ...backgroundSpecs(rng, service)].sort(
      (a, b) => a.at.getTime() - b.at.getTime(),
    );
    const history: DemoCommit[] = [];
    commits.set(repo, history);
    const successfulShas: string[] = [];
    for (const spec of specs) {
      const timing = schedule(rng, spec);
      const newCommits: DemoCommit[] = [];
      let sha: string;
      if (spec.change.kind === "new") {
        const last = history.at(-1);
        const hi = timing.startedAt.getTime() - 15 * MINUTE;
        const headCommitted = spec.change.head?.committedAt ? Date.parse(spec.change.head.committedAt) : undefined;
        const randomHi = headCommitted !== undefined ? headCommitted - 5 * MINUTE : hi;
        // Most work lands shortly before a release; some sat for days (lead times from ~1 h to a week).
        const spread = rng.pick([3 * HOUR, 6 * HOUR, 1 * DAY, 1 * DAY, 2 * DAY, 4 * DAY, 7 * DAY]);
        const earliest = last ? last.committedAt.getTime() + 5 * MINUTE : randomHi - 5 * DAY;
        const lo = Math.min(Math.max(earliest, randomHi - spread), randomHi - HOUR);
        const randomCount = spec.change.count - (spec.change.head ? 1 : 0);
        const times = Array.from({ length: randomCount }, () => workingTimeBetween(rng, lo, randomHi)).sort((a, b) => a - b);
        if (headCommitted !== undefined) times.push(headCommitted);
        times.forEach((committed, position) => {
          const author = rng.pick(PEOPLE[service]);
          const isHead = position === times.length - 1 && spec.change.kind === "new" && spec.change.head !== undefined;
          const headAuthored = isHead && spec.change.kind === "new" ? spec.change.head?.authoredAt : undefined;
          // A few commits were rebased before merging: authored days earlier than committed.
          const rebased = !isHead && rng.chance(0.12);
          const authoredAt = headAuthored ? new Date(headAuthored) : rebased ? new Date(committed - rng.int(26, 120) * HOUR) : new Date(committed);
          const commit: DemoCommit = {
            repo,
            sha: rng.hex(40),
            index: history.length,
            ...(history.at(-1) ? { parentSha: history.at(-1)!.sha } : {}),
            authoredAt,
            committedAt: new Date(committed),
            author,
            committer: author,
            message: rng.pick(MESSAGES[service]),
          };
          history.push(commit);
          newCommits.push(commit);
        });
        sha = history.at(-1)!.sha;
      } else if (spec.change.kind === "redeploy") {
        sha = successfulShas.at(-1)!;
      } else {
        sha = successfulShas.at(-2)!;
      }
      const run: DemoRun = {
        service,
        repo,
        name: `deploy-${service}-${rng.suffix(5)}`,
        uid: rng.uuid(),
        sha,
        outcome: spec.outcome,
        ...(spec.tag ? { tag: spec.tag } : {}),
        ...timing,
        newCommits,
      };
      runs.push(run);
      if (spec.outcome === "succeeded") successfulShas.push(sha);
    }
  }
  runs.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.name.localeCompare(b.name));

  const byTag = (tag: string) => runs.find((run) => run.tag === tag)!;
  const incidents: DemoIncident[] = SCRIPTED_INCIDENTS.map(({ service, extraLabels, ...incident }) => ({
    ...incident,
    labels: [
      ...(service ? [{ key: "service", label: service }] : []),
      ...(extraLabels ?? []).map((label) =>
        "label" in label ? label : { key: label.key, label: label.part === "name" ? byTag(label.run).name : byTag(label.run).sha.slice(0, 12) },
      ),
    ],
  }));
  return { runs, commits, incidents };
}
