import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { upstreamDocument } from "../../upstream-documents.js";

// A local Argo Server archive (docs/api-shapes.md) over real Workflow documents: the list pages by
// integer offset over startedAt DESC with limit+1 look-ahead, returns reduced items (no status.nodes)
// and `items: null` when empty; GET by uid returns the full document or 404.

export type Workflow = {
  metadata: Record<string, unknown> & { name: string; uid: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, unknown> & { arguments?: { parameters?: Array<{ name: string; value?: string }> } };
  status: Record<string, unknown> & { phase?: string; startedAt?: string | null; finishedAt?: string | null };
};

export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
}

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

function reduce(workflow: Workflow, withArguments: boolean): Record<string, unknown> {
  const { name, namespace, uid, creationTimestamp, labels, annotations } = workflow.metadata;
  const { phase, startedAt, finishedAt, progress } = workflow.status;
  return {
    metadata: { name, namespace, uid, creationTimestamp, labels: { ...labels, "workflows.argoproj.io/workflow-archiving-status": "Persisted" }, annotations },
    spec: withArguments ? { arguments: workflow.spec.arguments } : {},
    status: { phase, startedAt, finishedAt, progress },
  };
}

export interface FakeArchive {
  url: string;
  requests: RecordedRequest[];
  archive: Workflow[];
  /** Before v3.7.12 list items carried no spec.arguments. */
  listArguments: boolean;
  /** Before v3.4.5 the `namespace` query parameter did not exist (ignored: every namespace listed). */
  ignoresNamespaceParameter?: boolean;
  /** A server or proxy that also drops the field selector's metadata.namespace. */
  ignoresNamespaceFieldSelector?: boolean;
  /** Answers a request instead of the archive (return true when handled). */
  intercept?: (request: IncomingMessage, response: ServerResponse, count: number) => boolean;
  /** Called after each list page was served (to archive new runs between pages). */
  afterListPage?: (selector: string, offset: number) => void;
  close(): Promise<void>;
}

const startedMs = (workflow: Workflow) => (workflow.status.startedAt ? Date.parse(workflow.status.startedAt) : -Infinity);

export async function startFakeArchive(): Promise<FakeArchive> {
  const fake: FakeArchive = {
    url: "",
    requests: [],
    archive: [],
    listArguments: true,
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    fake.requests.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization });
    if (fake.intercept?.(request, response, fake.requests.length)) return;
    const url = new URL(request.url!, "http://127.0.0.1");
    response.setHeader("content-type", "application/json");
    if (url.pathname === "/api/v1/archived-workflows") {
      // Field selector terms as server/workflowarchive reads them (prefix match, anything else is an error).
      let namespace = fake.ignoresNamespaceParameter ? "" : (url.searchParams.get("namespace") ?? "");
      let min = -Infinity;
      let max = Infinity;
      for (const term of (url.searchParams.get("listOptions.fieldSelector") ?? "").split(",").filter(Boolean)) {
        if (term.startsWith("metadata.namespace=")) {
          if (!fake.ignoresNamespaceFieldSelector) namespace = term.slice("metadata.namespace=".length);
        } else if (term.startsWith("spec.startedAt>")) min = Date.parse(term.slice("spec.startedAt>".length));
        else if (term.startsWith("spec.startedAt<")) max = Date.parse(term.slice("spec.startedAt<".length));
        else {
          response.statusCode = 500;
          response.end(JSON.stringify({ code: 2, message: `unsupported requirement ${term}` }));
          return;
        }
      }
      const [key, value] = (url.searchParams.get("listOptions.labelSelector") ?? "").split("=");
      const limit = Number(url.searchParams.get("listOptions.limit") ?? "0");
      const offset = Number(url.searchParams.get("listOptions.continue") ?? "0");
      const rows = fake.archive
        // An empty namespace lists every namespace.
        .filter((w) => (namespace === "" || w.metadata.namespace === namespace) && w.metadata.labels[key!] === value)
        // The archive's startedAt bounds are inclusive (>= and <=).
        .filter((w) => startedMs(w) >= min && startedMs(w) <= max)
        .sort((a, b) => startedMs(b) - startedMs(a));
      const page = rows.slice(offset, offset + limit);
      const more = rows.length > offset + limit;
      response.end(
        JSON.stringify({
          metadata: more ? { continue: String(offset + limit) } : {},
          items: page.length === 0 ? null : page.map((w) => reduce(w, fake.listArguments)),
        }),
      );
      fake.afterListPage?.(`${key}=${value}`, offset);
      return;
    }
    const get = /^\/api\/v1\/archived-workflows\/([^/]+)$/.exec(url.pathname);
    const workflow = get ? fake.archive.find((w) => w.metadata.uid === decodeURIComponent(get[1]!)) : undefined;
    if (!workflow) {
      response.statusCode = 404;
      response.end(JSON.stringify({ code: 5, message: "not found" }));
      return;
    }
    response.end(JSON.stringify(workflow));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
