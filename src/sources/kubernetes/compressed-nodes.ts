import * as zlib from "node:zlib";

type Json = Record<string, unknown>;

// Argo's util/file DecompressContent tells the algorithm by magic bytes: zstd and gzip have one,
// brotli streams have none (anything else is brotli, the only other algorithm Argo writes).
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

// node:zlib has zstd only from Node 22.15; on Node 20 a zstd payload cannot be decoded here.
const zstdDecompressSync = (zlib as unknown as { zstdDecompressSync?: (buffer: Buffer) => Buffer }).zstdDecompressSync;

export type DecodedNodes = { workflow: Json } | { unreadable: string };

/**
 * Live Workflow objects larger than the controller's limit carry `status.compressedNodes` (base64
 * of the nodes JSON, gzip by default, brotli or zstd from v4.1) instead of `status.nodes`; the
 * archive is always hydrated. Returns the workflow with `status.nodes` filled in, or why not.
 */
export function decodeCompressedNodes(workflow: Json): DecodedNodes {
  const status = workflow.status as Json | undefined;
  const compressed = status?.compressedNodes;
  if (!status || typeof compressed !== "string" || compressed === "") return { workflow };
  const bytes = Buffer.from(compressed, "base64");
  let algorithm = "brotli";
  let decompress: (buffer: Buffer) => Buffer = zlib.brotliDecompressSync;
  if (bytes.subarray(0, 4).equals(ZSTD_MAGIC)) {
    algorithm = "zstd";
    if (!zstdDecompressSync) return { unreadable: `status.compressedNodes is zstd-compressed, which Node ${process.version} cannot decode (Node ≥ 22.15 can)` };
    decompress = zstdDecompressSync;
  } else if (bytes.subarray(0, 2).equals(GZIP_MAGIC)) {
    algorithm = "gzip";
    decompress = zlib.gunzipSync;
  }
  try {
    const nodes = JSON.parse(decompress(bytes).toString("utf8")) as unknown;
    if (typeof nodes !== "object" || nodes === null || Array.isArray(nodes)) return { unreadable: `status.compressedNodes (${algorithm}) holds no node map` };
    const { compressedNodes: _dropped, ...rest } = status;
    return { workflow: { ...workflow, status: { ...rest, nodes } } };
  } catch (error) {
    return { unreadable: `status.compressedNodes could not be decoded as ${algorithm}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** decodeCompressedNodes for callers that only show what they can read (onboarding). */
export function hydrateCompressedNodes(workflow: Json): Json | undefined {
  const decoded = decodeCompressedNodes(workflow);
  return "workflow" in decoded ? decoded.workflow : undefined;
}
