import { SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import type { Attributes, Link, SpanContext, SpanStatus } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Deployment, DeploymentStep } from "../model/deployment.js";
import type { ChangeRow, DeploymentRow, IncidentRow } from "../model/report.js";
import { spanIdFor, traceIdFor } from "../model/trace-id.js";
import type { BackfillData } from "./backfill-data.js";
import { hrTimeOf } from "./metrics-request.js";
import { INSTRUMENTATION_SCOPE } from "./resource.js";

export interface TraceBuildOptions {
  resource: Resource;
  /** Base URL of the repositories (`vcs.repository.url.full` = base + "/" + owner/name). */
  vcsBaseUrl?: string;
  /** Skip deployments finished and incidents started before this instant (ms): a previous run sent them. */
  sentThroughMs?: number;
  /** The range of deployment finishes whose traces earlier runs sent (the state's tracesSentFrom/Through). */
  earlier?: { fromMs: number; toMs: number };
}

/** The trace of an incident: derived from its id, so a re-run sends the same ids. */
export function incidentTraceId(incidentId: string): string {
  return traceIdFor(`incident/${incidentId}`);
}
export function incidentSpanId(incidentId: string): string {
  return spanIdFor(`incident/${incidentId}`, "root");
}

/** One trace: its spans, root first. */
export interface BuiltTrace {
  traceId: string;
  /** The instant that puts it in a window: the deployment's finish, the incident's start. Traces come in its order. */
  keyMs: number;
  spans: ReadableSpan[];
}

/**
 * The traces of the report, deterministic from its rows: one per deployment run (root = the run,
 * children = its workflow nodes with their real times, plus a zero-duration span per change at its
 * commit time), and one per incident (start → resolution, or → now while active) linked to the root
 * span of the deployment it is attributed to — only when that deployment's trace is sent too (this
 * window, or an earlier run's per `earlier`): no dangling link. Traces come in the order of their
 * instant (deployment finish, incident start), so a checkpoint "sent through T" is exact.
 * Generated lazily: memory is bounded by one trace.
 */
export function* buildTraces(data: BackfillData, options: TraceBuildOptions): Generator<BuiltTrace> {
  const { report } = data;
  const sentThroughMs = options.sentThroughMs ?? -Infinity;
  const deploymentsById = new Map<string, Deployment>();
  for (const deployment of data.deployments) deploymentsById.set(deployment.id, deployment);
  const changesByDeployment = new Map<string, ChangeRow[]>();
  for (const change of report.changes) {
    const list = changesByDeployment.get(change.deploymentId) ?? [];
    list.push(change);
    changesByDeployment.set(change.deploymentId, list);
  }
  const factory = new SpanFactory(options.resource);
  const vcsBaseUrl = (options.vcsBaseUrl ?? "https://github.com").replace(/\/+$/, "");

  const nowMs = data.now.getTime();
  const inWindow = new Set(report.deployments.map((row) => row.id));
  const linkable = (deploymentId: string): boolean => {
    if (inWindow.has(deploymentId)) return true;
    const finished = deploymentsById.get(deploymentId)?.finishedAt;
    const finishedMs = finished ? Date.parse(finished) : NaN;
    return options.earlier !== undefined && finishedMs >= options.earlier.fromMs && finishedMs < options.earlier.toMs;
  };
  type Entry = { keyMs: number; order: number; build: () => BuiltTrace };
  const entries: Entry[] = [];
  for (const row of report.deployments) {
    const keyMs = Date.parse(row.finishedAt);
    entries.push({ keyMs, order: 0, build: () => deploymentTrace(row, keyMs, deploymentsById.get(row.id), changesByDeployment.get(row.id) ?? [], factory, vcsBaseUrl) });
  }
  for (const row of report.incidents) {
    const keyMs = Date.parse(row.startedAt);
    entries.push({ keyMs, order: 1, build: () => incidentTrace(row, keyMs, nowMs, factory, row.deploymentId !== null && linkable(row.deploymentId)) });
  }
  // Stable sort: rows of one kind keep the report's order at equal instants.
  entries.sort((a, b) => a.keyMs - b.keyMs || a.order - b.order);
  for (const entry of entries) {
    if (entry.keyMs < sentThroughMs) continue;
    yield entry.build();
  }
}

