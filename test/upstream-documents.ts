import { readFileSync } from "node:fs";

/**
 * A real document from an upstream project, copied into fixtures/upstream (origins in its README),
 * parsed afresh on every call so a test may edit its copy.
 */
export function upstreamDocument<T = Record<string, any>>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/upstream/${path}`, import.meta.url), "utf8")) as T;
}
