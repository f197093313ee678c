import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { configSchema } from "../../src/config/schema.js";
import { createApiEmulator, loadRecording, startReplayServer, type ApiEmulator, type Recording } from "../../src/sources/replay/index.js";
import { buildDemo, DEMO_DIR } from "../../tools/generate-demo.js";

type Workflow = {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  spec: { arguments: { parameters: Array<{ name: string; value: string }> } };
  status: { phase: string; startedAt: string; nodes?: Record<string, { displayName: string; type: string; phase: string; finishedAt: string }> };
};
type Page = { metadata: { continue?: string }; items: Workflow[] | null };

let recording: Recording;
let emulator: ApiEmulator;
const demo = buildDemo();

beforeAll(async () => {
  recording = await loadRecording(DEMO_DIR);
  emulator = createApiEmulator(recording);
});

/** Pages through the archive like the Argo client: limit 20 to exercise continue offsets. */
function listAll(service: string, from: string, to: string): { items: Workflow[]; pages: number } {
  const items: Workflow[] = [];
  let offset: string | undefined;
  let pages = 0;
  do {
    const query = new URLSearchParams({
      namespace: "argo",
      "listOptions.labelSelector": `workflows.argoproj.io/workflow-template=deploy-${service}`,
      "listOptions.fieldSelector": `spec.startedAt>${from},spec.startedAt<${to}`,
      "listOptions.limit": "20",
      ...(offset ? { "listOptions.continue": offset } : {}),
    });
    const response = emulator.handle("argo", { method: "GET", path: `/api/v1/archived-workflows?${query.toString()}` });
    expect(response.status).toBe(200);
    const page = response.body as Page;
    items.push(...(page.items ?? []));
    offset = page.metadata.continue;
    pages++;
  } while (offset);
  return { items, pages };
}

