// Checks of what the archive answers, before normalize-workflow reads it. A record dora cannot read
// must not vanish from the figures: each becomes an `incomplete-deployments` gap that names the
// workflow (or its place in the list) and what is wrong, so the run fails (or, with
// --allow-partial, reports without it and says so). Values outside Argo's documented sets
// (workflow_phase.go) are unreadable too: a lower-case "succeeded" or a "Completed" node is not a
// phase dora can count.

import type { Warning } from "../../model/warning.js";
import { INCOMPLETE_WARNING_PREFIX } from "../../errors.js";
import { parseRfc3339 } from "../../util/rfc3339.js";
import { stripControl } from "../../util/strip-control.js";
import { quoteValue } from "../../util/quote-value.js";
import { isRecord, record } from "../../util/json-guards.js";


export const WORKFLOW_GAP = `${INCOMPLETE_WARNING_PREFIX}deployments` as const;
const WORKFLOW_PHASES = new Set(["Pending", "Running", "Succeeded", "Failed", "Error"]);
const NODE_PHASES = new Set(["Pending", "Running", "Succeeded", "Skipped", "Failed", "Error", "Omitted"]);


const shown = quoteValue;

const gap = (subject: string, message: string): Warning => ({ code: WORKFLOW_GAP, subject, message });

/** Go's zero time comes as null or "", and an unset field is absent: all three mean "not set". */
const unset = (value: unknown) => value === undefined || value === null || value === "";

/** An instant field: undefined when unset, NaN when set but not a strict RFC 3339 instant. */
function instantMs(value: unknown): number | undefined {
  if (unset(value)) return undefined;
  return typeof value === "string" ? (parseRfc3339(value) ?? Number.NaN) : Number.NaN;
}

/** The problem with a started/finished pair, or undefined. */
function timesProblem(what: string, startedAt: unknown, finishedAt: unknown): string | undefined {
  const started = instantMs(startedAt);
  const finished = instantMs(finishedAt);
  if (Number.isNaN(started)) return `${what} startedAt ${shown(startedAt)} is not an RFC 3339 instant`;
  if (Number.isNaN(finished)) return `${what} finishedAt ${shown(finishedAt)} is not an RFC 3339 instant`;
  if (started !== undefined && finished !== undefined && finished < started) {
    return `${what} finished (${String(finishedAt)}) before it started (${String(startedAt)})`;
  }
  return undefined;
}

/**
 * One item of a list page: its uid when it can be read, else the gap that names it. `where` says
 * where it was (service, page, position) for items without a name.
 */
export function checkListItem(item: unknown, where: string): { uid: string; gap?: undefined } | { uid?: undefined; gap: Warning } {
  if (!isRecord(item)) return { gap: gap(where, `${where}: a list item is ${shown(item)}, not a workflow; it is left out`) };
  const metadata = item.metadata;
  const name = isRecord(metadata) && typeof metadata.name === "string" && metadata.name !== "" ? stripControl(metadata.name) : undefined;
  const subject = name ?? where;
  if (!isRecord(metadata)) return { gap: gap(subject, `${where}: a workflow without metadata is left out`) };
  if (typeof metadata.uid !== "string" || metadata.uid === "") {
    return { gap: gap(subject, `workflow ${name ?? `at ${where}`} has no metadata.uid; it is left out`) };
  }
  const phase = record(item.status).phase;
  if (unset(phase)) return { gap: gap(subject, `archived workflow ${name ?? metadata.uid} has no status.phase; it is left out`) };
  if (typeof phase !== "string" || !WORKFLOW_PHASES.has(phase)) {
    return { gap: gap(subject, `workflow ${name ?? metadata.uid} has status.phase ${shown(phase)}, not one of ${[...WORKFLOW_PHASES].join(", ")}; it is left out`) };
  }
  return { uid: metadata.uid };
}

/** A whole workflow document (archive GET or list item): the gaps that keep it out of the figures. */
export function checkWorkflowDocument(document: unknown, expectedUid: string): Warning | undefined {
  const doc = record(document);
  const metadata = record(doc.metadata);
  const name = typeof metadata.name === "string" && metadata.name !== "" ? stripControl(metadata.name) : expectedUid;
  if (metadata.uid !== expectedUid) {
    return gap(name, `the archive answered workflow ${expectedUid} with a document of uid ${shown(metadata.uid)}; it is left out`);
  }
  const status = record(doc.status);
  const problem = timesProblem(`workflow ${name}:`, status.startedAt, status.finishedAt);
  if (problem) return gap(name, `${problem}; it is left out`);
  if (status.nodes !== undefined && status.nodes !== null && !isRecord(status.nodes)) {
    return gap(name, `workflow ${name}: status.nodes is ${shown(status.nodes)}, not a map of nodes; it is left out`);
  }
  for (const [id, value] of Object.entries(record(status.nodes))) {
    if (!isRecord(value)) return gap(name, `workflow ${name}: node ${shown(id)} is ${shown(value)}, not a node; it is left out`);
    const nodeName = stripControl(String(value.displayName ?? value.name ?? id));
    if (!unset(value.phase) && (typeof value.phase !== "string" || !NODE_PHASES.has(value.phase))) {
      return gap(name, `workflow ${name}: node "${nodeName}" has phase ${shown(value.phase)}, not one of ${[...NODE_PHASES].join(", ")}; it is left out`);
    }
    const nodeProblem = timesProblem(`workflow ${name}: node "${nodeName}"`, value.startedAt, value.finishedAt);
    if (nodeProblem) return gap(name, `${nodeProblem}; it is left out`);
  }
  return undefined;
}
