// Every warning code dora emits, in one table: what it means and what to do about it. `Warning.code`
// is typed by this table, so a code that is not listed here does not compile; docs/warnings.md is
// generated from it (`npm run docs:warnings`) and a test fails when that page is stale.

/** One row of the catalog. */
export interface WarningCatalogEntry {
  /** Stable machine code, kebab-case (also the anchor of its section in docs/warnings.md). */
  readonly code: string;
  /** Which part of dora emits it. */
  readonly source: "argo" | "github" | "incidents" | "config" | "metrics" | "gap";
  /** What the warning means for the figures. */
  readonly meaning: string;
  /** What the user can do about it. */
  readonly action: string;
}

export const WARNING_CATALOG = [
  // Argo Workflows runs.
  {
    code: "workflow-without-finish",
    source: "argo",
    meaning: "A run's production step (or the run, without `productionStep`) has no `finishedAt`, so it has no deployment time. The run is left out.",
    action: "Check the run in Argo: a step without times usually means it never ran. If the run did deploy, its record in the archive is incomplete.",
  },
  {
    code: "workflow-without-nodes",
    source: "argo",
    meaning: "A run has no `status.nodes`, so its `productionStep` cannot be found. The run is left out.",
    action: "Check the run in Argo: an archived run normally keeps its nodes. If the whole run is the deployment, remove `productionStep`.",
  },
  {
    code: "workflow-without-uid",
    source: "argo",
    meaning: "A run has no `metadata.uid`, so it cannot be told apart from other runs. It is left out.",
    action: "Report it to your Argo administrators: every archived workflow has a uid.",
  },
  {
    code: "workflow-not-in-archive",
    source: "argo",
    meaning: "A run was listed but was gone from the archive when dora read it (deleted or garbage-collected in between). It is left out.",
    action: "Usually harmless (a run deleted during the report). If it repeats, check the archive's TTL (`archiveTTL`).",
  },
  {
    code: "missing-commit-sha",
    source: "argo",
    meaning: "A run has no commit SHA where `workflows.commit` says to look (parameter, label or annotation). It is left out.",
    action: "Point `workflows.commit` of the service at the parameter, label or annotation that holds the SHA (`dora init` lists candidates).",
  },
  {
    code: "invalid-commit-sha",
    source: "argo",
    meaning: "A run's commit value is not a SHA (7 to 40 hex digits), e.g. a branch name or tag. It is left out.",
    action: "Pass the resolved commit SHA to the workflow, not a branch or tag, or point `workflows.commit` at the field that holds it.",
  },
  {
    code: "production-step-ambiguous",
    source: "argo",
    meaning: "`productionStep` matches several different steps of a run; the shallowest is used as the deployment.",
    action: "Set `workflows.productionStepPath` to the production step's path to pin it (see docs/production-step.md).",
  },
  {
    code: "overlapping-services",
    source: "config",
    meaning: "The label selectors of two services select the same runs. Each run counts once, for the first service in the config.",
    action: "Make the services' `workflows.selector`s disjoint.",
  },
  // GitHub commits.
  {
    code: "first-deployment",
    source: "github",
    meaning: "A deployment has no earlier deployment of its service in the data, so there is nothing to compare it with: only its head commit counts as a change.",
    action: "Expected for the first deployment of the window's history. `lookback` in the config reads deployments before the window to find a base.",
  },
  {
    code: "comparison-not-found",
    source: "github",
    meaning: "GitHub cannot compare a deployment with the previous one (a force-pushed or deleted SHA): only its head commit counts as a change.",
    action: "Nothing to fix in dora; the lead time of that deployment's other commits is missing. Avoid force-pushing deployed commits.",
  },
  {
    code: "commit-not-found",
    source: "github",
    meaning: "GitHub has no commit with a deployed SHA in the service's repository: the deployment has no changes.",
    action: "Check the service's `repo` in the config, and whether the commit was force-pushed away or lives in another repository.",
  },
  {
    code: "missing-commit-date",
    source: "metrics",
    meaning: "A deployed commit has no date to start its lead time from. It still counts as a change but has no lead time.",
    action: "Nothing to fix in dora; the commit's metadata on GitHub is incomplete.",
  },
  {
    code: "non-positive-lead-time",
    source: "metrics",
    meaning: "A commit is dated at or after the deployment that shipped it (a clock skew or a rewritten date). Its lead time is left out.",
    action: "Check the commit's dates (`git log --format=fuller`); rebases and amended commits can carry dates after the deployment.",
  },
  // Incidents.
  {
    code: "incident-without-id",
    source: "incidents",
    meaning: "An incident record without an id was left out.",
    action: "Report it to the incident tool's administrators: every incident has an id.",
  },
  {
    code: "incident-without-start",
    source: "incidents",
    meaning: "An incident has no readable start or creation time. It is left out.",
    action: "Set the incident's start time in the incident tool.",
  },
  {
    code: "incident-start-unreadable",
    source: "incidents",
    meaning: "A GitHub issue's `started:` line is not an ISO time with a zone; the issue's creation time is used as the start.",
    action: "Write the line as `started: 2026-11-03T10:00:00Z` (see docs/incident-sources.md).",
  },
  {
    code: "incident-without-end",
    source: "incidents",
    meaning: "An incident is resolved but has no readable end time. It counts as an incident with no restore time.",
    action: "Set the incident's end time in the incident tool.",
  },
  {
    code: "negative-restore-time",
    source: "metrics",
    meaning: "An incident is resolved before it started. It counts as an incident with no restore time.",
    action: "Correct the incident's start or end time in the incident tool.",
  },
  {
    code: "unmatched-incidents",
    source: "metrics",
    meaning: "Incidents in the window match no configured service's `incidents.labels` and count nowhere.",
    action: "Label the incidents with a service, or add the labels they carry to a service's `incidents.labels` (see docs/incident-labels.md).",
  },
  // Gaps in the data (--allow-partial): the run still exits 3.
  {
    code: "incomplete-deployments",
    source: "gap",
    meaning: "A service's Argo runs could not be listed or read (or a run could not be read at all): that service's figures are missing; the other services are exact.",
    action: "Fix what the message names (source, URL, HTTP status) and run again; see docs/failure-modes.md.",
  },
  {
    code: "incomplete-changes",
    source: "gap",
    meaning: "A GitHub compare failed: that deployment counts with no changes, and lead-time figures lack its commits.",
    action: "Fix what the message names (URL, HTTP status) and run again; see docs/failure-modes.md.",
  },
  {
    code: "incomplete-commits",
    source: "gap",
    meaning: "A GitHub commit could not be read (a first deployment's head commit): that change is missing.",
    action: "Fix what the message names (URL, HTTP status) and run again; see docs/failure-modes.md.",
  },
  {
    code: "incomplete-incidents",
    source: "gap",
    meaning: "Incidents could not be read (or an incident could not be read at all): change failure rate, time to restore, recovery time and rework count no incident from it.",
    action: "Fix what the message names (source, URL, HTTP status) and run again; see docs/failure-modes.md.",
  },
] as const satisfies readonly WarningCatalogEntry[];

/** A code of the catalog: `Warning.code` is one of these. */
export type WarningCode = (typeof WARNING_CATALOG)[number]["code"];

/** The codes, in catalog order. */
export const WARNING_CODES = WARNING_CATALOG.map((entry) => entry.code) as [WarningCode, ...WarningCode[]];

/** Where a code is explained: its section of docs/warnings.md (the anchor is the code itself). */
export const warningDocsLink = (code: WarningCode): string => `docs/warnings.md#${code}`;
