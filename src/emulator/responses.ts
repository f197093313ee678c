import type { EmulatorRequest, EmulatorResponse } from "./recording.js";

const JSON_HEADERS = { "content-type": "application/json" } as const;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

export function errorResponse(status: number, body: Record<string, unknown>): EmulatorResponse {
  return jsonResponse(status, body);
}

/** 501: replay never invents data, so an unrecorded request fails loudly (the clients raise a SourceError). */
export function notRecorded(request: EmulatorRequest, reason?: string): EmulatorResponse {
  const message = `dora replay: no recorded response for ${request.method.toUpperCase()} ${request.path}`;
  return jsonResponse(501, { message: reason ? `${message} (${reason})` : message });
}
