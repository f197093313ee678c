// One answer must not set off unbounded work: a cursor that never ends, or a list that keeps
// claiming more. Paging is bounded by what the window can plausibly hold — generous rates, far
// above any real organisation's — and a source that goes beyond fails with a message naming the
// bound, instead of sending thousands of requests.

import type { FetchWindow } from "./types.js";

const DAY_MS = 86_400_000;
const MIN_PAGES = 20;

/** Runs of one service's production workflow per day, at most (a deploy every ~7 minutes, all day). */
export const MAX_RUNS_PER_DAY = 200;
/** Incidents (drills included) per day, at most. */
export const MAX_INCIDENTS_PER_DAY = 100;
/** Commits of one compare, at most (GitHub itself lists up to 10 000 in a compare). */
export const MAX_COMPARE_COMMITS = 10_000;

/** Pages of `pageSize` that `perDay` records a day over the fetch window (plus `extraMs` before it) fill. */
export function plausiblePages(window: FetchWindow, perDay: number, pageSize: number, extraMs = 0): number {
  const days = Math.max(1, (window.to.getTime() - window.lookbackFrom.getTime() + extraMs) / DAY_MS);
  return Math.max(MIN_PAGES, Math.ceil((days * perDay) / pageSize));
}
