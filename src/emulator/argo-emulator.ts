// Answers the Argo Server archive API from recorded Workflows, the way the real archive does
// (server/workflowarchive/archived_workflow_server.go + persist/sqldb/workflow_archive.go):
// filter, ORDER BY startedAt DESC, offset paging with limit+1 look-ahead, a reduced projection,
// and a page re-sorted with unfinished runs first then finishedAt descending.

import {
  LabelSelectorError,
  canonicalLabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
  type LabelRequirement,
} from "./label-selector.js";
import { errorResponse, jsonResponse, notRecorded } from "./responses.js";
import type { EmulatorRequest, EmulatorResponse, Exchange } from "./recording.js";
import { isRecord, record } from "../util/json-guards.js";

type Json = Record<string, unknown>;

const LIST_PATH = "/api/v1/archived-workflows";
const GET_PATH_RE = /^\/api\/v1\/archived-workflows\/([^/]+)$/;
const ARCHIVING_STATUS = "workflows.argoproj.io/workflow-archiving-status";


/** How the emulated Argo Server differs from a current release with an archive (default: not at all). */
export interface ArgoBehaviour {
  /** Before v3.7.12 list items carried no spec.arguments. Default true. */
  listsArguments?: boolean;
  /** Before v3.4.5 the `namespace` query parameter did not exist (every namespace is listed). Default true. */
  honoursNamespaceParameter?: boolean;
  /** A server or proxy that drops the field selector's metadata.namespace. Default true. */
  honoursNamespaceFieldSelector?: boolean;
  /** A server run without an archive (persist/sqldb/null_workflow_archive.go). Default true. */
  archived?: boolean;
}

/** The list item the archive builds from its columns (v3.7.12+/v4.x): no nodes, no templates. */
export function reduceArchivedWorkflow(workflow: Json, listsArguments = true): Json {
  const metadata = record(workflow.metadata);
  const spec = record(workflow.spec);
  const status = record(workflow.status);
  const pick = (from: Json, keys: string[]) =>
    Object.fromEntries(keys.filter((key) => from[key] !== undefined).map((key) => [key, from[key]]));
  return {
    metadata: {
      ...pick(metadata, ["name", "namespace", "uid", "creationTimestamp"]),
      labels: { ...record(metadata.labels), [ARCHIVING_STATUS]: "Persisted" },
      ...pick(metadata, ["annotations"]),
    },
    spec: pick(spec, listsArguments ? ["suspend", "arguments"] : ["suspend"]),
    status: pick(status, ["phase", "startedAt", "finishedAt", "progress", "message", "estimatedDuration", "resourcesDuration"]),
  };
}

const startedAtOf = (workflow: Json): string | undefined => {
  const value = record(workflow.status).startedAt;
  return typeof value === "string" && value !== "" ? value : undefined;
};
/** Unstarted rows sort last (SQL puts NULL last in DESC order on Postgres). */
const startedMsOf = (workflow: Json): number => {
  const started = startedAtOf(workflow);
  return started === undefined ? Number.MIN_SAFE_INTEGER : Date.parse(started);
};
const finishedMsOf = (workflow: Json): number | undefined => {
  const value = record(workflow.status).finishedAt;
  return typeof value === "string" && value !== "" ? Date.parse(value) : undefined;
};
const uidOf = (workflow: Json): string | undefined => {
  const uid = record(workflow.metadata).uid;
  return typeof uid === "string" && uid !== "" ? uid : undefined;
};
const nameOf = (workflow: Json): string => String(record(workflow.metadata).name ?? "");

/** Workflows.Less: unfinished first, then finishedAt descending. */
export function sortArchivePage(items: Json[]): Json[] {
  return [...items].sort((a, b) => {
    const fa = finishedMsOf(a);
    const fb = finishedMsOf(b);
    if (fa === undefined || fb === undefined) return (fa === undefined ? 0 : 1) - (fb === undefined ? 0 : 1);
    return fb - fa;
  });
}

