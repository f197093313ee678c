import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { startFaultBench, type FaultBench } from "../faults/harness.js";
import type { FaultRule } from "../faults/fault-proxy.js";
import { runCli } from "../cli/run-cli.js";

// Each malformed record of fixtures/bad/ is slipped into the demo's API answers through the fault
// proxy. The report must name it in a warning (or say nothing when the record is legitimately
// ignored) and every other figure must be exactly the clean run's.

const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));
type Report = {
  overall: Record<string, any>;
  services: Record<string, Record<string, any>>;
  deployments: Array<Record<string, any>>;
  incidents: Array<Record<string, any>>;
  warnings: Array<{ code: string; message: string; subject?: string }>;
};

let bench: FaultBench;
let clean: Report;
beforeAll(async () => {
  bench = await startFaultBench();
  clean = JSON.parse((await bench.report()).stdout);
});
afterAll(() => bench.close());
beforeEach(async () => {
  await bench.proxy.idle();
  bench.proxy.reset();
});

/** The report's warnings that the clean run does not have. */
const newWarnings = (report: Report) => report.warnings.filter((warning) => !clean.warnings.some((old) => JSON.stringify(old) === JSON.stringify(warning)));
const withoutWarnings = ({ warnings: _warnings, ...rest }: Report) => rest;

