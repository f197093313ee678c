import type { CliIo } from "./io.js";
import type { ProgressListener } from "../sources/types.js";
import { formatDuration } from "../util/duration.js";

// Hand-written rather than a progress-bar library: several sources share one status line, the line
// goes through the injectable io.stderr (which --log-format json turns into JSON records), and a
// counter may restart in rounds (GitHub is asked in up to 5 rounds) — none of which the libraries do.

const BAR_WIDTH = 20;
const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

interface Counter {
  /** Finished rounds, added up: a new round adds to the total instead of starting it over. */
  baseDone: number;
  baseTotal: number;
  done: number;
  total?: number;
  startedAt: number;
}

/** "[██████░░░░] 49/66 12/s ETA 2s" where a total is known; "⠋ 3 pages" where not. */
export function describeCounter(kind: string, counter: Counter, now: number, frame: number, tty: boolean): string {
  const done = counter.baseDone + counter.done;
  if (counter.total === undefined) return tty ? `${SPINNER[frame % SPINNER.length]} ${done} ${kind}` : `${done} ${kind}`;
  const total = counter.baseTotal + counter.total;
  const elapsed = (now - counter.startedAt) / 1000;
  const rate = elapsed > 0 ? done / elapsed : 0;
  const eta = rate > 0 && done < total ? ` ETA ${formatDuration((total - done) / rate)}` : "";
  const speed = rate > 0 ? ` ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s` : "";
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH)) : BAR_WIDTH;
  const bar = tty ? `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ` : "";
  return `${kind} ${bar}${done}/${total}${speed}${eta}`;
}

/**
 * Progress on stderr. On a terminal one line redrawn in place (bars, rate and ETA, a spinner for
 * counts without a total); with --progress off a terminal (CI logs) a plain line a second.
 */
export function createProgressDisplay(io: CliIo, clock: () => number = Date.now): { update: ProgressListener; finish(): void } {
  const counters = new Map<string, Counter>();
  let lastWrite = Number.NEGATIVE_INFINITY;
  let frame = 0;
  let shown = false;
  const draw = (force: boolean) => {
    const now = clock();
    // A terminal gets one line redrawn up to 10 times a second; a log (--progress in CI) a line a second.
    if (!force && now - lastWrite < (io.stderrIsTTY ? 100 : 1000)) return;
    lastWrite = now;
    const line = [...counters.entries()].map(([key, counter]) => `${key.split("\0")[0]}: ${describeCounter(key.split("\0")[1]!, counter, now, frame, io.stderrIsTTY)}`).join(" · ");
    frame++;
    io.stderr(io.stderrIsTTY ? `\r\x1b[2K${line}` : `dora: ${line}\n`);
    shown = io.stderrIsTTY;
  };
  return {
    update: ({ source, kind, done, total }) => {
      const key = `${source}\0${kind}`;
      const counter = counters.get(key);
      if (!counter) counters.set(key, { baseDone: 0, baseTotal: 0, done, total, startedAt: clock() });
      else {
        // A count that goes back is a new round of the same work: keep what the earlier rounds did.
        if (done < counter.done) {
          counter.baseDone += counter.done;
          counter.baseTotal += counter.total ?? counter.done;
        }
        counter.done = done;
        counter.total = total;
      }
      draw(false);
    },
    finish: () => {
      if (shown) io.stderr("\r\x1b[2K");
    },
  };
}
