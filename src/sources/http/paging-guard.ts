// The two ways a paged list can fail to end, checked the same way for every client that pages by
// offset or cursor (Argo archive, Grafana Incident): a server answering the same page again (a
// continue token or cursor it ignores), and more pages than the window can plausibly hold
// (page-bounds.ts). Either fails the run with a message naming the list and the URL.

import { SourceError, type SourceName } from "../../errors.js";

export interface PagingBound {
  source: SourceName;
  /** What is being paged, as a message says it: "listing archived workflows". */
  activity: string;
  /** One item, and items in the plural: "workflow", "runs". */
  item: string;
  items: string;
  maxPages: number;
  pageSize: number;
  /** Added after the activity in the bound's message: " of web". */
  subject?: string;
  /** The (redacted) URL the bound's message names (default: the page's). */
  boundUrl?: string;
  staleHint: string;
  boundHint: string;
}

export class PagingGuard {
  private pagesWithNothingNew = 0;

  constructor(private readonly bound: PagingBound) {}

  /** After page number `pages` (1-based) of a list that goes on, which brought `fresh` new items from `url` (redacted). */
  check(pages: number, fresh: number, url: string): void {
    const { source, activity, maxPages } = this.bound;
    this.pagesWithNothingNew = fresh === 0 ? this.pagesWithNothingNew + 1 : 0;
    if (this.pagesWithNothingNew >= 2) {
      throw new SourceError(source, `${source}: ${activity} is not advancing: two pages in a row brought no new ${this.bound.item} (${url})`, {
        url,
        status: 200,
        hint: this.bound.staleHint,
      });
    }
    if (pages >= maxPages) {
      const boundUrl = this.bound.boundUrl ?? url;
      throw new SourceError(
        source,
        `${source}: ${activity}${this.bound.subject ?? ""} did not end after ${maxPages} pages (${maxPages * this.bound.pageSize} ${this.bound.items}, more than the window can plausibly hold) (${boundUrl})`,
        { url: boundUrl, status: 200, hint: this.bound.boundHint },
      );
    }
  }
}