async function reportWith(rules: FaultRule[]): Promise<Report> {
  bench.proxy.rules = rules;
  const run = await bench.report();
  expect(run.stderr).not.toMatch(/error/);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe("bad workflows (fixtures/bad/workflows): left out with a warning naming the run, or skipped as unfinished", () => {
  /** The list item the archive would show for a document (it carries no nodes). */
  const listItem = (document: any) => ({ metadata: document.metadata, spec: document.spec, ...(document.status ? { status: { ...document.status, nodes: undefined } } : {}) });
  /** Adds the document to checkout's list page and answers its GET by uid. */
  const inject = (document: any): FaultRule[] => [
    {
      source: "argo",
      path: /archived-workflows\?.*deploy-checkout/,
      fault: { kind: "mutate", mutate: (page: any) => ({ ...page, items: [...page.items, listItem(document)] }) },
    },
    { source: "argo", path: new RegExp(`archived-workflows/${document.metadata.uid}$`), fault: { kind: "status", status: 200, body: JSON.stringify(document) } },
  ];

  const cases: Array<[string, string | undefined, RegExp | undefined]> = [
    // A run without a status has not started, and a Running one has not finished: skipped without a GET.
    ["missing-status", undefined, undefined],
    ["phase-running", undefined, undefined],
    ["finished-at-null", "workflow-without-finish", /deploy-checkout-badxx ran its production step "deploy-production" but has no finishedAt; it is left out/],
    ["nodes-without-times", "workflow-without-finish", /deploy-checkout-badxx ran its production step "deploy-production" but has no finishedAt/],
    ["no-nodes", "workflow-without-nodes", /deploy-checkout-badxx has no status.nodes, so its production step "deploy-production" cannot be found/],
    ["no-sha-parameter", "missing-commit-sha", /deploy-checkout-badxx has no commit SHA in parameter:commit-sha; it is left out/],
    ["sha-not-hex", "invalid-commit-sha", /deploy-checkout-badxx has "release-2026.10; rm -rf \/" in parameter:commit-sha, which is not a commit SHA/],
  ];

  it.each(cases)("%s", async (name, code, message) => {
    const document = read(`fixtures/bad/workflows/${name}.json`);
    const rules = inject(document);
    const report = await reportWith(rules);
    expect(withoutWarnings(report)).toEqual(withoutWarnings(clean));
    if (code === undefined) {
      expect(newWarnings(report)).toEqual([]);
      expect(rules[1]!.seen ?? 0).toBe(0); // never fetched
    } else {
      expect(newWarnings(report)).toEqual([{ code, subject: "deploy-checkout-badxx", message: expect.stringMatching(message!) }]);
      expect(rules[1]!.injected).toBe(1);
    }
  });

  it("duplicate uids (a run listed twice, as when new archives shift the offsets): counted once, fetched once", async () => {
    let duplicated: any;
    const rules: FaultRule[] = [
      {
        source: "argo",
        path: /archived-workflows\?.*deploy-checkout/,
        fault: { kind: "mutate", mutate: (page: any) => ((duplicated = page.items[0]), { ...page, items: [...page.items, page.items[0], page.items[0]] }) },
      },
    ];
    bench.proxy.rules = rules;
    const before = bench.server.requests.length;
    const report = await reportWith(rules);
    expect(report).toEqual(clean);
    const gets = bench.server.requests.slice(before).filter((request) => request.path.endsWith(`/archived-workflows/${duplicated.metadata.uid}`));
    expect(gets).toHaveLength(1);
  });
});

describe("bad compares (fixtures/bad/compares): only that deployment's changes differ", () => {
  // deploy-backstage-wxgg4 (sha 0ee1ab7…) brings 2 commits in the demo (ad3a20f...0ee1ab7). The
  // commit graph lists them in backstage's graph compare, so the bad answers are applied to every
  // compare that lists them: the fixture's versions of those commits (or none), or its status.
  const target = () => clean.deployments.find((deployment) => deployment.sha.startsWith("0ee1ab7"))!;
  const cleanChanges = () => (clean as unknown as { changes: Array<{ deploymentId: string; sha: string }> }).changes;
  const targetShas = () => new Set(cleanChanges().filter((change) => change.deploymentId === target().id).map((change) => change.sha));
  const inject = (name: string): FaultRule[] => {
    const { body: bad } = read(`fixtures/bad/compares/${name}.json`) as { body: { status: string; commits: Array<{ sha: string }> } };
    const replacements = new Map(bad.commits.map((commit) => [commit.sha, commit]));
    const mutate = (body: unknown) => {
      const page = body as { status: string; commits: Array<{ sha: string }> };
      if (!page.commits.some((commit) => targetShas().has(commit.sha))) return page;
      const commits = page.commits.flatMap((commit) => (targetShas().has(commit.sha) ? (replacements.has(commit.sha) ? [replacements.get(commit.sha)!] : []) : [commit]));
      return { ...page, status: bad.status, commits };
    };
    return [{ source: "github", path: /\/compare\//, fault: { kind: "mutate", mutate } }];
  };

  it("0 commits: the graph loses the deployment's first commit; it counts its head commit alone, the rest is unchanged", async () => {
    const report = await reportWith(inject("zero-commits"));
    expect(target().changes).toBe(2);
    // No compare lists its 2 commits; the compare from the graph's tip answers `behind` with 0ee1ab7
    // as merge base, so the graph holds the head (not its parent): 1 change, 2 − 1 = 1 lost.
    expect(report.deployments.find((deployment) => deployment.sha.startsWith("0ee1ab7"))!.changes).toBe(1);
    expect(report.overall.leadTime.changes).toBe(clean.overall.leadTime.changes - 1);
    expect(report.overall.deploymentFrequency).toEqual(clean.overall.deploymentFrequency);
    expect(report.overall.changeFailureRate).toEqual(clean.overall.changeFailureRate);
    expect(report.services.checkout).toEqual(clean.services.checkout);
    expect(report.services.search).toEqual(clean.services.search);
  });

  it("diverged status: its commits still count (the graph decides, not the status): the clean run's report", async () => {
    expect(await reportWith(inject("diverged"))).toEqual(clean);
  });

  it("commits without dates: a missing-commit-date warning each; they leave the lead-time figures, the rest is unchanged", async () => {
    const report = await reportWith(inject("commits-without-dates"));
    const added = newWarnings(report);
    expect(added.map((warning) => warning.code)).toEqual(["missing-commit-date", "missing-commit-date"]);
    expect(report.overall.leadTime.changes).toBe(clean.overall.leadTime.changes - 2);
    expect(report.overall.deploymentFrequency).toEqual(clean.overall.deploymentFrequency);
    expect(report.services.checkout).toEqual(clean.services.checkout);
  });
});

describe("bad incidents (fixtures/bad/incidents)", () => {
  const inject = (name: string): FaultRule[] => [
    {
      source: "incident",
      path: /QueryIncidentPreviews$/,
      fault: { kind: "mutate", mutate: (page: any) => ({ ...page, incidentPreviews: [...page.incidentPreviews, read(`fixtures/bad/incidents/${name}.json`)] }) },
    },
  ];

  it('"" times: left out with incident-without-start, everything else unchanged', async () => {
    const report = await reportWith(inject("empty-times"));
    expect(newWarnings(report)).toEqual([{ code: "incident-without-start", subject: "9002", message: expect.stringMatching(/incident 9002 has neither a readable incidentStart nor createdTime/) }]);
    expect(withoutWarnings(report)).toEqual(withoutWarnings(clean));
  });

  it("resolved before started: negative-restore-time; counted as an incident, its restore time left out", async () => {
    const report = await reportWith(inject("resolved-before-started"));
    expect(newWarnings(report)).toEqual([{ code: "negative-restore-time", subject: "9003", message: expect.stringMatching(/incident 9003 is resolved .* before it started/) }]);
    // search: 2 incidents (1046, 1049) → 3; restore mean/median over the 2 resolved ones as before.
    const restore = report.services.search!.timeToRestore;
    expect(restore.incidents).toBe(3);
    expect(restore.medianSeconds).toBe(clean.services.search!.timeToRestore.medianSeconds);
    expect(restore.meanSeconds).toBe(clean.services.search!.timeToRestore.meanSeconds);
    // No search deployment in the 24 h before 2026-10-17T12:00 (10-09 → 10-22): no failure, no rework.
    expect(report.overall.changeFailureRate).toEqual(clean.overall.changeFailureRate);
    expect(report.overall.reworkRate).toEqual(clean.overall.reworkRate);
    expect(report.overall.deploymentFrequency).toEqual(clean.overall.deploymentFrequency);
  });

  it.each(["no-labels", "unknown-labels"])("%s: matches no service, counted nowhere, named in unmatched-incidents", async (name) => {
    const report = await reportWith(inject(name));
    // The demo already has one unmatched incident (1043): now two.
    expect(report.warnings.find((warning) => warning.code === "unmatched-incidents")!.message).toMatch(/^2 incidents in the window match no configured service/);
    expect(report.overall).toEqual(clean.overall);
    expect(report.services).toEqual(clean.services);
  });

  it("a drill (isDrill: true) that the server failed to filter: dropped, the clean run's report", async () => {
    expect(await reportWith(inject("drill"))).toEqual(clean);
  });

  it("a duplicate incidentID: read once (the first), the clean run's report", async () => {
    expect(await reportWith(inject("duplicate"))).toEqual(clean);
  });
});

describe("bad configs (fixtures/bad/configs): exit 2 naming the key, before any request", () => {
  const files = readdirSync("fixtures/bad/configs").filter((name) => name.endsWith(".yaml"));
  it("covers every section", () => expect(files.length).toBeGreaterThanOrEqual(12));

  it.each(files)("%s", async (file) => {
    const path = `fixtures/bad/configs/${file}`;
    // Each file's first line: "# expect: <text the error must contain>".
    const expected = /^# expect: (.+)$/m.exec(readFileSync(path, "utf8"))![1]!;
    const run = await runCli(["report", "--demo", "--config", path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(expected);
  });
});
