import type { Deployment } from "../../src/model/deployment.js";
import type { Incident } from "../../src/model/incident.js";
import { analyze } from "../../src/metrics/analysis.js";
import type { BackfillData } from "../../src/otlp/backfill-data.js";
import { API, commit, comparison, input, options, scope } from "../metrics/builders.js";

// A hand-made dataset (service "api", repo acme/api), window [2026-01-10T00:00Z, 01:00Z), analyzed
// with attribution.window 10 min:
// - lookback: deployment L1 succeeded 2026-01-09T12:00Z; incident I0 2026-01-09T13:00 → 13:30 (1800 s,
//   3600 s after L1: not attributed)
// - window: D1 finished 00:15 (changes c1, c2 on top of L1: lead times 00:15 − 23:15 = 3600 s and
//           00:15 − 22:15 = 7200 s; failed by I1),
//           D2 finished 00:42 with L1's SHA (no change, a rollback, so rework);
//           I1 00:20 → 00:50 (1800 s, 300 s after D1: inferred to D1), I2 00:55 active (780 s after
//           D2: not attributed), I3 a drill at 00:05.

export const FROM = "2026-01-10T00:00:00.000Z";
export const TO = "2026-01-10T01:00:00.000Z";
export const at = (hhmm: string) => `2026-01-10T${hhmm}:00.000Z`;

function deployment(id: string, name: string, sha: string, startedAt: string, finishedAt: string): Deployment {
  return {
    id,
    name,
    namespace: "argo",
    service: "api",
    repo: "acme/api",
    sha,
    environment: "production",
    status: "succeeded",
    startedMs: Date.parse(startedAt),
    finishedMs: Date.parse(finishedAt),
    steps: [
      { id: name, name, type: "DAG", phase: "Succeeded", startedMs: Date.parse(startedAt), finishedMs: Date.parse(finishedAt) },
      { id: `${name}-1`, name: "build", type: "Pod", phase: "Succeeded", startedMs: Date.parse(startedAt), finishedMs: Date.parse(startedAt.replace(":00.000Z", ":30.000Z")) },
      { id: `${name}-2`, name: "deploy-production", templateName: "deploy", type: "Pod", phase: "Succeeded", startedMs: Date.parse(startedAt.replace(":00.000Z", ":30.000Z")), finishedMs: Date.parse(finishedAt) },
      { id: `${name}-3`, name: "never-ran", type: "Pod", phase: "Omitted" },
    ],
    url: `https://argo.example.com/workflows/argo/${name}`,
  };
}

const C1 = commit("c1".padEnd(40, "1"), "2026-01-09T23:15", { committedAt: "2026-01-09T23:16:00.000Z" });
const C2 = commit("c2".padEnd(40, "2"), "2026-01-09T22:15");

export const L1 = deployment("uid-l1", "deploy-api-aaaaa", "a1".padEnd(40, "0"), "2026-01-09T11:50:00.000Z", "2026-01-09T12:00:00.000Z");
export const D1 = deployment("uid-d1", "deploy-api-bbbbb", C2.sha, at("00:05"), at("00:15"));
export const D2 = deployment("uid-d2", "deploy-api-ccccc", L1.sha, at("00:32"), at("00:42"));

function incident(id: string, startedAt: string, resolvedAt: string | undefined, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    title: `incident ${id}`,
    severity: "major",
    status: resolvedAt ? "resolved" : "active",
    isDrill: false,
    labels: { service: "api" },
    startedMs: Date.parse(startedAt),
    ...(resolvedAt ? { resolvedMs: Date.parse(resolvedAt) } : {}),
    ...extra,
  };
}

export interface TinyVariant {
  from?: string;
  to?: string;
  /** I1 carries a `deployment` label naming L1, a deployment of the lookback. */
  attributedToLookback?: boolean;
  /** Nothing fetched at all (an earlier, empty window). */
  empty?: boolean;
}

/** The analysis of the tiny dataset over [from, to) (default: the whole hour). */
export function tinyData(variant: TinyVariant = {}): BackfillData {
  const incidents = [
    incident("I0", "2026-01-09T13:00:00.000Z", "2026-01-09T13:30:00.000Z", { severity: "minor" }),
    incident("I3", at("00:05"), at("00:06"), { isDrill: true }),
    incident("I1", at("00:20"), at("00:50"), variant.attributedToLookback ? { labels: { service: "api", deployment: L1.name } } : {}),
    incident("I2", at("00:55"), undefined),
  ];
  const fetched = variant.empty
    ? input()
    : input({ deployments: [L1, D1, D2], comparisons: [comparison(L1.sha, C2.sha, "ahead", [C1, C2])], incidents });
  return analyze(fetched, scope({ from: variant.from ?? FROM, to: variant.to ?? TO, services: [API] }), options({ attributionWindowSeconds: 600 }));
}
