import { SpanKind } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { spanIdFor, traceIdFor } from "../../src/model/trace-id.js";
import { backfillResource } from "../../src/otlp/resource.js";
import { runBackfill } from "../../src/otlp/run-backfill.js";
import { buildTraces, incidentSpanId } from "../../src/otlp/trace-spans.js";
import { D1, L1, tinyData } from "./tiny-dataset.js";

/** The tiny dataset with incident I1 attributed (by label) to L1, a deployment of the lookback (2026-01-09 12:00, before the window). */
const attributedToLookback = () => tinyData({ attributedToLookback: true });
const incidentSpan = (traces: ReturnType<typeof buildTraces>) => [...traces].flatMap((trace) => trace.spans).find((span) => span.spanContext().spanId === incidentSpanId("I1"))!;

describe("incident links", () => {
  it("link to the attributed deployment when its trace is sent in this window", () => {
    const span = incidentSpan(buildTraces(tinyData(), { resource: backfillResource() }));
    expect(span.links.map((link) => link.context.spanId)).toEqual([spanIdFor(D1.id, "root")]);
    expect(span.attributes["dora.deployment.trace_id"]).toBe(traceIdFor(D1.id));
  });

  it("leave no dangling link to a deployment outside the window whose trace is not sent (the id stays an attribute)", () => {
    const span = incidentSpan(buildTraces(attributedToLookback(), { resource: backfillResource() }));
    expect(span.links).toEqual([]);
    expect(span.attributes["dora.deployment.id"]).toBe(L1.id);
    expect(span.attributes["dora.deployment.trace_id"]).toBeUndefined();
  });

  it("link to it when an earlier run sent its trace (the state's tracesSentFrom/Through cover its finish)", async () => {
    // An earlier run over [2026-01-09, 2026-01-10) sent L1's trace (finished 12:00): the state says so.
    const earlier = await runBackfill(tinyData({ from: "2026-01-09T00:00:00.000Z", to: "2026-01-10T00:00:00.000Z", empty: true }), { signals: ["traces"] });
    expect(earlier.state).toMatchObject({ tracesSentFrom: "2026-01-09T00:00:00.000Z", tracesSentThrough: "2026-01-10T00:00:00.000Z" });
    const { state } = earlier;
    const span = incidentSpan(buildTraces(attributedToLookback(), { resource: backfillResource(), earlier: { fromMs: Date.parse(state.tracesSentFrom!), toMs: Date.parse(state.tracesSentThrough!) } }));
    expect(span.links.map((link) => link.context.traceId)).toEqual([traceIdFor(L1.id)]);
    // And runBackfill passes the state's range on by itself.
    const bodies: Uint8Array[] = [];
    const next = await runBackfill(attributedToLookback(), { signals: ["traces"], state, onRequest: (_signal, body) => bodies.push(body) });
    expect(next.state.tracesSentFrom).toBe("2026-01-09T00:00:00.000Z");
    expect(Buffer.concat(bodies).includes(Buffer.from(traceIdFor(L1.id), "hex"))).toBe(true);
  });
});

describe("OTel CI/CD semantic conventions", () => {
  it("a pipeline run is a SERVER span named \"RUN {pipeline}\"; task types are build, test or deploy only", () => {
    const [, d1] = [...buildTraces(tinyData(), { resource: backfillResource() })];
    const root = d1!.spans[0]!;
    expect(root.kind).toBe(SpanKind.SERVER);
    expect(root.name).toBe("RUN deploy-api");
    expect(root.attributes["cicd.pipeline.action.name"]).toBe("RUN");
    expect(root.attributes["cicd.pipeline.name"]).toBe("deploy-api");
    const tasks = d1!.spans.filter((span) => span.attributes["cicd.pipeline.task.name"] !== undefined);
    expect(tasks.every((span) => span.kind === SpanKind.INTERNAL)).toBe(true);
    const types = new Set(tasks.map((span) => span.attributes["cicd.pipeline.task.type"]).filter((type) => type !== undefined));
    expect([...types].every((type) => ["build", "test", "deploy"].includes(type as string))).toBe(true);
    // The DAG node is no task of a semconv type: it has none, and says what it is in argo.node.type.
    const dag = tasks.find((span) => span.attributes["argo.node.type"] === "DAG")!;
    expect(dag.attributes["cicd.pipeline.task.type"]).toBeUndefined();
  });
});
