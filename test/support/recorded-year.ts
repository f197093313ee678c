// A seeded recording in the APIs' real shapes (the demo's document builders): a year of Argo
// Workflows runs of several services (with staging, approval and production nodes), their GitHub
// compares and commits, and Grafana IRM incident previews — served by the replay emulator.

import type { Exchange, Recording } from "../../src/emulator/recording.js";
import { compareResponse, getCommitResponse, incidentPreview, workflowDocument } from "./demo/documents.js";
import { createRng } from "./demo/prng.js";
import { servicesYaml } from "./demo/services-yaml.js";
import type { DemoCommit, DemoIncident, DemoRun, Outcome, Person, ServiceName } from "./demo/timeline.js";

export interface YearOptions {
  /** Successful production deployments in the window, all services together. */
  deployments: number;
  services: number;
  windowDays: number;
  lookbackDays: number;
  incidents: number;
  seed?: number;
}

export const BENCH_YEAR: YearOptions = { deployments: 3000, services: 10, windowDays: 365, lookbackDays: 90, incidents: 150 };

export interface YearRecording {
  recording: Recording;
  /** dora.config.yaml text, without the three base URLs (the caller points them at its server). */
  configYaml: (urls: { argo: string; github: string; incident: string }) => string;
  now: Date;
  from: Date;
  runs: number;
}

