// The run's guard around its sources. Without --allow-partial the first failure is the run's end:
// it cancels every request still in flight and every retry wait (so the process exits right after
// the message, instead of sending hundreds more requests), and a record a source could not read
// (an `incomplete-…` warning) fails the run too — no figures are printed from partial data. With
// --allow-partial the gaps flow into the report, which lists them and still exits 3. Either way a
// cancelled run (--timeout) stops waiting at once.

import { INCOMPLETE_WARNING_PREFIX, SourceError, type SourceName } from "../errors.js";
import type { Warning } from "../model/warning.js";
import { raceAbort } from "../sources/http/abortable.js";
import type { Sources } from "./collect-input.js";

const SHOWN_GAPS = 5;

function failOnGaps(source: SourceName, warnings: Warning[]): void {
  const gaps = warnings.filter((warning) => warning.code.startsWith(INCOMPLETE_WARNING_PREFIX));
  if (gaps.length === 0) return;
  const shown = gaps.slice(0, SHOWN_GAPS).map((gap) => `${gap.subject ? `${gap.subject}: ` : ""}${gap.message}`);
  const more = gaps.length > SHOWN_GAPS ? `; and ${gaps.length - SHOWN_GAPS} more` : "";
  throw new SourceError(source, `${source}: ${gaps.length} record(s) could not be read, so the figures would be wrong: ${shown.join("; ")}${more}`, {
    hint: "fix the records at the source, or run with --allow-partial to report without them (dora still exits 3)",
  });
}

export function guardSources(sources: Sources, controller: AbortController, options: { allowPartial: boolean }): Sources {
  const guard = async <T extends { warnings: Warning[] }>(source: SourceName, call: () => Promise<T>): Promise<T> => {
    try {
      const result = await raceAbort(call(), controller.signal);
      if (!options.allowPartial) failOnGaps(source, result.warnings);
      return result;
    } catch (error) {
      if (!options.allowPartial && !controller.signal.aborted) controller.abort(error);
      throw error;
    }
  };
  const { commits } = sources;
  const fetchPullRequests = commits.fetchPullRequests?.bind(commits);
  return {
    ...sources,
    deployments: { fetchDeployments: (window, services) => guard("argo", () => sources.deployments.fetchDeployments(window, services)) },
    incidents: { fetchIncidents: (window) => guard("incident", () => sources.incidents.fetchIncidents(window)) },
    commits: {
      ...(commits.resolvesPullRequests === undefined ? {} : { resolvesPullRequests: commits.resolvesPullRequests }),
      fetchComparisons: (requests) => guard("github", () => commits.fetchComparisons(requests)),
      fetchCommits: (requests) => guard("github", () => commits.fetchCommits(requests)),
      ...(fetchPullRequests ? { fetchPullRequests: (requests) => guard("github", () => fetchPullRequests(requests)) } : {}),
    },
  };
}
