import { describe, expect, it } from "vitest";
import { normalizeWorkflow } from "../../../src/sources/argo/normalize-workflow.js";
import { logicalPath } from "../../../src/sources/argo/production-step.js";
import type { ServiceConfig } from "../../../src/config/schema.js";
import { upstreamDocument } from "../../upstream-documents.js";

// Issue #12, cases 1 and 2, on Argo's own test workflows (fixtures/upstream/argo, origins in its
// README). Each test adds what a deployment pipeline carries (a uid, a commit-sha parameter) and
// says so where it edits a document further.

type Node = Record<string, unknown> & { name: string; phase: string; displayName?: string; finishedAt?: string };
type Workflow = {
  metadata: Record<string, unknown> & { name: string; uid?: string };
  spec: Record<string, unknown> & { arguments?: { parameters?: Array<{ name: string; value?: string }> } };
  status: Record<string, unknown> & { nodes: Record<string, Node> };
};

const SHA = "0123456789abcdef0123456789abcdef01234567";
function load(name: string): Workflow {
  const workflow = upstreamDocument<Workflow>(`argo/${name}.json`);
  workflow.metadata.uid ??= `uid-${workflow.metadata.name}`;
  workflow.spec.arguments = { parameters: [...(workflow.spec.arguments?.parameters ?? []), { name: "commit-sha", value: SHA }] };
  return workflow;
}
const service = (productionStep: string, productionStepPath?: string): ServiceConfig => ({
  name: "web",
  repo: "acme/web",
  workflows: { labelSelector: "app=web", commit: "parameter:commit-sha", productionStep, ...(productionStepPath ? { productionStepPath } : {}) },
});
const nodeNamed = (workflow: Workflow, name: string): [string, Node] => {
  const found = Object.entries(workflow.status.nodes).find(([, node]) => node.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
};
const deleteNodes = (workflow: Workflow, prefix: string) => {
  for (const [id, node] of Object.entries(workflow.status.nodes)) if (node.name === prefix || node.name.startsWith(`${prefix}.`)) delete workflow.status.nodes[id];
};

describe("logical node paths", () => {
  it("strip the workflow name, step groups, fan-out items and retry attempts", () => {
    expect(logicalPath("dag-nested-zxlc2.D.A", "dag-nested-zxlc2")).toBe("D.A");
    expect(logicalPath("many-items-z26lj[0].sleep(3:three)", "many-items-z26lj")).toBe("sleep");
    expect(logicalPath("subdag-iterate-jrfch.echo-group(2:baz).echo-bye", "subdag-iterate-jrfch")).toBe("echo-group.echo-bye");
    expect(logicalPath("retry-with-dags.sub-dag1.fail(1)", "retry-with-dags")).toBe("sub-dag1.fail");
    // An item value with dots and brackets stays inside its group.
    expect(logicalPath('wf.deploy(0:{"region":"eu.west(1)"})', "wf")).toBe("deploy");
    expect(logicalPath("wf", "wf")).toBe("");
  });
});

describe("case 1: the production step is the shallowest matching node, and must itself have run", () => {
  it("nestedDAG, productionStep A: the top-level A (04:13:10), not the nested D.A (04:13:33), with a warning", () => {
    // Before: the last finished of A, A.A, B.A, C.A, D.A → D.A at 04:13:33, 23 s late.
    const { deployment, warnings } = normalizeWorkflow(load("dag-nested-zxlc2"), service("A"));
    expect(deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2024-10-16T04:13:10.000Z") });
    expect(warnings).toEqual([
      {
        code: "production-step-ambiguous",
        message: expect.stringContaining('productionStep "A" matches 5 different steps (A, A.A, B.A, C.A, D.A); the shallowest is used (A)'),
        subject: "dag-nested-zxlc2",
      },
    ]);
    expect(warnings[0]!.message).toContain("workflows.productionStepPath");
  });

  it("nestedDAG: productionStepPath pins a nested node, with no warning", () => {
    const pinned = normalizeWorkflow(load("dag-nested-zxlc2"), service("A", "D.A"));
    expect(pinned).toMatchObject({ deployment: { status: "succeeded", finishedMs: Date.parse("2024-10-16T04:13:33.000Z") }, warnings: [] });
    // A path with no node: the step never ran.
    expect(normalizeWorkflow(load("dag-nested-zxlc2"), service("A", "E.A"))).toEqual({ warnings: [] });
  });

  it("nestedDAG stopped before the top-level D (edit: D and its sub-DAG removed): not a deployment", () => {
    // Edit: the run stopped after C (04:13:30), so the top-level task D and its nodes D.A … D.D were
    // never created. The nested A.D (04:13:07), B.D and C.D (04:13:27) did run.
    const workflow = load("dag-nested-zxlc2");
    deleteNodes(workflow, "dag-nested-zxlc2.D");
    Object.assign(workflow.status, { phase: "Failed", finishedAt: "2024-10-16T04:13:30Z" });
    // Before: a succeeded deployment at 04:13:27 (the last finished "D"). After: the spec declares the
    // top-level D (depth 1), which has no node: production was not reached.
    const { deployment, warnings } = normalizeWorkflow(workflow, service("D"));
    expect(deployment).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(["production-step-ambiguous"]);
    expect(warnings[0]!.message).toContain("(D, A.D, B.D, C.D, D.D)");
  });

  it("dag-exhausted-retries-xfail, productionStep success: its second use was Omitted, so no deployment", () => {
    // success1 (Retry, Succeeded 00:26:36) and success2 (Omitted: the sub-DAG between them failed)
    // both run template "success". Before: a succeeded deployment at 00:26:36.
    const workflow = load("dag-exhausted-retries-xfail");
    const { deployment, warnings } = normalizeWorkflow(workflow, service("success"));
    expect(deployment).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ code: "production-step-ambiguous", subject: "retry-with-dags" })]);
    expect(warnings[0]!.message).toContain("(success1, success2)");
    // Pinned on success2: still not a deployment, and no warning; pinned on success1: it ran.
    expect(normalizeWorkflow(workflow, service("success", "success2"))).toEqual({ warnings: [] });
    expect(normalizeWorkflow(workflow, service("success", "success1")).deployment).toMatchObject({
      status: "succeeded",
      finishedMs: Date.parse("2020-06-02T00:26:36.000Z"),
    });
  });

  it("a run stopped at approval whose staging step shares the production template (edit: success2 never created)", () => {
    // Edit of dag-exhausted-retries-xfail: read success1 as staging and success2 as production, the
    // failed sub-dag1 between them as the approval that was stopped. A stopped DAG creates no node
    // for the tasks it never reached, so success2's node is removed.
    const workflow = load("dag-exhausted-retries-xfail");
    const [success2Id] = nodeNamed(workflow, "retry-with-dags.success2");
    delete workflow.status.nodes[success2Id];
    // Before: staging's success1 made it a deployment at 00:26:36. After: the spec's success2 has no node.
    expect(normalizeWorkflow(workflow, service("success")).deployment).toBeUndefined();
    expect(normalizeWorkflow(workflow, service("success", "success2")).deployment).toBeUndefined();
  });
});

