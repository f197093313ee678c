// The demo's expected figures, computed straight from the event list (not through src/): a second,
// independent implementation of docs/metric-definitions.md that the end-to-end tests compare `dora report` with.

import { NOW, SERVICES, WINDOW_FROM, type DemoCommit, type DemoData, type DemoIncident, type DemoRun, type ServiceName } from "../../test/support/demo/timeline.js";

const ATTRIBUTION_SECONDS = 24 * 3600;
const GRACE_SECONDS = 3600;
const DAY_MS = 86_400_000;

export interface DeploymentFacts {
  run: DemoRun;
  deployedAt: Date;
  inWindow: boolean;
  previous?: DemoRun;
  /** Commits first deployed here. */
  changes: DemoCommit[];
  /** Lead times (seconds) of the changes, positive ones only. */
  leadTimes: number[];
  rollback: boolean;
  redeploy: boolean;
  incidents: string[];
  failed: boolean;
  rework: boolean;
}

export interface IncidentFacts {
  incident: DemoIncident;
  service?: ServiceName;
  startedAt: Date;
  resolvedAt?: Date;
  restoreSeconds?: number;
  attribution: "label" | "inferred" | "none";
  deployment?: DemoRun;
  inWindow: boolean;
}

export interface Figures {
  deployments: number;
  perDay: number;
  perWeek: number;
  deployDays: number;
  deployDaysPerWeek: number[];
  medianDeployDaysPerWeek: number | null;
  deploymentFrequencyTier: string | null;
  changes: number;
  meanLeadSeconds: number | null;
  medianLeadSeconds: number | null;
  p90LeadSeconds: number | null;
  leadTimeTier: string | null;
  failedDeployments: number;
  changeFailureRate: number | null;
  changeFailureTier: string | null;
  incidents: number;
  resolved: number;
  active: number;
  meanRestoreSeconds: number | null;
  medianRestoreSeconds: number | null;
  p90RestoreSeconds: number | null;
  restoreTier: string | null;
  recoveryCount: number;
  meanRecoverySeconds: number | null;
  medianRecoverySeconds: number | null;
  p90RecoverySeconds: number | null;
  reworkDeployments: number;
  reworkRate: number | null;
}

export interface Expected {
  deployments: DeploymentFacts[];
  incidents: IncidentFacts[];
  overall: Figures;
  services: Record<ServiceName, Figures>;
}