function deploymentTrace(row: DeploymentRow, keyMs: number, deployment: Deployment | undefined, changes: ChangeRow[], factory: SpanFactory, vcsBaseUrl: string): BuiltTrace {
  const traceId = row.traceId;
  const rootId = spanIdFor(row.id, "root");
  const steps = deployment?.steps ?? [];
  const startMs = Date.parse(row.startedAt);
  const finishedMs = Date.parse(row.finishedAt);
  // The run ends after its production step (the workflow's own finish comes a little later).
  const endMs = Math.max(finishedMs, ...steps.map((step) => (step.finishedAt ? Date.parse(step.finishedAt) : -Infinity)));
  const leadTimes = changes.map((change) => change.leadTimeSeconds).filter((value): value is number => value !== null);
  const common: Attributes = {
    "cicd.pipeline.name": pipelineName(row.name),
    "cicd.pipeline.run.id": row.id,
    "vcs.repository.url.full": `${vcsBaseUrl}/${row.repo}`,
    "vcs.ref.head.revision": row.sha,
    "deployment.environment.name": deployment?.environment ?? "production",
  };
  const pipeline = pipelineName(row.name);
  // OTel CI/CD semconv: a pipeline run is a SERVER span named "{action} {pipeline}".
  const root = factory.span({
    traceId,
    spanId: rootId,
    name: `${PIPELINE_ACTION} ${pipeline}`,
    kind: SpanKind.SERVER,
    startMs,
    endMs,
    status: row.status === "succeeded" ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: "the production step failed" },
    attributes: {
      ...common,
      ...(row.url ? { "cicd.pipeline.run.url.full": row.url } : {}),
      "cicd.pipeline.action.name": PIPELINE_ACTION,
      "cicd.pipeline.result": row.status === "succeeded" ? "success" : "failure",
      ...(row.status === "succeeded" ? {} : { "error.type": "production_step_failed" }),
      "dora.service": row.service,
      "dora.deployment.name": row.name,
      "dora.deployment.finished_at": row.finishedAt,
      "dora.change.count": row.changes,
      ...(leadTimes.length > 0
        ? {
            "dora.lead_time.mean_seconds": leadTimes.reduce((sum, value) => sum + value, 0) / leadTimes.length,
            "dora.lead_time.max_seconds": Math.max(...leadTimes),
          }
        : {}),
      "dora.deployment.failed": row.failed,
      "dora.deployment.rework": row.rework,
      "dora.deployment.rollback": row.rollback,
      "dora.incident.ids": row.incidentIds,
    },
  });
  const spans = [root];

  // Model steps are flat: Argo's own top node (id = the workflow name) is the parent of the others.
  const top = steps.find((step) => step.id === row.name && (step.type === "DAG" || step.type === "Steps"));
  for (const step of steps) {
    if (!step.startedAt) continue;
    const parentId = top && step !== top ? spanIdFor(row.id, top.id) : rootId;
    const stepStartMs = Date.parse(step.startedAt);
    spans.push(
      factory.span({
        traceId,
        spanId: spanIdFor(row.id, step.id),
        parentId,
        name: step.name,
        startMs: stepStartMs,
        endMs: step.finishedAt ? Math.max(stepStartMs, Date.parse(step.finishedAt)) : Math.max(stepStartMs, endMs),
        status: stepStatus(step),
        attributes: {
          ...common,
          "cicd.pipeline.task.name": step.name,
          ...(taskType(step) ? { "cicd.pipeline.task.type": taskType(step) } : {}),
          "cicd.pipeline.task.run.id": step.id,
          "argo.node.type": step.type,
          "argo.node.phase": step.phase,
          ...(step.templateName ? { "argo.template.name": step.templateName } : {}),
        },
      }),
    );
  }

  for (const change of changes) {
    // At its commit time: the span sits where the lead time starts; its attributes carry the figure.
    const commitMs = Date.parse(change.authoredAt ?? change.committedAt ?? change.deployedAt);
    spans.push(
      factory.span({
        traceId,
        spanId: spanIdFor(row.id, `change/${change.sha}`),
        parentId: rootId,
        name: `change ${change.sha.slice(0, 12)}`,
        startMs: commitMs,
        endMs: commitMs,
        status: { code: SpanStatusCode.UNSET },
        attributes: {
          "vcs.repository.url.full": `${vcsBaseUrl}/${change.repo}`,
          "vcs.ref.head.revision": change.sha,
          "dora.change.sha": change.sha,
          ...(change.authoredAt ? { "dora.change.authored_at": change.authoredAt } : {}),
          ...(change.committedAt ? { "dora.change.committed_at": change.committedAt } : {}),
          "dora.change.deployed_at": change.deployedAt,
          ...(change.leadTimeSeconds !== null ? { "dora.lead_time_seconds": change.leadTimeSeconds } : {}),
        },
      }),
    );
  }
  return { traceId, keyMs, spans };
}

