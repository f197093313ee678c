import { createArgoEmulator, type ArgoBehaviour } from "./argo-emulator.js";
import { createGithubEmulator, type GithubBehaviour } from "./github-emulator.js";
import { createIncidentEmulator, type IncidentBehaviour } from "./incident-emulator.js";
import { createPagerDutyEmulator, type PagerDutyBehaviour } from "./pagerduty-emulator.js";
import { createGithubIssuesEmulator } from "./github-issues-emulator.js";
import type { EmulatorRequest, EmulatorResponse, Recording, ReplaySource } from "./recording.js";

/** Answers API requests of the three sources from a recording (semantics: fixtures/README.md). */
export interface ApiEmulator {
  handle(source: ReplaySource, request: EmulatorRequest): EmulatorResponse;
}

/** How the emulated servers differ from a replay of a current release (tests set these). */
export interface EmulatorBehaviour {
  argo?: ArgoBehaviour;
  github?: GithubBehaviour;
  incident?: IncidentBehaviour;
  pagerduty?: PagerDutyBehaviour;
}

export function createApiEmulator(recording: Pick<Recording, "exchanges">, behaviour: EmulatorBehaviour = {}): ApiEmulator {
  const of = (source: ReplaySource) => recording.exchanges.filter((exchange) => exchange.source === source);
  const emulators = {
    argo: createArgoEmulator(of("argo"), behaviour.argo),
    github: createGithubEmulator(of("github"), behaviour.github),
    incident: createIncidentEmulator(of("incident"), behaviour.incident),
    pagerduty: createPagerDutyEmulator(of("pagerduty"), behaviour.pagerduty),
    "github-issues": createGithubIssuesEmulator(of("github-issues"), behaviour.github),
  };
  return {
    handle(source, request) {
      // Live, GitHub commits and incident issues share one API URL: each replay path answers both.
      const routed = source === "github" || source === "github-issues" ? (ISSUES_LIST_RE.test(request.path) ? "github-issues" : "github") : source;
      return emulators[routed].handle({ ...request, method: request.method.toUpperCase() });
    },
  };
}

const ISSUES_LIST_RE = /^\/repos\/[^/]+\/[^/]+\/issues(?:\?|$)/;

const cache = new WeakMap<object, ApiEmulator>();

/** One emulator per recording object, so several fetches over one recording index it once. */
export function emulatorFor(recording: Pick<Recording, "exchanges">): ApiEmulator {
  let emulator = cache.get(recording);
  if (!emulator) {
    emulator = createApiEmulator(recording);
    cache.set(recording, emulator);
  }
  return emulator;
}

/**
 * Recorded `link` headers hold base-relative URLs (`</repositories/1/pulls/2/commits?page=2>`);
 * a transport makes them absolute against its own base so paginating clients stay on replay.
 */
export function absoluteLinks(headers: Record<string, string>, base: string): Record<string, string> {
  const link = headers.link;
  if (link === undefined) return headers;
  return { ...headers, link: link.replace(/<\//g, `<${base.replace(/\/+$/, "")}/`) };
}

/** Splits `/<source>/rest?query` into the source and the path the source's API sees. */
export function splitSourcePath(path: string, source?: ReplaySource): { source?: ReplaySource; path: string } {
  const match = /^\/(argo|github-issues|github|incident|pagerduty)(?=\/|\?|$)(.*)$/.exec(path);
  if (!match || (source !== undefined && match[1] !== source)) return { path };
  const rest = match[2]!;
  return { source: match[1] as ReplaySource, path: rest.startsWith("/") ? rest : `/${rest}` };
}