describe("demo dataset", () => {
  it("ships a config that validates against the schema, with the three services", async () => {
    const config = configSchema.parse(YAML.parse(await readFile(recording.configPath, "utf8")));
    expect(config.services.map((service) => [service.name, service.repo, service.workflows.labelSelector])).toEqual([
      ["backstage", "grafana/backstage", "workflows.argoproj.io/workflow-template=deploy-backstage"],
      ["checkout", "acme/checkout", "workflows.argoproj.io/workflow-template=deploy-checkout"],
      ["search", "acme/search", "workflows.argoproj.io/workflow-template=deploy-search"],
    ]);
    expect(config.lookback).toBe("90d");
    expect(recording.meta).toMatchObject({ now: "2026-11-16T00:00:00Z", since: "90d" });
  });

  it("is exactly what the generator produces (regenerate with npx tsx tools/generate-demo.ts)", () => {
    // the generator emits argo, github, incident in file order, which is the order loadRecording reads
    expect(recording.exchanges).toEqual(demo.exchanges.map((named) => named.exchange));
  });

  it("lists every run of a service in window + lookback through paged archive lists", () => {
    for (const service of ["backstage", "checkout", "search"]) {
      const { items, pages } = listAll(service, "2026-05-20T00:00:00Z", "2026-11-16T00:00:00Z");
      const runs = demo.data.runs.filter((run) => run.service === service);
      expect(items.map((item) => item.metadata.uid).sort()).toEqual(runs.map((run) => run.uid).sort());
      expect(pages).toBe(Math.ceil(runs.length / 20));
      expect(items.every((item) => item.status.nodes === undefined)).toBe(true);
    }
  });

  it("search starts in the window: nothing in the lookback, first run on 2026-08-24", () => {
    expect(listAll("search", "2026-05-20T00:00:00Z", "2026-08-18T00:00:00Z").items).toEqual([]);
    const first = listAll("search", "2026-08-18T00:00:00Z", "2026-11-16T00:00:00Z").items.at(-1)!;
    expect(first.status.startedAt.slice(0, 10)).toBe("2026-08-24");
  });

  it("answers GET by uid for every listed run, with the production step only on runs that reached it", () => {
    let reachedProduction = 0;
    for (const run of demo.data.runs) {
      const response = emulator.handle("argo", { method: "GET", path: `/api/v1/archived-workflows/${run.uid}?namespace=argo` });
      expect(response.status).toBe(200);
      const workflow = response.body as Workflow;
      const production = Object.values(workflow.status.nodes!).find((node) => node.displayName === "deploy-production");
      if (production) reachedProduction++;
      expect(production !== undefined).toBe(run.outcome === "succeeded" || run.outcome === "failed-production");
      expect(workflow.spec.arguments.parameters[0]).toEqual({ name: "commit-sha", value: run.sha });
    }
    // all runs except the one stopped at approval and the one that failed in staging
    expect(reachedProduction).toBe(demo.data.runs.length - 2);
  });

  it("scripted runs have the documented node outcomes", () => {
    const nodesOf = (tag: string) => {
      const run = demo.data.runs.find((candidate) => candidate.tag === tag)!;
      const workflow = emulator.handle("argo", { method: "GET", path: `/api/v1/archived-workflows/${run.uid}` }).body as Workflow;
      return { workflow, nodes: Object.fromEntries(Object.values(workflow.status.nodes!).map((node) => [node.displayName, node])) };
    };
    const failed = nodesOf("failed-rollout");
    expect(failed.workflow.status.phase).toBe("Failed");
    expect(failed.nodes["deploy-production"]).toMatchObject({ phase: "Failed", finishedAt: "2026-10-08T11:00:00Z" });
    const stopped = nodesOf("stopped-at-approval");
    expect(stopped.nodes.approve).toMatchObject({ type: "Suspend", phase: "Failed", finishedAt: "2026-10-21T12:00:00Z" });
    expect(stopped.nodes["deploy-production"]).toBeUndefined();
    const staging = nodesOf("failed-staging");
    expect(staging.nodes["deploy-staging"]).toMatchObject({ phase: "Failed", finishedAt: "2026-10-14T09:30:00Z" });
    expect(Object.keys(staging.nodes).sort()).toEqual(["build", staging.workflow.metadata.name, "deploy-staging"].sort());
    expect(nodesOf("redeploy").nodes["deploy-production"]).toMatchObject({ phase: "Succeeded", finishedAt: "2026-09-02T15:00:00Z" });
  });

  it("answers the compares of consecutive deployments, with the rollback behind by 2", () => {
    const rollback = demo.data.runs.find((run) => run.tag === "rollback")!;
    const bad = demo.data.runs.find((run) => run.tag === "bad-release")!;
    const behind = emulator.handle("github", { method: "GET", path: `/repos/grafana/backstage/compare/${bad.sha}...${rollback.sha}?per_page=100` });
    expect(behind.status).toBe(200);
    expect(behind.body).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 2, total_commits: 0, commits: [] });
    const forward = demo.data.runs.find((run) => run.tag === "roll-forward")!;
    // rollback head → roll-forward head: the 2 bad-release commits + 2 fix commits, cut in pages of 3
    const page1 = emulator.handle("github", { method: "GET", path: `/repos/grafana/backstage/compare/${rollback.sha}...${forward.sha}?per_page=3&page=1` });
    const page2 = emulator.handle("github", { method: "GET", path: `/repos/grafana/backstage/compare/${rollback.sha}...${forward.sha}?per_page=3&page=2` });
    expect((page1.body as { total_commits: number; commits: unknown[] }).total_commits).toBe(4);
    expect((page1.body as { commits: unknown[] }).commits).toHaveLength(3);
    expect((page2.body as { commits: Array<{ sha: string }> }).commits.map((commit) => commit.sha)).toEqual([forward.sha]);
    for (const run of demo.data.runs) {
      const commit = emulator.handle("github", { method: "GET", path: `/repos/${run.repo}/commits/${run.sha}` });
      expect(commit.status).toBe(200);
    }
  });

  it("returns the 10 non-drill incidents (11 recorded, 1 drill) newest first", () => {
    const response = emulator.handle("incident", {
      method: "POST",
      path: "/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews",
      body: { query: { limit: 100, orderDirection: "DESC", orderField: "createdTime", queryString: "isdrill:false" } },
    });
    const body = response.body as { incidentPreviews: Array<{ incidentID: string }>; cursor: { hasMore: boolean } };
    expect(body.incidentPreviews.map((preview) => preview.incidentID)).toEqual(["1050", "1049", "1048", "1047", "1046", "1045", "1043", "1042", "1041", "1040"]);
    expect(body.cursor.hasMore).toBe(false);
  });

  it("serves the demo over HTTP to real clients", async () => {
    const server = await startReplayServer(recording);
    try {
      const run = demo.data.runs[0]!;
      const response = await fetch(`${server.baseUrls.argo}/api/v1/archived-workflows/${run.uid}`);
      expect(((await response.json()) as Workflow).metadata.name).toBe(run.name);
      expect(server.requests).toEqual([{ source: "argo", method: "GET", path: `/api/v1/archived-workflows/${run.uid}` }]);
    } finally {
      await server.close();
    }
  });
});

describe("EXPECTED.md", () => {
  it("is up to date with the generator", async () => {
    const { renderExpected } = await import("../../tools/demo/expected-md.js");
    expect(await readFile(join(DEMO_DIR, "EXPECTED.md"), "utf8")).toBe(renderExpected(demo.data, demo.expected));
  });
});