function incidentTrace(row: IncidentRow, keyMs: number, nowMs: number, factory: SpanFactory, linked: boolean): BuiltTrace {
  const traceId = incidentTraceId(row.id);
  const startMs = Date.parse(row.startedAt);
  const endMs = row.resolvedAt ? Date.parse(row.resolvedAt) : Math.max(startMs, nowMs);
  const links: Link[] = row.deploymentId && linked
    ? [
        {
          context: { traceId: traceIdFor(row.deploymentId), spanId: spanIdFor(row.deploymentId, "root"), traceFlags: TraceFlags.SAMPLED },
          attributes: { "dora.link.type": "attributed-deployment", "dora.attribution": row.attribution },
        },
      ]
    : [];
  const span = factory.span({
    traceId,
    spanId: incidentSpanId(row.id),
    name: `incident ${row.id}`,
    startMs,
    endMs: Math.max(startMs, endMs),
    status: { code: SpanStatusCode.UNSET },
    links,
    attributes: {
      "deployment.environment.name": "production",
      "dora.incident.id": row.id,
      "dora.incident.title": row.title,
      "dora.incident.severity": row.severity,
      "dora.incident.status": row.status,
      "dora.incident.drill": row.isDrill,
      "dora.attribution": row.attribution,
      ...(row.service ? { "dora.service": row.service } : {}),
      // The id always (it names the deployment); its trace id only when that trace is sent.
      ...(row.deploymentId ? { "dora.deployment.id": row.deploymentId, ...(linked ? { "dora.deployment.trace_id": traceIdFor(row.deploymentId) } : {}) } : {}),
      ...(row.restoreSeconds !== null ? { "dora.restore_seconds": row.restoreSeconds } : {}),
    },
  });
  return { traceId, keyMs, spans: [span] };
}

/** Argo names runs `<generateName><5 random chars>`; the pipeline is the part before. */
function pipelineName(workflowName: string): string {
  const match = /^(.+)-[a-z0-9]{5}$/.exec(workflowName);
  return match ? match[1]! : workflowName;
}

/** The semconv's pipeline action of a deployment run (BUILD, RUN, SYNC): a CD workflow runs. */
const PIPELINE_ACTION = "RUN";

/** `cicd.pipeline.task.type` takes the semconv's values only (build, test, deploy); other nodes have none (argo.node.type says what they are). */
function taskType(step: DeploymentStep): "build" | "test" | "deploy" | undefined {
  if (step.type !== "Pod") return undefined;
  const text = `${step.name} ${step.templateName ?? ""}`.toLowerCase();
  if (text.includes("deploy") || text.includes("release") || text.includes("rollout")) return "deploy";
  if (text.includes("test") || text.includes("verify") || text.includes("check")) return "test";
  if (text.includes("build") || text.includes("compile") || text.includes("image")) return "build";
  return undefined;
}

function stepStatus(step: DeploymentStep): SpanStatus {
  if (step.phase === "Succeeded") return { code: SpanStatusCode.OK };
  if (step.phase === "Failed" || step.phase === "Error") return { code: SpanStatusCode.ERROR, message: `node ${step.phase}` };
  return { code: SpanStatusCode.UNSET };
}

interface SpanSpec {
  kind?: SpanKind;
  traceId: string;
  spanId: string;
  parentId?: string;
  name: string;
  startMs: number;
  endMs: number;
  status: SpanStatus;
  attributes: Attributes;
  links?: Link[];
}

/** Builds ReadableSpan-shaped records (what the OTLP serializer reads) sharing one resource and scope. */
class SpanFactory {
  constructor(private readonly resource: Resource) {}

  span(spec: SpanSpec): ReadableSpan {
    const context: SpanContext = { traceId: spec.traceId, spanId: spec.spanId, traceFlags: TraceFlags.SAMPLED };
    const parent: SpanContext | undefined = spec.parentId ? { traceId: spec.traceId, spanId: spec.parentId, traceFlags: TraceFlags.SAMPLED } : undefined;
    const endMs = Math.max(spec.startMs, spec.endMs);
    return {
      name: spec.name,
      kind: spec.kind ?? SpanKind.INTERNAL,
      spanContext: () => context,
      parentSpanContext: parent,
      startTime: hrTimeOf(spec.startMs),
      endTime: hrTimeOf(endMs),
      duration: hrTimeOf(endMs - spec.startMs),
      status: spec.status,
      attributes: spec.attributes,
      links: spec.links ?? [],
      events: [],
      ended: true,
      resource: this.resource,
      instrumentationScope: INSTRUMENTATION_SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  }
}

