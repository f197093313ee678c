import type { Incident } from "../model/incident.js";
import type { IncidentAttribution } from "./attribution.js";
import type { ChangeLog } from "./change-log.js";
import type { Deployment } from "../model/deployment.js";
import type { LineageExplanation } from "./explain/lineage-reason.js";
import type { OpenInterval } from "./rework-rate.js";
import type { RestoreTime } from "./time-to-restore.js";

// Everything the figures need about one event, computed once; a MetricSet is then a fold over the
// facts of a slice (overall, a service, a bucket).

/** A deployment listed in the report: successful, or a failed rollout when those count. */
export interface DeploymentFact {
  deployment: Deployment;
  /** Local calendar day of finishedAt (see calendar.ts). */
  day: number;
  successful: boolean;
  rollback: boolean;
  rework: boolean;
  /** The open incident it finished in (a reason of rework besides a rollback); absent when none. */
  reworkIncident?: OpenInterval | undefined;
  /** Where its changes come from (absent for failed rollouts, which have none, and when no rows are listed). */
  lineage?: LineageExplanation | undefined;
  /** ≥ 1 attributed non-drill incident, or a failed rollout. */
  failed: boolean;
  incidentIds: readonly string[];
  /** Failed deployment recovery time; null unless failed by incidents that are all resolved. */
  recoverySeconds: number | null;
  /**
   * The commits first deployed here (a commit counts once, at its first deployment) and their lead
   * times: the run [changesFrom, changesTo) of its service's change log (change-log.ts; read with
   * changesOf, leadTimesOf). Columns, not a Change object per commit: a year of a large organisation
   * has millions of changes, and the figures only need their lead times.
   */
  changeLog: ChangeLog;
  changesFrom: number;
  changesTo: number;
}

/** An incident listed in the report (started in the window). */
export interface IncidentFact {
  incident: Incident;
  startedMs: number;
  service: string | null;
  /** Counts in time to restore: not a drill, and of a service. */
  counted: boolean;
  restore: RestoreTime;
  attribution: IncidentAttribution;
}
