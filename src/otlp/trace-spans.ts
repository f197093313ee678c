import { SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import type { Attributes, Link, SpanContext, SpanStatus } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { DeploymentStep } from "../model/deployment.js";
import { spanIdFor, traceIdFor } from "../model/trace-id.js";
import { toIso } from "../model/instant.js";
import { changeCountOf, changesOf, leadTimesOf } from "../metrics/change-log.js";
import type { DeploymentFact, IncidentFact } from "../metrics/facts.js";
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
 * The traces of the analysis, deterministic from its facts: one per deployment run (root = the run,
 * children = its workflow nodes with their real times, plus a zero-duration span per change at its
 * commit time), and one per incident (start → resolution, or → now while active) linked to the root
 * span of the deployment it is attributed to — only when that deployment's trace is sent too (this
 * window, or an earlier run's per `earlier`): no dangling link. Traces come in the order of their
 * instant (deployment finish, incident start), so a checkpoint "sent through T" is exact.
 * Generated lazily: memory is bounded by one trace.
 */
export function* buildTraces(data: BackfillData, options: TraceBuildOptions): Generator<BuiltTrace> {
  const sentThroughMs = options.sentThroughMs ?? -Infinity;
  const factory = new SpanFactory(options.resource);
  const vcsBaseUrl = (options.vcsBaseUrl ?? "https://github.com").replace(/\/+$/, "");

  const inWindow = new Set(data.deployments.map((fact) => fact.deployment.id));
  const linkable = (fact: IncidentFact): boolean => {
    const attributed = fact.attribution.deployment;
    if (!attributed) return false;
    if (inWindow.has(attributed.id)) return true;
    return options.earlier !== undefined && attributed.finishedMs >= options.earlier.fromMs && attributed.finishedMs < options.earlier.toMs;
  };
  type Entry = { keyMs: number; order: number; build: () => BuiltTrace };
  const entries: Entry[] = [];
  for (const fact of data.deployments) {
    const keyMs = fact.deployment.finishedMs;
    entries.push({ keyMs, order: 0, build: () => deploymentTrace(fact, factory, vcsBaseUrl) });
  }
  for (const fact of data.incidents) {
    const keyMs = fact.startedMs;
    entries.push({ keyMs, order: 1, build: () => incidentTrace(fact, data.nowMs, factory, linkable(fact)) });
  }
  // Stable sort: facts of one kind keep the analysis's order at equal instants.
  entries.sort((a, b) => a.keyMs - b.keyMs || a.order - b.order);
  for (const entry of entries) {
    if (entry.keyMs < sentThroughMs) continue;
    yield entry.build();
  }
}

function deploymentTrace(fact: DeploymentFact, factory: SpanFactory, vcsBaseUrl: string): BuiltTrace {
  const { deployment } = fact;
  const { finishedMs } = deployment;
  const traceId = traceIdFor(deployment.id);
  const rootId = spanIdFor(deployment.id, "root");
  const { steps } = deployment;
  const startMs = deployment.startedMs;
  // The run ends after its production step (the workflow's own finish comes a little later).
  const endMs = Math.max(finishedMs, ...steps.map((step) => step.finishedMs ?? -Infinity));
  const factLeadTimes = leadTimesOf(fact);
  const leadTimes = [...factLeadTimes].filter((value) => !Number.isNaN(value));
  const pipeline = pipelineName(deployment.name);
  const common: Attributes = {
    "cicd.pipeline.name": pipeline,
    "cicd.pipeline.run.id": deployment.id,
    "vcs.repository.url.full": `${vcsBaseUrl}/${deployment.repo}`,
    "vcs.ref.head.revision": deployment.sha,
    "deployment.environment.name": deployment.environment,
  };
  const succeeded = deployment.status === "succeeded";
  // OTel CI/CD semconv: a pipeline run is a SERVER span named "{action} {pipeline}".
  const root = factory.span({
    traceId,
    spanId: rootId,
    name: `${PIPELINE_ACTION} ${pipeline}`,
    kind: SpanKind.SERVER,
    startMs,
    endMs,
    status: succeeded ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: "the production step failed" },
    attributes: {
      ...common,
      ...(deployment.url ? { "cicd.pipeline.run.url.full": deployment.url } : {}),
      "cicd.pipeline.action.name": PIPELINE_ACTION,
      "cicd.pipeline.result": succeeded ? "success" : "failure",
      ...(succeeded ? {} : { "error.type": "production_step_failed" }),
      "dora.service": deployment.service,
      "dora.deployment.name": deployment.name,
      "dora.deployment.finished_at": toIso(deployment.finishedMs),
      "dora.change.count": changeCountOf(fact),
      ...(leadTimes.length > 0
        ? {
            "dora.lead_time.mean_seconds": leadTimes.reduce((sum, value) => sum + value, 0) / leadTimes.length,
            "dora.lead_time.max_seconds": Math.max(...leadTimes),
          }
        : {}),
      "dora.deployment.failed": fact.failed,
      "dora.deployment.rework": fact.rework,
      "dora.deployment.rollback": fact.rollback,
      "dora.incident.ids": [...fact.incidentIds],
    },
  });
  const spans = [root];

  // Model steps are flat: Argo's own top node (id = the workflow name) is the parent of the others.
  const top = steps.find((step) => step.id === deployment.name && (step.type === "DAG" || step.type === "Steps"));
  for (const step of steps) {
    if (step.startedMs === undefined) continue;
    const parentId = top && step !== top ? spanIdFor(deployment.id, top.id) : rootId;
    const stepStartMs = step.startedMs;
    spans.push(
      factory.span({
        traceId,
        spanId: spanIdFor(deployment.id, step.id),
        parentId,
        name: step.name,
        startMs: stepStartMs,
        endMs: Math.max(stepStartMs, step.finishedMs ?? endMs),
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

  changesOf(fact).forEach((change, index) => {
    const seconds = factLeadTimes[index]!;
    // At its commit time: the span sits where the lead time starts; its attributes carry the figure.
    const commitText = change.authoredAt ?? change.committedAt;
    const commitMs = commitText === undefined ? deployment.finishedMs : Date.parse(commitText);
    spans.push(
      factory.span({
        traceId,
        spanId: spanIdFor(deployment.id, `change/${change.sha}`),
        parentId: rootId,
        name: `change ${change.sha.slice(0, 12)}`,
        startMs: commitMs,
        endMs: commitMs,
        status: { code: SpanStatusCode.UNSET },
        attributes: {
          "vcs.repository.url.full": `${vcsBaseUrl}/${deployment.repo}`,
          "vcs.ref.head.revision": change.sha,
          "dora.change.sha": change.sha,
          ...(change.authoredAt ? { "dora.change.authored_at": change.authoredAt } : {}),
          ...(change.committedAt ? { "dora.change.committed_at": change.committedAt } : {}),
          "dora.change.deployed_at": toIso(deployment.finishedMs),
          ...(Number.isNaN(seconds) ? {} : { "dora.lead_time_seconds": seconds }),
        },
      }),
    );
  });
  return { traceId, keyMs: finishedMs, spans };
}

function incidentTrace(fact: IncidentFact, nowMs: number, factory: SpanFactory, linked: boolean): BuiltTrace {
  const { incident, startedMs: startMs } = fact;
  const traceId = incidentTraceId(incident.id);
  const deploymentId = fact.attribution.deployment?.id;
  const endMs = incident.resolvedMs ?? Math.max(startMs, nowMs);
  const links: Link[] = deploymentId && linked
    ? [
        {
          context: { traceId: traceIdFor(deploymentId), spanId: spanIdFor(deploymentId, "root"), traceFlags: TraceFlags.SAMPLED },
          attributes: { "dora.link.type": "attributed-deployment", "dora.attribution": fact.attribution.attribution },
        },
      ]
    : [];
  const span = factory.span({
    traceId,
    spanId: incidentSpanId(incident.id),
    name: `incident ${incident.id}`,
    startMs,
    endMs: Math.max(startMs, endMs),
    status: { code: SpanStatusCode.UNSET },
    links,
    attributes: {
      "deployment.environment.name": "production",
      "dora.incident.id": incident.id,
      "dora.incident.title": incident.title,
      "dora.incident.severity": incident.severity,
      "dora.incident.status": incident.status,
      "dora.incident.drill": incident.isDrill,
      "dora.attribution": fact.attribution.attribution,
      ...(fact.service ? { "dora.service": fact.service } : {}),
      // The id always (it names the deployment); its trace id only when that trace is sent.
      ...(deploymentId ? { "dora.deployment.id": deploymentId, ...(linked ? { "dora.deployment.trace_id": traceIdFor(deploymentId) } : {}) } : {}),
      ...(fact.restore.seconds !== null ? { "dora.restore_seconds": fact.restore.seconds } : {}),
    },
  });
  return { traceId, keyMs: startMs, spans: [span] };
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