const NOW = new Date("2026-11-16T00:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const JSON_HEADERS = { "content-type": "application/json" };
const seconds = (ms: number) => new Date(Math.round(ms / 1000) * 1000);

export function generateYearRecording(options: YearOptions): YearRecording {
  const rng = createRng(options.seed ?? 7);
  const from = new Date(NOW.getTime() - options.windowDays * DAY);
  const fetchFrom = new Date(from.getTime() - options.lookbackDays * DAY);
  const names = Array.from({ length: options.services }, (_, index) => `svc-${String(index).padStart(2, "0")}`);
  const runs: DemoRun[] = [];
  const exchanges: Exchange[] = [
    // The archive is indexed from the per-uid documents; an empty list page completes the source.
    { source: "argo", request: { method: "GET", path: "/api/v1/archived-workflows", body: null }, response: { status: 200, headers: JSON_HEADERS, body: { metadata: {}, items: [] } } },
  ];
  const shasByService = new Map<string, string[]>();

  names.forEach((service, serviceIndex) => {
    const repo = `acme/${service}`;
    const person: Person = { name: `Dev ${service}`, email: `dev@${service}.example.com`, login: `dev-${service}`, id: 1000 + serviceIndex };
    const history: DemoCommit[] = [];
    const addCommit = (authoredMs: number) => {
      const parent = history.at(-1);
      const commit: DemoCommit = {
        repo,
        sha: rng.hex(40),
        index: history.length,
        ...(parent ? { parentSha: parent.sha } : {}),
        authoredAt: seconds(authoredMs),
        committedAt: seconds(authoredMs + rng.int(0, 1800) * 1000),
        author: person,
        committer: person,
        message: `Change ${history.length} of ${service}`,
      };
      history.push(commit);
      return commit;
    };
    // The same deployment rate over the lookback as over the window.
    const inWindow = Math.floor(options.deployments / options.services) + (serviceIndex < options.deployments % options.services ? 1 : 0);
    // 5% of the runs fail before or in production (they are fetched, but are no deployment).
    const total = Math.round((inWindow / 0.95) * (options.windowDays + options.lookbackDays) / options.windowDays);
    const times = Array.from({ length: total }, () => fetchFrom.getTime() + 3 * DAY + rng.next() * (NOW.getTime() - fetchFrom.getTime() - 4 * DAY)).sort((a, b) => a - b);
    addCommit(times[0]! - 2 * DAY);

    const successful: DemoRun[] = [];
    let highWater = 0;
    for (const productionEnd of times) {
      const roll = rng.next();
      const outcome: Outcome = roll < 0.03 ? "failed-production" : roll < 0.05 ? "failed-staging" : "succeeded";
      const previous = successful.at(-1);
      const previousIndex = previous ? history.findIndex((commit) => commit.sha === previous.sha) : 0;
      let head: DemoCommit;
      const kind = rng.next();
      if (outcome === "succeeded" && previous && kind < 0.02) {
        head = history[previousIndex]!; // a redeploy
      } else if (outcome === "succeeded" && previous && kind < 0.03 && previousIndex === highWater && highWater > 1) {
        head = history[highWater - 1]!; // a rollback to the commit before
      } else {
        const count = rng.int(1, 9);
        for (let n = 0; n < count; n++) addCommit(productionEnd - rng.int(20, 4000) * MINUTE);
        head = history.at(-1)!;
      }
      const start = productionEnd - rng.int(40, 240) * MINUTE;
      const build = { start: seconds(start), end: seconds(start + 8 * MINUTE) };
      const staging = { start: build.end, end: seconds(build.end.getTime() + 6 * MINUTE) };
      const reached = outcome !== "failed-staging";
      const approve = reached ? { start: staging.end, end: seconds(productionEnd - 5 * MINUTE) } : undefined;
      const production = reached ? { start: approve!.end, end: seconds(productionEnd) } : undefined;
      const run: DemoRun = {
        service: service as ServiceName,
        repo,
        name: `deploy-${service}-${rng.suffix(5)}`,
        uid: rng.uuid(),
        sha: head.sha,
        outcome,
        startedAt: build.start,
        finishedAt: seconds((production ?? staging).end.getTime() + 20_000),
        build,
        staging,
        ...(approve ? { approve } : {}),
        ...(production ? { production } : {}),
        newCommits: [],
      };
      runs.push(run);
      if (outcome === "succeeded") {
        successful.push(run);
        highWater = Math.max(highWater, head.index);
      }
    }

    // Compares between consecutive deployments, and from the high water after a rollback.
    const indexOf = new Map(history.map((commit) => [commit.sha, commit]));
    let previousHigh: DemoCommit | undefined;
    successful.forEach((run, position) => {
      const previous = successful[position - 1];
      const head = indexOf.get(run.sha)!;
      if (previous && previous.sha !== run.sha) {
        const base = indexOf.get(previous.sha)!;
        exchanges.push(githubExchange(`/repos/${repo}/compare/${base.sha}...${head.sha}?per_page=100`, compareResponse(history, base, head)));
        if (previousHigh && base.index < previousHigh.index && head.index > previousHigh.index) {
          exchanges.push(githubExchange(`/repos/${repo}/compare/${previousHigh.sha}...${head.sha}?per_page=100`, compareResponse(history, previousHigh, head)));
        }
      }
      if (!previousHigh || head.index > previousHigh.index) previousHigh = head;
    });
    for (const sha of new Set(successful.map((run) => run.sha))) {
      exchanges.push(githubExchange(`/repos/${repo}/commits/${sha}`, getCommitResponse(indexOf.get(sha)!)));
    }
    shasByService.set(service, successful.map((run) => run.sha));
  });

  for (const run of runs) {
    exchanges.push({
      source: "argo",
      request: { method: "GET", path: `/api/v1/archived-workflows/${run.uid}`, body: null },
      response: { status: 200, headers: JSON_HEADERS, body: workflowDocument(run) },
    });
  }

  const incidents: DemoIncident[] = Array.from({ length: options.incidents }, (_, index) => {
    const service = rng.pick(names);
    const created = seconds(fetchFrom.getTime() + rng.next() * (NOW.getTime() - fetchFrom.getTime() - DAY));
    const active = index % 75 === 0;
    const labels = [{ key: "service", label: service }];
    if (rng.chance(0.1)) labels.push({ key: "commit", label: rng.pick(shasByService.get(service)!).slice(0, 12) });
    return {
      id: String(5000 + index),
      tag: "bench",
      title: `Elevated error rate on ${service}`,
      severity: rng.pick(["critical", "major", "minor"] as const),
      isDrill: rng.chance(0.03),
      labels,
      createdTime: created,
      ...(active ? {} : { closedTime: seconds(created.getTime() + rng.int(10, 600) * MINUTE) }),
    };
  });
  const previews = incidents.sort((a, b) => b.createdTime.getTime() - a.createdTime.getTime()).map(incidentPreview);
  exchanges.push({
    source: "incident",
    request: { method: "POST", path: "/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews", body: { query: { limit: 100 } } },
    response: { status: 200, headers: JSON_HEADERS, body: { incidentPreviews: previews, cursor: { hasMore: false, nextValue: "" } } },
  });

  const configYaml = (urls: { argo: string; github: string; incident: string }) => `timezone: UTC
lookback: ${options.lookbackDays}d
argo:
  server: ${urls.argo}
  namespace: argo
  source: archive
github:
  apiUrl: ${urls.github}
incidents:
  grafanaUrl: ${urls.incident}
  plugin: grafana-irm-app
services:
${servicesYaml(names.map((name) => ({ name, repo: `acme/${name}` })))}
`;
  return {
    recording: {
      dir: "(generated)",
      meta: { now: NOW.toISOString(), since: `${options.windowDays}d`, description: "bench: a generated year" },
      configPath: "(generated)",
      exchanges,
    },
    configYaml,
    now: NOW,
    from,
    runs: runs.length,
  };
}

let remaining = 4_999;
function githubExchange(path: string, body: unknown): Exchange {
  remaining = remaining > 100 ? remaining - 1 : 4_999;
  return {
    source: "github",
    request: { method: "GET", path, body: null },
    response: {
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(Math.floor(NOW.getTime() / 1000) + 3600),
        "x-ratelimit-resource": "core",
      },
      body,
    },
  };
}
