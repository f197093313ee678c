import { upstreamDocument } from "../../upstream-documents.js";

// Real Workflow documents (fixtures/upstream/argo) dressed as runs of a template, for the emulator's
// Argo archive (src/emulator: offset paging over startedAt DESC with limit+1 look-ahead, reduced list
// items, `items: null` when empty, GET by uid).

export type Workflow = {
  metadata: Record<string, unknown> & { name: string; uid: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown> & { arguments?: { parameters?: Array<{ name: string; value?: string }> } };
  status: Record<string, unknown> & { phase?: string; startedAt?: string | null; finishedAt?: string | null };
};

export function loadSample(name: string, template: string, sha: string): Workflow {
  const workflow = upstreamDocument<Workflow>(`argo/${name}.json`);
  workflow.metadata.namespace = "argo";
  workflow.metadata.labels = { ...workflow.metadata.labels, "workflows.argoproj.io/workflow-template": template };
  workflow.spec.arguments = { parameters: [...(workflow.spec.arguments?.parameters ?? []), { name: "commit-sha", value: sha }] };
  return workflow;
}

/** A copy of a sample as another run (new name, uid and times). */
export function cloneRun(base: Workflow, name: string, uid: string, status: Partial<Workflow["status"]>): Workflow {
  const copy = structuredClone(base);
  copy.metadata.name = name;
  copy.metadata.uid = uid;
  Object.assign(copy.status, status);
  return copy;
}
