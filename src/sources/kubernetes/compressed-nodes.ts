import { gunzipSync } from "node:zlib";

/**
 * Live Workflow objects larger than the controller's limit carry `status.compressedNodes`
 * (base64 of gzip'd JSON) instead of `status.nodes`; the archive is always hydrated.
 * Returns the workflow with `status.nodes` filled in, or undefined when it cannot be decoded.
 */
export function hydrateCompressedNodes(workflow: Record<string, unknown>): Record<string, unknown> | undefined {
  const status = workflow.status as Record<string, unknown> | undefined;
  const compressed = status?.compressedNodes;
  if (!status || typeof compressed !== "string" || compressed === "") return workflow;
  try {
    const nodes = JSON.parse(gunzipSync(Buffer.from(compressed, "base64")).toString("utf8")) as unknown;
    if (typeof nodes !== "object" || nodes === null) return undefined;
    const { compressedNodes: _dropped, ...rest } = status;
    return { ...workflow, status: { ...rest, nodes } };
  } catch {
    return undefined;
  }
}