interface ListQuery {
  namespace?: string;
  selector: LabelRequirement[];
  /** Inclusive startedAt bounds, epoch ms. */
  from?: number;
  to?: number;
  names: Array<{ op: "=" | "!="; value: string }>;
  namePrefix?: string;
  limit: number;
  offset: number;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseListQuery(search: URLSearchParams, behaviour: ArgoBehaviour = {}): ListQuery {
  const query: ListQuery = { selector: [], names: [], limit: 0, offset: 0 };
  const namespace = behaviour.honoursNamespaceParameter === false ? null : search.get("namespace");
  if (namespace) query.namespace = namespace;
  const prefix = search.get("namePrefix");
  if (prefix) query.namePrefix = prefix;
  try {
    query.selector = parseLabelSelector(search.get("listOptions.labelSelector") ?? "");
  } catch (error) {
    if (error instanceof LabelSelectorError) throw new BadRequest(400, error.message);
    throw error;
  }
  const continueText = search.get("listOptions.continue") ?? "";
  if (continueText !== "") {
    if (!/^\d+$/.test(continueText)) throw new BadRequest(400, "listOptions.continue must be int");
    query.offset = Number(continueText);
  }
  const limitText = search.get("listOptions.limit") ?? "";
  if (limitText !== "") {
    if (!/^\d+$/.test(limitText)) throw new BadRequest(400, "listOptions.limit must be int");
    query.limit = Number(limitText);
  }
  for (const term of (search.get("listOptions.fieldSelector") ?? "").split(",").map((t) => t.trim()).filter(Boolean)) {
    const time = /^spec\.startedAt([<>])(.+)$/.exec(term);
    const meta = /^metadata\.(namespace|name)(==|!=|=)(.*)$/.exec(term);
    if (time) {
      const ms = Date.parse(time[2]!);
      if (Number.isNaN(ms) || !/^\d{4}-\d\d-\d\dT/.test(time[2]!)) {
        throw new BadRequest(500, `parsing time "${time[2]}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
      }
      if (time[1] === ">") query.from = ms;
      else query.to = ms;
    } else if (meta) {
      const op = meta[2] === "!=" ? "!=" : "=";
      if (meta[1] === "name") query.names.push({ op, value: meta[3]! });
      else if (behaviour.honoursNamespaceFieldSelector === false) continue;
      else if (op === "=") {
        if (query.namespace && query.namespace !== meta[3]) throw new BadRequest(400, "namespace and metadata.namespace field selector differ");
        query.namespace = meta[3]!;
      } else throw new BadRequest(400, `unsupported requirement ${term}`);
    } else if (!/^ext\.showRemainingItemCount=(true|false)$/.test(term)) {
      throw new BadRequest(400, `unsupported requirement ${term}`);
    }
  }
  return query;
}

function matches(workflow: Json, query: ListQuery): boolean {
  const metadata = record(workflow.metadata);
  if (query.namespace !== undefined && metadata.namespace !== query.namespace) return false;
  const name = nameOf(workflow);
  if (query.namePrefix !== undefined && !name.startsWith(query.namePrefix)) return false;
  if (!query.names.every((term) => (term.op === "=" ? name === term.value : name !== term.value))) return false;
  if (!matchesLabelSelector(query.selector, record(metadata.labels) as Record<string, string>)) return false;
  if (query.from !== undefined || query.to !== undefined) {
    const started = startedAtOf(workflow);
    if (started === undefined) return false;
    const ms = Date.parse(started);
    if (query.from !== undefined && ms < query.from) return false;
    if (query.to !== undefined && ms > query.to) return false;
  }
  return true;
}

/** A list query the recording captured: replay answers only inside one of these. */
interface RecordedScope {
  namespace?: string;
  selector: string;
  from?: number;
  to?: number;
}

function covers(scope: RecordedScope, query: ListQuery): boolean {
  // An unfiltered recorded list (no namespace, no selector) holds every row a narrower query could match.
  if (scope.namespace !== undefined && scope.namespace !== query.namespace) return false;
  if (scope.selector !== "" && scope.selector !== canonicalLabelSelector(query.selector)) return false;
  if (scope.from !== undefined && (query.from === undefined || query.from < scope.from)) return false;
  if (scope.to !== undefined && (query.to === undefined || query.to > scope.to)) return false;
  return true;
}

export interface ArgoEmulator {
  handle(request: EmulatorRequest): EmulatorResponse;
}

const LABEL_KEYS_PATH = "/api/v1/archived-workflows-label-keys";
const LABEL_VALUES_PATH = "/api/v1/archived-workflows-label-values";

export function createArgoEmulator(exchanges: Exchange[], behaviour: ArgoBehaviour = {}): ArgoEmulator {
  const listed = new Map<string, Json>();
  const full = new Map<string, Json>();
  const scopes: RecordedScope[] = [];
  for (const exchange of exchanges) {
    const url = new URL(exchange.request.path, "http://replay.invalid");
    if (exchange.request.method !== "GET" || exchange.response.status !== 200) continue;
    if (url.pathname === LIST_PATH) {
      const items = record(exchange.response.body).items;
      for (const item of Array.isArray(items) ? items : []) {
        const uid = isRecord(item) ? uidOf(item) : undefined;
        if (uid !== undefined) listed.set(uid, item as Json);
      }
      try {
        const query = parseListQuery(url.searchParams);
        scopes.push({
          ...(query.namespace === undefined ? {} : { namespace: query.namespace }),
          selector: canonicalLabelSelector(query.selector),
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
        });
      } catch {
        // a recorded request the real server rejected cannot widen what replay answers
      }
    } else if (GET_PATH_RE.test(url.pathname) && isRecord(exchange.response.body)) {
      const uid = uidOf(exchange.response.body);
      if (uid !== undefined) full.set(uid, exchange.response.body);
    }
  }
  const all = new Map<string, Json>([...listed, ...full]);

  /** Label keys and values of the archive, answered when the recording holds an unfiltered list (all of it). */
  function labels(request: EmulatorRequest, pathname: string, search: URLSearchParams): EmulatorResponse {
    if (behaviour.archived === false) return jsonResponse(200, {});
    if (!scopes.some((scope) => scope.namespace === undefined && scope.selector === "" && scope.from === undefined && scope.to === undefined)) {
      return notRecorded(request, "the recording holds no unfiltered archive list to take labels from");
    }
    const labelsOf = (workflow: Json) => record(record(workflow.metadata).labels);
    const key = search.get("listOptions.labelSelector") ?? "";
    const items =
      pathname === LABEL_KEYS_PATH
        ? [...all.values()].flatMap((workflow) => Object.keys(labelsOf(workflow)))
        : [...all.values()].flatMap((workflow) => (typeof labelsOf(workflow)[key] === "string" ? [labelsOf(workflow)[key] as string] : []));
    return jsonResponse(200, { items: [...new Set(items)] });
  }

  function list(request: EmulatorRequest, search: URLSearchParams): EmulatorResponse {
    const query = parseListQuery(search, behaviour);
    if (behaviour.archived === false) return jsonResponse(200, { metadata: {}, items: null });
    if (!scopes.some((scope) => covers(scope, query))) {
      return notRecorded(request, "the recording holds no archive list for this namespace, label selector and startedAt range");
    }
    const rows = [...all.values()]
      .filter((workflow) => matches(workflow, query))
      .sort((a, b) => startedMsOf(b) - startedMsOf(a) || nameOf(b).localeCompare(nameOf(a)));
    const page = query.limit === 0 ? rows.slice(query.offset) : rows.slice(query.offset, query.offset + query.limit);
    const more = query.limit !== 0 && rows.length > query.offset + query.limit;
    const items = sortArchivePage(page.map((workflow) => reduceArchivedWorkflow(workflow, behaviour.listsArguments !== false)));
    return jsonResponse(200, {
      metadata: more ? { continue: String(query.offset + query.limit) } : {},
      items: items.length === 0 ? null : items,
    });
  }

  return {
    handle(request) {
      if (request.method !== "GET") return notRecorded(request);
      const url = new URL(request.path, "http://replay.invalid");
      try {
        if (url.pathname === LIST_PATH) return list(request, url.searchParams);
        if (url.pathname === LABEL_KEYS_PATH || url.pathname === LABEL_VALUES_PATH) return labels(request, url.pathname, url.searchParams);
      } catch (error) {
        if (error instanceof BadRequest) return errorResponse(error.status, { code: error.status === 400 ? 3 : 13, message: error.message });
        throw error;
      }
      const get = GET_PATH_RE.exec(url.pathname);
      if (get) {
        if (behaviour.archived === false) return errorResponse(500, { code: 2, message: "getting archived workflows not supported" });
        const uid = decodeURIComponent(get[1]!);
        const workflow = full.get(uid);
        if (workflow) return jsonResponse(200, workflow);
        // Seen only in a list page: the full document (with nodes) was never recorded.
        if (listed.has(uid)) return notRecorded(request, "only the reduced list item of this workflow was recorded");
        return errorResponse(404, { code: 5, message: "not found" });
      }
      return notRecorded(request);
    },
  };
}