/** Linear interpolation between closest ranks (numpy default / PERCENTILE_CONT). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}
const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;
const inWindow = (date: Date) => date >= WINDOW_FROM && date < NOW;

export function computeExpected(data: DemoData): Expected {
  const deployments: DeploymentFacts[] = [];
  for (const { name: service, repo } of SERVICES) {
    const history = data.commits.get(repo)!;
    const indexOf = (sha: string) => history.find((commit) => commit.sha === sha)!.index;
    // On a linear history, the commits reachable from no earlier successful deployment's SHA are
    // those above the highest SHA deployed so far (the first deployment counts its head only).
    let highWater = -1;
    const successful = data.runs
      .filter((run) => run.service === service && run.outcome === "succeeded")
      .sort((a, b) => a.production!.end.getTime() - b.production!.end.getTime());
    successful.forEach((run, position) => {
      const previous = successful[position - 1];
      const index = indexOf(run.sha);
      const changes: DemoCommit[] = !previous ? [history[index]!] : history.slice(highWater + 1, index + 1);
      highWater = Math.max(highWater, index);
      const deployedAt = run.production!.end;
      deployments.push({
        run,
        deployedAt,
        inWindow: inWindow(deployedAt),
        ...(previous ? { previous } : {}),
        changes,
        leadTimes: changes.map((commit) => seconds(commit.authoredAt, deployedAt)).filter((lead) => lead > 0),
        rollback: previous !== undefined && indexOf(run.sha) < indexOf(previous.sha),
        redeploy: previous !== undefined && run.sha === previous.sha,
        incidents: [],
        failed: false,
        rework: false,
      });
    });
  }
  deployments.sort((a, b) => a.deployedAt.getTime() - b.deployedAt.getTime());

  const incidents: IncidentFacts[] = data.incidents
    .filter((incident) => !incident.isDrill)
    .map((incident) => {
      const serviceLabel = incident.labels.find((label) => label.key === "service")?.label;
      const service = SERVICES.find((s) => s.name === serviceLabel)?.name;
      const startedAt = incident.incidentStart ?? incident.createdTime;
      const resolvedAt = incident.incidentEnd ?? incident.closedTime;
      const ofService = deployments.filter((facts) => facts.run.service === service);
      const deploymentLabel = incident.labels.find((label) => label.key === "deployment")?.label;
      const commitLabel = incident.labels.find((label) => label.key === "commit")?.label;
      let deployment: DeploymentFacts | undefined;
      let attribution: IncidentFacts["attribution"] = "none";
      const labelled = ofService.filter(
        (facts) =>
          (deploymentLabel !== undefined && (facts.run.name === deploymentLabel || facts.run.uid === deploymentLabel)) ||
          (commitLabel !== undefined && commitLabel.length >= 7 && facts.run.sha.startsWith(commitLabel)),
      );
      if (labelled.length > 1) throw new Error(`incident ${incident.id}: its label matches ${labelled.length} deployments`);
      if (labelled[0]) {
        deployment = labelled[0];
        attribution = "label";
      } else {
        const latest = ofService.filter((facts) => facts.deployedAt <= startedAt).at(-1);
        if (latest && seconds(latest.deployedAt, startedAt) <= ATTRIBUTION_SECONDS) {
          deployment = latest;
          attribution = "inferred";
        }
      }
      if (service && deployment) {
        deployment.incidents.push(incident.id);
        deployment.failed = true;
      }
      return {
        incident,
        ...(service ? { service } : {}),
        startedAt,
        ...(resolvedAt ? { resolvedAt, restoreSeconds: seconds(startedAt, resolvedAt) } : {}),
        attribution: service ? attribution : "none",
        ...(service && deployment ? { deployment: deployment.run } : {}),
        inWindow: inWindow(startedAt),
      };
    });

  for (const facts of deployments) {
    const open = incidents.some(
      (incident) =>
        incident.service === facts.run.service &&
        incident.startedAt <= facts.deployedAt &&
        facts.deployedAt.getTime() <= (incident.resolvedAt ? incident.resolvedAt.getTime() + GRACE_SECONDS * 1000 : NOW.getTime()),
    );
    facts.rework = open || facts.rollback;
  }

  const figures = (service?: ServiceName): Figures => {
    const scope = deployments.filter((facts) => facts.inWindow && (service === undefined || facts.run.service === service));
    const days = new Set(scope.map((facts) => facts.deployedAt.toISOString().slice(0, 10)));
    const windowDays = (NOW.getTime() - WINDOW_FROM.getTime()) / DAY_MS;
    const weeks: number[] = [];
    const firstMonday = WINDOW_FROM.getTime() - ((WINDOW_FROM.getUTCDay() + 6) % 7) * DAY_MS;
    for (let week = firstMonday; week < NOW.getTime(); week += 7 * DAY_MS) {
      weeks.push([...days].filter((day) => Date.parse(`${day}T00:00:00Z`) >= week && Date.parse(`${day}T00:00:00Z`) < week + 7 * DAY_MS).length);
    }
    const medianDays = percentile(weeks, 0.5);
    const leads = scope.flatMap((facts) => facts.leadTimes);
    const medianLead = percentile(leads, 0.5);
    const failed = scope.filter((facts) => facts.failed);
    const rate = scope.length === 0 ? null : failed.length / scope.length;
    const scopedIncidents = incidents.filter((facts) => facts.inWindow && facts.service !== undefined && (service === undefined || facts.service === service));
    const restores = scopedIncidents.flatMap((facts) => (facts.restoreSeconds === undefined ? [] : [facts.restoreSeconds]));
    const medianRestore = percentile(restores, 0.5);
    const recoveries = failed.flatMap((facts) => {
      const attributed = incidents.filter((incident) => incident.deployment === facts.run);
      if (attributed.some((incident) => incident.resolvedAt === undefined)) return [];
      return [Math.max(...attributed.map((incident) => seconds(facts.deployedAt, incident.resolvedAt!)))];
    });
    const rework = scope.filter((facts) => facts.rework).length;
    const perDay = scope.length / windowDays;
    return {
      deployments: scope.length,
      perDay,
      perWeek: scope.length / (windowDays / 7),
      deployDays: days.size,
      deployDaysPerWeek: weeks,
      medianDeployDaysPerWeek: medianDays,
      deploymentFrequencyTier:
        medianDays === null ? null : medianDays >= 5 ? "elite" : medianDays >= 1 ? "high" : perDay * 30 >= 1 ? "medium" : "low",
      changes: leads.length,
      meanLeadSeconds: mean(leads),
      medianLeadSeconds: medianLead,
      p90LeadSeconds: percentile(leads, 0.9),
      leadTimeTier: medianLead === null ? null : medianLead < 86_400 ? "elite" : medianLead < 604_800 ? "high" : medianLead < 2_592_000 ? "medium" : "low",
      failedDeployments: failed.length,
      changeFailureRate: rate,
      changeFailureTier: rate === null ? null : rate <= 0.05 ? "elite" : rate <= 0.1 ? "high" : rate <= 0.15 ? "medium" : "low",
      incidents: scopedIncidents.length,
      resolved: restores.length,
      active: scopedIncidents.length - restores.length,
      meanRestoreSeconds: mean(restores),
      medianRestoreSeconds: medianRestore,
      p90RestoreSeconds: percentile(restores, 0.9),
      restoreTier: medianRestore === null ? null : medianRestore < 3600 ? "elite" : medianRestore < 86_400 ? "high" : medianRestore < 604_800 ? "medium" : "low",
      recoveryCount: recoveries.length,
      meanRecoverySeconds: mean(recoveries),
      medianRecoverySeconds: percentile(recoveries, 0.5),
      p90RecoverySeconds: percentile(recoveries, 0.9),
      reworkDeployments: rework,
      reworkRate: scope.length === 0 ? null : rework / scope.length,
    };
  };

  return {
    deployments,
    incidents,
    overall: figures(),
    services: { backstage: figures("backstage"), checkout: figures("checkout"), search: figures("search") },
  };
}

