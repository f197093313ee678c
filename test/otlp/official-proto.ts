import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import protobuf from "protobufjs";

/** The official opentelemetry-proto schema, extracted by tools/e2e/install-tools.sh (Debian package opentelemetry-proto). */
export const PROTO_ROOT = resolve(import.meta.dirname, "../../.tools/proto");
export const hasOfficialProto = existsSync(join(PROTO_ROOT, "opentelemetry/proto/collector/trace/v1/trace_service.proto"));

export function loadOfficialProto(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith("opentelemetry/") ? join(PROTO_ROOT, target) : target);
  root.loadSync(["opentelemetry/proto/collector/trace/v1/trace_service.proto", "opentelemetry/proto/collector/metrics/v1/metrics_service.proto"], { keepCase: false });
  return root;
}

/** Decodes a request body to a plain object: ids as hex, 64-bit numbers as strings. */
export function decode(root: protobuf.Root, type: string, body: Uint8Array): Record<string, unknown> {
  const message = root.lookupType(type);
  return message.toObject(message.decode(body), { longs: String, bytes: String, enums: String, defaults: false }) as Record<string, unknown>;
}

export const hex = (base64: string) => Buffer.from(base64, "base64").toString("hex");
