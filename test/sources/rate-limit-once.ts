import type { InjectedAnswer, ReceivedRequest } from "../../src/emulator/index.js";

/**
 * An emulator `fault` that answers 429 `Retry-After: 1` (with the API's `body`) once to the first
 * request whose path contains each part pushed to `parts`.
 */
export function rateLimitOnce(body: unknown): { parts: string[]; fault: (request: ReceivedRequest) => InjectedAnswer | undefined } {
  const parts: string[] = [];
  return {
    parts,
    fault: (request) => {
      const index = parts.findIndex((part) => request.path.includes(part));
      if (index < 0) return undefined;
      parts.splice(index, 1);
      return { status: 429, headers: { "retry-after": "1" }, body };
    },
  };
}
