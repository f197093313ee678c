import { describe, expect, it } from "vitest";
import { upstreamDocument } from "../../upstream-documents.js";
import { normalizeWorkflow } from "../../../src/sources/argo/normalize-workflow.js";
import type { ServiceConfig } from "../../../src/config/schema.js";

// The real Workflow documents of fixtures/upstream/argo (origins in fixtures/upstream/README.md). Each test adds only what a
// deployment pipeline would carry (a commit-sha parameter, label or annotation).
type Workflow = {
  metadata: { name: string; uid: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { arguments?: { parameters?: Array<{ name: string; value?: string; default?: string }> } };
  status: Record<string, unknown> & { nodes?: Record<string, Record<string, unknown>> };
};
const load = (name: string): Workflow => upstreamDocument<Workflow>(`argo/${name}.json`);

const SHA = "0123456789abcdef0123456789abcdef01234567";
/** The sample with a `commit-sha` parameter added (keeping its own parameters). */
function withCommit(name: string, value: string = SHA): Workflow {
  const workflow = load(name);
  workflow.spec.arguments = { parameters: [...(workflow.spec.arguments?.parameters ?? []), { name: "commit-sha", value }] };
  return workflow;
}

const service = (productionStep?: string, commit = "parameter:commit-sha"): ServiceConfig => ({
  name: "web",
  repo: "acme/web",
  workflows: { labelSelector: "app=web", commit, ...(productionStep ? { productionStep } : {}) },
});

describe("normalizeWorkflow on the real samples", () => {
  it("dag-disable-fail-fast (Failed): the whole workflow is a failed deployment", () => {
    const { deployment, warnings } = normalizeWorkflow(withCommit("dag-disable-fail-fast-r6xdc"), service(), { argoUiBase: "https://argo.example.com/" });
    expect(warnings).toEqual([]);
    expect(deployment).toMatchObject({
      id: "734516b5-97f2-11e9-9fea-00163e00cf4e",
      name: "dag-disable-fail-fast-r6xdc",
      namespace: "default",
      service: "web",
      repo: "acme/web",
      sha: SHA,
      environment: "production",
      status: "failed",
      startedMs: Date.parse("2019-06-26T09:11:58.000Z"),
      finishedMs: Date.parse("2019-06-26T09:12:46.000Z"), // status.finishedAt
      url: "https://argo.example.com/archived-workflows/default/734516b5-97f2-11e9-9fea-00163e00cf4e",
    });
    // 9 nodes by startedAt then id: 09:11:58 root ("…-r6xdc" sorts before "…-r6xdc-3928436299") and A;
    // 09:12:03 C(0) -3256…, B -3945…, C -3961…, B(0) -4286…; then C(1) 09:12:09, D 09:12:37, E 09:12:42.
    expect(deployment!.steps.map((s) => s.name)).toEqual(["dag-disable-fail-fast-r6xdc", "A", "C(0)", "B", "C", "B(0)", "C(1)", "D", "E"]);
    expect(deployment!.steps[4]).toEqual({
      id: "dag-disable-fail-fast-r6xdc-3961991537",
      name: "C",
      type: "Retry",
      phase: "Failed",
      startedMs: Date.parse("2019-06-26T09:12:03.000Z"),
      finishedMs: Date.parse("2019-06-26T09:12:13.000Z"),
    });
  });

  it("dag-disable-fail-fast: the production step decides, retries take the last finished attempt", () => {
    const workflow = withCommit("dag-disable-fail-fast-r6xdc");
    // templateName "c": attempts C(0) Failed 09:12:08 and C(1) Failed 09:12:12 fold into their Retry
    // node C (no templateName of its own), which ends the step: Failed at 09:12:13.
    expect(normalizeWorkflow(workflow, service("c")).deployment).toMatchObject({ status: "failed", finishedMs: Date.parse("2019-06-26T09:12:13.000Z") });
    // displayName "B": the Retry node, Succeeded 09:12:36 — a succeeded deployment of a Failed workflow.
    expect(normalizeWorkflow(workflow, service("B")).deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2019-06-26T09:12:36.000Z") });
    // templateName "d": D 09:12:41 and E 09:12:45 → E.
    expect(normalizeWorkflow(workflow, service("d")).deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2019-06-26T09:12:45.000Z") });
    // No such node: the run never reached production — neither a deployment nor a warning.
    expect(normalizeWorkflow(workflow, service("deploy-production"))).toEqual({ warnings: [] });
  });

  it("hello-world (single Pod): the production node finishes 1 s before the workflow", () => {
    const { deployment } = normalizeWorkflow(withCommit("hello-world-9tql2"), service("whalesay"));
    expect(deployment).toMatchObject({
      id: "6522aff1-1e01-11ea-b443-42010aa80075",
      namespace: "workflows",
      status: "succeeded",
      startedMs: Date.parse("2019-12-13T23:36:32.000Z"),
      finishedMs: Date.parse("2019-12-13T23:36:39.000Z"),
    });
    expect(deployment!.url).toBeUndefined();
    expect(deployment!.steps).toEqual([
      {
        id: "hello-world-9tql2",
        name: "hello-world-9tql2",
        templateName: "whalesay",
        type: "Pod",
        phase: "Succeeded",
        startedMs: Date.parse("2019-12-13T23:36:32.000Z"),
        finishedMs: Date.parse("2019-12-13T23:36:39.000Z"),
      },
    ]);
  });

  it("many-items (Steps): 13 'sleep' pods, the last finished is sleep(12:twelve) at 16:04:59", () => {
    const workflow = withCommit("many-items-z26lj");
    expect(normalizeWorkflow(workflow, service("sleep")).deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2020-06-02T16:04:59.000Z") });
    expect(normalizeWorkflow(workflow, service("sleep(7:seven)")).deployment?.finishedMs).toBe(Date.parse("2020-06-02T16:04:57.000Z"));
    expect(normalizeWorkflow(workflow, service()).deployment).toMatchObject({ finishedMs: Date.parse("2020-06-02T16:05:01.000Z"), steps: expect.any(Array) });
    expect(normalizeWorkflow(workflow, service()).deployment!.steps).toHaveLength(15);
  });

  it("workflow-template hello-world: matches templateRef.template, and reads the commit from the template's arguments", () => {
    const workflow = load("workflow-template-hello-world-k4d26");
    // Its node runs templateRef {name: workflow-template-submittable-2.9, template: start}.
    const fromSpec = normalizeWorkflow(withCommit("workflow-template-hello-world-k4d26"), service("start"));
    expect(fromSpec.deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2020-06-16T00:57:49.000Z"), sha: SHA });
    expect(fromSpec.deployment!.steps[0]!.templateName).toBe("start");
    // The parameter "message" ("hello world") is not a SHA: skipped with a warning naming the run.
    const invalid = normalizeWorkflow(workflow, service("start", "parameter:message"));
    expect(invalid.deployment).toBeUndefined();
    expect(invalid.warnings).toEqual([
      {
        code: "invalid-commit-sha",
        message: expect.stringContaining("workflow workflow-template-hello-world-k4d26 has \"hello world\" in parameter:message"),
        subject: "workflow-template-hello-world-k4d26",
      },
    ]);
    // Only the stored WorkflowTemplate carries the parameter (submitted without arguments).
    const templateOnly = load("workflow-template-hello-world-k4d26");
    delete templateOnly.spec.arguments;
    (templateOnly.status.storedWorkflowTemplateSpec as { arguments: unknown }).arguments = { parameters: [{ name: "commit-sha", default: "ABCDEF1" }] };
    expect(normalizeWorkflow(templateOnly, service("start")).deployment?.sha).toBe("abcdef1");
  });

  it("dag-nested: 'echo' nodes end with D.D at 04:13:46; displayName 'D' picks the nested DAG D at 04:13:49", () => {
    const workflow = withCommit("dag-nested-zxlc2");
    expect(normalizeWorkflow(workflow, service("echo")).deployment).toMatchObject({
      id: "402ed1f0-0dbf-42fd-92b8-b7858ba2979c",
      finishedMs: Date.parse("2024-10-16T04:13:46.000Z"),
    });
    expect(normalizeWorkflow(workflow, service("D")).deployment?.finishedMs).toBe(Date.parse("2024-10-16T04:13:49.000Z"));
    expect(normalizeWorkflow(workflow, service("echo")).deployment!.steps).toHaveLength(21);
  });

  it("subdag-iterate: three echo-bye pods finish at 01:51:05; the msgs parameter is not a SHA", () => {
    expect(normalizeWorkflow(withCommit("subdag-iterate-jrfch"), service("echo-bye")).deployment).toMatchObject({
      id: "cb4f47aa-0433-47a9-be7f-0df86e723441",
      status: "succeeded",
      startedMs: Date.parse("2025-09-11T01:49:53.000Z"),
      finishedMs: Date.parse("2025-09-11T01:51:05.000Z"),
    });
    const bad = normalizeWorkflow(load("subdag-iterate-jrfch"), service(undefined, "parameter:msgs"));
    expect(bad.warnings.map((w) => [w.code, w.subject])).toEqual([["invalid-commit-sha", "subdag-iterate-jrfch"]]);
  });
});

describe("normalizeWorkflow: commit sources", () => {
  it("reads parameter value, else default; trims and lower-cases", () => {
    const workflow = load("subdag-iterate-jrfch");
    workflow.spec.arguments!.parameters!.push({ name: "commit-sha", default: "  ABCDEF0123456789ABCDEF0123456789ABCDEF01 " });
    expect(normalizeWorkflow(workflow, service()).deployment?.sha).toBe("abcdef0123456789abcdef0123456789abcdef01");
  });

  it("reads a label or an annotation", () => {
    const workflow = load("dag-nested-zxlc2");
    workflow.metadata.labels!["acme.io/commit"] = "9f8e7d6";
    workflow.metadata.annotations!["acme.io/commit"] = "1a2b3c4d5e";
    expect(normalizeWorkflow(workflow, service(undefined, "label:acme.io/commit")).deployment?.sha).toBe("9f8e7d6");
    expect(normalizeWorkflow(workflow, service(undefined, "annotation:acme.io/commit")).deployment?.sha).toBe("1a2b3c4d5e");
    // The real label "dag-nested-52l5t" and annotation "v2" are no SHAs.
    expect(normalizeWorkflow(workflow, service(undefined, "label:workflows.argoproj.io/resubmitted-from-workflow")).warnings[0]?.code).toBe(
      "invalid-commit-sha",
    );
    expect(normalizeWorkflow(workflow, service(undefined, "annotation:workflows.argoproj.io/pod-name-format")).warnings[0]?.code).toBe(
      "invalid-commit-sha",
    );
  });

  it("a missing commit skips the run with missing-commit-sha; 6 hex digits are too short", () => {
    const missing = normalizeWorkflow(load("hello-world-9tql2"), service());
    expect(missing).toEqual({
      warnings: [
        { code: "missing-commit-sha", message: "workflow hello-world-9tql2 has no commit SHA in parameter:commit-sha; it is left out", subject: "hello-world-9tql2" },
      ],
    });
    expect(normalizeWorkflow(withCommit("hello-world-9tql2", "abcdef"), service()).warnings[0]?.code).toBe("invalid-commit-sha");
    expect(normalizeWorkflow(withCommit("hello-world-9tql2", "abcdefg"), service()).warnings[0]?.code).toBe("invalid-commit-sha");
  });

  it("a run that is not a deployment gets no commit warning", () => {
    // r6xdc has no commit parameter, but never reached a "deploy-production" node.
    expect(normalizeWorkflow(load("dag-disable-fail-fast-r6xdc"), service("deploy-production"))).toEqual({ warnings: [] });
  });
});

describe("normalizeWorkflow: incomplete documents", () => {
  it("a list item without nodes cannot answer for a production step", () => {
    const item = withCommit("hello-world-9tql2");
    delete item.status.nodes;
    expect(normalizeWorkflow(item, service("whalesay")).warnings.map((w) => w.code)).toEqual(["workflow-without-nodes"]);
    // Without a production step the list item is enough (no steps then).
    expect(normalizeWorkflow(item, service()).deployment).toMatchObject({ finishedMs: Date.parse("2019-12-13T23:36:40.000Z"), steps: [] });
  });

  it("tolerates a missing status, null times and a Running phase", () => {
    const noStatus = withCommit("hello-world-9tql2") as Partial<Workflow>;
    delete noStatus.status;
    expect(normalizeWorkflow(noStatus, service())).toEqual({ warnings: [] });
    expect(normalizeWorkflow(noStatus, service("whalesay"))).toEqual({ warnings: [] }); // not finished: no nodes expected

    const running = withCommit("hello-world-9tql2");
    running.status.phase = "Running";
    running.status.finishedAt = null;
    running.status.nodes!["hello-world-9tql2"]!.phase = "Running";
    running.status.nodes!["hello-world-9tql2"]!.finishedAt = null;
    expect(normalizeWorkflow(running, service())).toEqual({ warnings: [] });
    expect(normalizeWorkflow(running, service("whalesay"))).toEqual({ warnings: [] });
  });

  it("a finished production step without finishedAt is left out with workflow-without-finish", () => {
    const workflow = withCommit("hello-world-9tql2");
    workflow.status.nodes!["hello-world-9tql2"]!.finishedAt = null;
    const result = normalizeWorkflow(workflow, service("whalesay"));
    expect(result.deployment).toBeUndefined();
    expect(result.warnings.map((w) => [w.code, w.subject])).toEqual([["workflow-without-finish", "hello-world-9tql2"]]);
    const whole = withCommit("hello-world-9tql2");
    whole.status.finishedAt = null;
    expect(normalizeWorkflow(whole, service()).warnings.map((w) => w.code)).toEqual(["workflow-without-finish"]);
  });

  it("Skipped and Omitted production nodes are not deployments", () => {
    for (const phase of ["Skipped", "Omitted", "Pending"]) {
      const workflow = withCommit("hello-world-9tql2");
      workflow.status.nodes!["hello-world-9tql2"]!.phase = phase;
      expect(normalizeWorkflow(workflow, service("whalesay"))).toEqual({ warnings: [] });
    }
    const errored = withCommit("hello-world-9tql2");
    errored.status.nodes!["hello-world-9tql2"]!.phase = "Error";
    expect(normalizeWorkflow(errored, service("whalesay")).deployment?.status).toBe("failed");
  });
});
