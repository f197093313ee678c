import { describe, expect, it } from "vitest";
import { upstreamDocument } from "../upstream-documents.js";
import { computeReport } from "../../src/metrics/compute-report.js";
import type { ServiceDefinition } from "../../src/model/service.js";
import { normalizeWorkflow } from "../../src/sources/argo/normalize-workflow.js";
import { normalizeIncidentPreview } from "../../src/sources/incident/normalize-incident.js";
import { input, options, scope } from "../metrics/builders.js";

// The model keeps instants as epoch ms; the report shows them as ISO 8601. These pin the round trip
// on real documents (fixtures/upstream; origins in fixtures/upstream/README.md): the normalizer's ms,
// rendered back, is the ISO text the report shows, and Date.parse of that text is the ms again.

const WEB: ServiceDefinition = { name: "web", repo: "acme/web", incidentLabels: { service: "web" } };
const SHA = "0123456789abcdef0123456789abcdef01234567";
const iso = (ms: number) => new Date(ms).toISOString();

describe("normalized instants: epoch ms in the model, the same ISO text in the report", () => {
  it("an Argo workflow (dag-disable-fail-fast): status.startedAt/finishedAt and its nodes' times", () => {
    const workflow = upstreamDocument<Record<string, Record<string, unknown>>>("argo/dag-disable-fail-fast-r6xdc.json");
    workflow.spec!.arguments = { parameters: [{ name: "commit-sha", value: SHA }] };
    const { deployment } = normalizeWorkflow(workflow, { name: "web", repo: "acme/web", workflows: { labelSelector: "app=web", commit: "parameter:commit-sha" } });
    // status.startedAt "2019-06-26T09:11:58Z", status.finishedAt "2019-06-26T09:12:46Z" (Failed: the whole run is the production step).
    expect(deployment?.startedMs).toBe(Date.parse("2019-06-26T09:11:58Z"));
    expect(deployment?.finishedMs).toBe(Date.parse("2019-06-26T09:12:46Z"));
    // The top DAG node: startedAt 09:11:58, finishedAt 09:12:46.
    const top = deployment!.steps.find((step) => step.id === "dag-disable-fail-fast-r6xdc")!;
    expect([iso(top.startedMs!), iso(top.finishedMs!)]).toEqual(["2019-06-26T09:11:58.000Z", "2019-06-26T09:12:46.000Z"]);

    const report = computeReport(
      input({ deployments: [{ ...deployment!, status: "succeeded" }] }),
      scope({ from: "2019-06-01T00:00", to: "2019-07-01T00:00", services: [WEB] }),
      options(),
    );
    const row = report.deployments[0]!;
    expect([row.startedAt, row.finishedAt]).toEqual(["2019-06-26T09:11:58.000Z", "2019-06-26T09:12:46.000Z"]);
    expect([iso(deployment!.startedMs), iso(deployment!.finishedMs)]).toEqual([row.startedAt, row.finishedAt]);
    expect([Date.parse(row.startedAt), Date.parse(row.finishedAt)]).toEqual([deployment!.startedMs, deployment!.finishedMs]);
  });

  it("a Grafana incident preview: microseconds and no zone are read as UTC ms, shown with milliseconds", () => {
    const preview = structuredClone(upstreamDocument<{ incidentPreviews: Record<string, unknown>[] }>("grafana/QueryIncidentPreviews.stub-example.json").incidentPreviews[0]!);
    // Resolved 1 h 30 min after its incidentStart "2022-02-11 00:50:20.574137".
    Object.assign(preview, { status: "resolved", incidentEnd: "2022-02-11 02:20:20.574137", labels: [{ key: "service", label: "web" }] });
    const { incident } = normalizeIncidentPreview(preview);
    expect(incident?.startedMs).toBe(Date.parse("2022-02-11T00:50:20.574Z"));
    expect(incident?.resolvedMs).toBe(Date.parse("2022-02-11T02:20:20.574Z"));

    const report = computeReport(input({ incidents: [incident!] }), scope({ from: "2022-02-01T00:00", to: "2022-03-01T00:00", services: [WEB] }), options());
    const row = report.incidents[0]!;
    expect([row.startedAt, row.resolvedAt]).toEqual(["2022-02-11T00:50:20.574Z", "2022-02-11T02:20:20.574Z"]);
    expect([iso(incident!.startedMs), iso(incident!.resolvedMs!)]).toEqual([row.startedAt, row.resolvedAt]);
    // 02:20:20.574 − 00:50:20.574 = 1 h 30 min = 5400 s.
    expect(row.restoreSeconds).toBe(5400);
  });
});