describe("case 2: a fan-out production step succeeds only when every item did; it ends with the last", () => {
  it("many-items (Steps withItems, 13 pods): succeeded at the last finish, sleep(12:twelve) 16:04:59", () => {
    const { deployment, warnings } = normalizeWorkflow(load("many-items-z26lj"), service("sleep"));
    expect(deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2020-06-02T16:04:59.000Z") });
    expect(warnings).toEqual([]);
  });

  it("many-items with one region failed earlier (edit: sleep(8:eight) Failed at 16:04:42): a failed rollout at 16:04:59", () => {
    const workflow = load("many-items-z26lj");
    nodeNamed(workflow, "many-items-z26lj[0].sleep(8:eight)")[1].phase = "Failed";
    // Before: only the last finished pod was read (sleep(12:twelve), Succeeded) → a succeeded deployment.
    expect(normalizeWorkflow(workflow, service("sleep")).deployment).toMatchObject({ status: "failed", finishedMs: Date.parse("2020-06-02T16:04:59.000Z") });
  });

  it("subdag-iterate (DAG withItems over a sub-DAG): the task group and its 3 items, all succeeded at 01:51:08", () => {
    const workflow = load("subdag-iterate-jrfch");
    expect(normalizeWorkflow(workflow, service("echo-group")).deployment).toMatchObject({ status: "succeeded", finishedMs: Date.parse("2025-09-11T01:51:08.000Z") });
    // Edit: item (1:bar) failed (its phase only; the task group's is left as recorded).
    nodeNamed(workflow, "subdag-iterate-jrfch.echo-group(1:bar)")[1].phase = "Failed";
    expect(normalizeWorkflow(workflow, service("echo-group")).deployment).toMatchObject({ status: "failed", finishedMs: Date.parse("2025-09-11T01:51:08.000Z") });
  });
});
