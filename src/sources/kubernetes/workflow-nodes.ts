// The nodes of a live Workflow object, wherever the controller put them (docs/api-shapes.md, "Live
// workflows"): in `status.nodes`, compressed in `status.compressedNodes`, or offloaded to the
// controller's database (`status.offloadNodeStatusVersion`), which only the Argo Server can read:
// its `GET /api/v1/workflows/{namespace}/{name}` returns the workflow hydrated. A run whose nodes
// stay out of reach is a SourceError (exit 3; with --allow-partial an `incomplete-deployments`
// gap), never a silent omission: leaving a run out would move its commits into the next deployment.

import { SourceError } from "../../errors.js";
import { redactUrl } from "../../util/redact.js";
import { requestJson } from "../http/request-json.js";
import type { SourceLogger } from "../types.js";
import { decodeCompressedNodes } from "./compressed-nodes.js";
import { isRecord, record, nonEmptyText } from "../../util/json-guards.js";

type Json = Record<string, unknown>;

export interface ArgoServerAccess {
  /** Argo Server base URL (argo.server). */
  server: string;
  /** ARGO_TOKEN, with or without `Bearer `. */
  token?: string;
  fetch?: typeof fetch;
  retryBaseMs?: number;
  timeoutMs?: number;
  logger?: SourceLogger;
}


/** Why the object's nodes cannot be read from the object itself; undefined when they can. */
function unreadableReason(workflow: Json): { reason: string; decoded?: undefined } | { decoded: Json; reason?: undefined } {
  const status = record(workflow.status);
  if (nonEmptyText(status.offloadNodeStatusVersion) !== undefined && !isRecord(status.nodes)) {
    return { reason: "its nodes are offloaded to the controller's database (status.offloadNodeStatusVersion)" };
  }
  const decoded = decodeCompressedNodes(workflow);
  return "workflow" in decoded ? { decoded: decoded.workflow } : { reason: decoded.unreadable };
}

/** Reads nodes through the Argo Server when the object cannot give them. */
export function createWorkflowNodeReader(argoServer: ArgoServerAccess | undefined) {
  const headers: Record<string, string> = {};
  if (argoServer?.token) {
    headers.authorization = `Bearer ${argoServer.token.replace(/^Bearer\s+/i, "").trim()}`;
  }

  async function fromServer(namespace: string, name: string, uid: string | undefined): Promise<Json | string> {
    const base = argoServer!.server.replace(/\/+$/, "");
    const url = `${base}/api/v1/workflows/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
    let document: unknown;
    try {
      document = await requestJson({
        source: "argo",
        fetch: argoServer!.fetch ?? globalThis.fetch,
        url,
        method: "GET",
        headers,
        retryBaseMs: argoServer!.retryBaseMs,
        ...(argoServer!.retryBaseMs === undefined ? {} : { policy: { waitUnitMs: argoServer!.retryBaseMs } }),
        timeoutMs: argoServer!.timeoutMs,
        logger: argoServer!.logger,
      });
    } catch (error) {
      if (error instanceof SourceError && error.details.status === 404) return `the Argo Server no longer has it (GET ${redactUrl(url)} → 404)`;
      throw error;
    }
    if (!isRecord(document) || (uid !== undefined && nonEmptyText(record(document.metadata).uid) !== uid)) {
      return `GET ${redactUrl(url)} did not return this workflow`;
    }
    const again = unreadableReason(document);
    return again.decoded ?? `through the Argo Server too: ${again.reason}`;
  }

  /** The workflow with `status.nodes`; throws SourceError when they cannot be read. */
  return async function withNodes(workflow: Json, namespace: string): Promise<Json> {
    const first = unreadableReason(workflow);
    if (first.decoded) return first.decoded;
    const metadata = record(workflow.metadata);
    const name = nonEmptyText(metadata.name) ?? nonEmptyText(metadata.uid) ?? "?";
    const reason = argoServer ? await fromServer(namespace, name, nonEmptyText(metadata.uid)) : undefined;
    if (isRecord(reason)) return reason;
    throw new SourceError("kubernetes", `workflow ${name} cannot be read: ${first.reason}${typeof reason === "string" ? `; ${reason}` : ""}`, {
      hint: argoServer
        ? "its production step cannot be found without its nodes: check the Argo Server's access to the controller's database, or read the run from the archive (argo.source: both)"
        : "set argo.server (and ARGO_TOKEN) so dora reads its nodes through the Argo Server, or use argo.source: both",
    });
  };
}
