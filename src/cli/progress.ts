import type { CliIo } from "./io.js";
import type { ProgressListener } from "../sources/types.js";

/** One status line on stderr, rewritten in place: "argo: 3 pages · github: 40/52 compares · incident: 2 pages". */
export function createProgressDisplay(io: CliIo): { update: ProgressListener; finish(): void } {
  const counters = new Map<string, string>();
  let lastWrite = 0;
  let shown = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    // A terminal gets one line redrawn up to 10 times a second; a log (--progress in CI) a line a second.
    if (!force && now - lastWrite < (io.stderrIsTTY ? 100 : 1000)) return;
    lastWrite = now;
    const line = [...counters.entries()].map(([key, value]) => `${key} ${value}`).join(" · ");
    io.stderr(io.stderrIsTTY ? `\r\x1b[2K${line}` : `dora: ${line}\n`);
    shown = io.stderrIsTTY;
  };
  return {
    update: ({ source, kind, done, total }) => {
      counters.set(`${source}:`, total === undefined ? `${done} ${kind}` : `${done}/${total} ${kind}`);
      draw(false);
    },
    finish: () => {
      if (shown) io.stderr("\r\x1b[2K");
    },
  };
}
