// The fault matrix of issue #19: one case per failure the fault audit found, each against the demo
// recording behind the fault proxy on 127.0.0.1. Shared by the test (test/faults/fault-matrix.test.ts,
// in-process) and `npm run faults` (tools/faults/run-matrix.ts, one real process per case, which
// prints the table of docs/failure-modes.md).

import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import type { FaultBench } from "./harness.js";
import type { FaultRule } from "./fault-proxy.js";

export const ARGO_LIST = /^\/api\/v1\/archived-workflows\?/;
export const ARGO_GET = /^\/api\/v1\/archived-workflows\/[^?/]+$/;
export const COMPARE = /\/compare\//;
export const INCIDENTS = /QueryIncidentPreviews$/;

export interface MatrixContext {
  bench: FaultBench;
  /** A copy of the bench's config changed by `change`; returns its path. */
  config(change: (config: Record<string, any>) => void): string;
  /** A fresh directory. */
  temp(): string;
}

export interface CaseSetup {
  rules?: FaultRule[];
  /** Replaces the default `--config <bench config>`. */
  config?: string;
  /** Replaces the default window (--from 2026-08-18 --to 2026-11-16, the demo's 90 days). */
  window?: string[];
  /** After `report --format json` and the window. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs before the measured run (e.g. fills a cache); may set rules itself. */
  before?: (run: (args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>) => Promise<void>;
  /** Extra checks after the run (files, permissions). */
  after?: () => void;
}

export interface MatrixCase {
  /** The audit's bullet. */
  bullet: string;
  name: string;
  setup(ctx: MatrixContext): CaseSetup;
  code: number;
  /** The message: source and cause (every pattern must match stderr). */
  stderr: RegExp[];
  /** "clean": stdout is the clean run's JSON; "report": a JSON report checked by `report`; "none": nothing. */
  stdout: "clean" | "report" | "none";
  report?: (report: any, clean: any) => void;
}

const shiftedPage = (n: number) => JSON.stringify({
  incidentPreviews: [{ incidentID: `endless-${n}`, title: "endless", status: "active", isDrill: false, labels: [], createdTime: "2026-11-01T00:00:00Z", incidentStart: "2026-11-01T00:00:00Z" }],
  cursor: { hasMore: true, nextValue: `endless-${n + 1}` },
});

/** A quiet 30 % of the requests of every source: 429 with Retry-After: 1, and 503. */
const transient = (source: FaultRule["source"], path: RegExp): FaultRule[] => [
  { source, path, when: (n) => n % 10 === 1 || n % 10 === 4, fault: { kind: "status", status: 429, headers: { "retry-after": "1" }, body: '{"message":"slow down"}' } },
  { source, path, when: (n) => n % 10 === 7, fault: { kind: "status", status: 503, body: '{"message":"busy"}' } },
];

export const MATRIX: MatrixCase[] = [
  {
    bullet: "answers without data",
    name: "Grafana answers {} (no incidentPreviews, no cursor)",
    setup: () => ({ rules: [{ source: "incident", path: INCIDENTS, fault: { kind: "status", status: 200, body: "{}" } }] }),
    code: 3,
    stderr: [/^dora: incident: POST http:\/\/127\.0\.0\.1:\d+\/incident\/\S+QueryIncidentPreviews did not return incidentPreviews \(an array\) and cursor \(got \{\}\)$/m],
    stdout: "none",
  },
  {
    bullet: "answers without data",
    name: "an Argo list answers {} (no metadata)",
    setup: () => ({ rules: [{ source: "argo", path: ARGO_LIST, fault: { kind: "status", status: 200, body: "{}" } }] }),
    code: 3,
    stderr: [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?\S+ did not return a workflow list \(got \{\}\)$/m],
    stdout: "none",
  },
  {
    bullet: "answers without data",
    name: "an Argo list redirected (307) to another origin",
    setup: ({ bench }) => ({
      rules: [{ source: "argo", path: ARGO_LIST, fault: { kind: "status", status: 307, headers: { location: `${bench.server.baseUrls.argo}/api/v1/archived-workflows?namespace=argo` } } }],
    }),
    code: 3,
    stderr: [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?\S+ was redirected to another origin \(http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?namespace=argo\); dora does not follow an API call to another host$/m],
    stdout: "none",
  },
  {
    bullet: "unknown values",
    name: 'an incident with status "closed"',
    setup: () => ({
      rules: [{ source: "incident", path: INCIDENTS, times: 1, fault: { kind: "mutate", mutate: (page: any) => ({ ...page, incidentPreviews: page.incidentPreviews.map((p: any, i: number) => (i === 0 ? { ...p, status: "closed" } : p)) }) } }],
    }),
    code: 3,
    stderr: [/^dora: incident: 1 record\(s\) could not be read, so the figures would be wrong: \w+: incident \w+ has status "closed", not "active" or "resolved"; it is left out rather than counted as active$/m],
    stdout: "none",
  },
  {
    bullet: "unknown values",
    name: 'an incident created "0" at the top of the first page',
    setup: () => ({
      rules: [{ source: "incident", path: INCIDENTS, times: 1, fault: { kind: "mutate", mutate: (page: any) => ({ ...page, incidentPreviews: page.incidentPreviews.map((p: any, i: number) => (i === 0 ? { ...p, createdTime: "0" } : p)) }) } }],
      args: ["--allow-partial"],
    }),
    code: 3,
    stderr: [/^dora: the report is incomplete: 1 gap\(s\) in the data; the figures above are NOT complete:$/m, /incident \w+ has createdTime "0", which is not an RFC 3339 time/],
    stdout: "report",
    // Paging went on past the misdated incident: every other incident is the clean run's.
    report: (report, clean) => assert.equal(report.incidents.length, clean.incidents.length - 1),
  },
  {
    bullet: "hangs",
    name: "a per-uid GET that never answers",
    setup: () => ({ rules: [{ source: "argo", path: ARGO_GET, fault: { kind: "hang" } }], env: { DORA_TIMEOUT_MS: "300", DORA_RETRY_BUDGET_MS: "700" } }),
    code: 3,
    stderr: [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\/\S+ failed: no answer within \d+ ms \(after \d+ attempts in \d+\.\d s\)$/m],
    stdout: "none",
  },
  {
    bullet: "hangs",
    name: "a compare body that trickles a byte at a time",
    setup: () => ({ rules: [{ source: "github", path: COMPARE, fault: { kind: "trickle", everyMs: 20 } }], env: { DORA_TIMEOUT_MS: "300", DORA_RETRY_BUDGET_MS: "700" } }),
    code: 3,
    stderr: [/^dora: github: GitHub compare \S+ \w+\.\.\.\w+: GET http:\/\/127\.0\.0\.1:\d+\/github\/repos\/\S+\/compare\/\S+ failed: no answer within \d+ ms \(after \d+ attempts in \d+\.\d s\)$/m],
    stdout: "none",
  },
  {
    bullet: "hangs",
    name: "a 503 with Retry-After: 3600",
    setup: () => ({ rules: [{ source: "argo", path: ARGO_LIST, fault: { kind: "status", status: 503, headers: { "retry-after": "3600" }, body: '{"message":"maintenance"}' } }] }),
    code: 3,
    stderr: [
      /^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?\S+ → HTTP 503: the server asks dora to wait 60 min \(Retry-After\), longer than the 120 s it waits for one answer$/m,
      /^  fix: run again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m,
    ],
    stdout: "none",
  },
  {
    bullet: "hangs",
    name: "a fatal error while another request hangs: cancelled, prompt exit",
    // Grafana never answers (30 s attempt timeout); the Argo list is refused (401): the run must not wait for Grafana.
    setup: () => ({
      rules: [
        { source: "incident", path: INCIDENTS, fault: { kind: "hang" } },
        { source: "argo", path: ARGO_LIST, fault: { kind: "status", status: 401, body: '{"message":"token expired"}' } },
      ],
      env: { DORA_TIMEOUT_MS: "30000" },
    }),
    code: 3,
    stderr: [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?\S+ → HTTP 401 Unauthorized: token expired$/m, /fix: check the token in ARGO_TOKEN/],
    stdout: "none",
  },
  {
    bullet: "hangs",
    name: "--timeout 1s while every source hangs",
    setup: () => ({
      rules: (["argo", "github", "incident"] as const).map((source) => ({ source, fault: { kind: "hang" } as const })),
      args: ["--timeout", "1s"],
      env: { DORA_TIMEOUT_MS: "30000" },
    }),
    code: 3,
    stderr: [/^dora: run: --timeout 1s reached before the sources had answered; nothing was printed$/m],
    stdout: "none",
  },
  {
    bullet: "transient faults",
    name: "30 % of all requests 429 (Retry-After: 1) or 503",
    setup: () => ({
      rules: [...transient("argo", ARGO_LIST), ...transient("argo", ARGO_GET), ...transient("github", COMPARE), ...transient("github", /\/commits\//), ...transient("incident", INCIDENTS)],
    }),
    code: 0,
    stderr: [],
    stdout: "clean",
  },
  {
    bullet: "transient faults",
    name: "a GitHub 403 secondary limit that does not end (no Retry-After)",
    setup: () => ({
      rules: [{ source: "github", path: COMPARE, fault: { kind: "status", status: 403, body: '{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}' } }],
      env: { DORA_RETRY_BUDGET_MS: "700" },
    }),
    code: 3,
    stderr: [/^dora: github: GitHub compare .+: HTTP 403 You have exceeded a secondary rate limit/m, /^  fix: GitHub's secondary rate limit kept refusing \(too many requests at once\): retry later, or lower --concurrency$/m],
    stdout: "none",
  },
  {
    bullet: "bad records vanish",
    name: "a list item without metadata.uid",
    setup: () => ({
      rules: [{ source: "argo", path: /archived-workflows\?.*deploy-checkout/, fault: { kind: "mutate", mutate: (page: any) => ({ ...page, items: [...page.items, { metadata: { name: "deploy-checkout-nouid" }, status: { phase: "Succeeded" } }] }) } }],
    }),
    code: 3,
    stderr: [/^dora: argo: 1 record\(s\) could not be read, so the figures would be wrong: deploy-checkout-nouid: workflow deploy-checkout-nouid has no metadata\.uid; it is left out$/m, /fix: fix the records at the source, or run with --allow-partial/],
    stdout: "none",
  },
  {
    bullet: "overlapping services",
    name: "two services selecting the same workflows",
    setup: ({ config }) => ({
      config: config((c) => c.services.push({ ...c.services.find((s: any) => s.name === "checkout"), name: "checkout-copy", incidents: { labels: { service: "checkout-copy" } } })),
      args: ["--verbose"],
    }),
    code: 0,
    stderr: [/warning \[overlapping-services\] checkout, checkout-copy: the label selectors of services checkout and checkout-copy select the same \d+ workflow\(s\) \(deploy-checkout-/],
    stdout: "report",
    // 76 deployments in the clean run (fixtures/demo/EXPECTED.md): still 76, none for the copy.
    report: (report) => {
      assert.equal(report.overall.deploymentFrequency.deployments, 76);
      assert.equal(report.services["checkout-copy"].deploymentFrequency.deployments, 0);
    },
  },
  {
    bullet: "cache integrity",
    name: "a cache entry overwritten with {}",
    setup: ({ temp }) => {
      const dir = temp();
      return {
        args: ["--cache-dir", dir, "--verbose"],
        before: async (run) => {
          assert.equal((await run(["--cache-dir", dir])).code, 0);
          const files = readdirSync(dir).flatMap((sub) => readdirSync(join(dir, sub)).map((file) => join(dir, sub, file)));
          writeFileSync(files[0]!, "{}");
        },
      };
    },
    code: 0,
    stderr: [/^dora: cache: discarded the entry of http:\/\/127\.0\.0\.1:\d+\/\S+ \(not a cache entry\) and fetched it again$/m],
    // (the --verbose request lines go to stderr; stdout is the clean run's JSON)
    stdout: "clean",
  },
  {
    bullet: "hostile text on stderr",
    name: "an error body with terminal escapes",
    setup: () => ({
      rules: [{ source: "incident", path: INCIDENTS, fault: { kind: "status", status: 500, body: JSON.stringify({ message: "\u001b]0;pwned\u0007\u001b[31mred\u001b[0m alert\u0007" }) } }],
      env: { DORA_RETRY_BUDGET_MS: "300" },
    }),
    code: 3,
    stderr: [/^dora: incident: POST \S+ → HTTP 500 Internal Server Error: red alert \(after \d+ attempts in \d+\.\d s\)$/m, /^(?![\s\S]*[\u001b\u0007])/],
    stdout: "none",
  },
  {
    bullet: "configs and flags",
    name: "--since 100000000d",
    setup: () => ({ window: ["--since", "100000000d"] }),
    code: 2,
    stderr: [/^dora: --since "100000000d" is longer than 1827 days$/m, /fix: use a window from 1s to 1827d/],
    stdout: "none",
  },
  {
    bullet: "configs and flags",
    name: 'timezone: "" in the config',
    setup: ({ config }) => ({ config: config((c) => (c.timezone = "")) }),
    code: 2,
    stderr: [/^  timezone: expected an IANA time zone such as "UTC" or "Europe\/Berlin", not an empty string$/m],
    stdout: "none",
  },
  {
    bullet: "configs and flags",
    name: "--to far in the future",
    setup: () => ({ window: ["--since", "30d", "--to", "2090-01-01"] }),
    code: 2,
    stderr: [/^dora: --to "2090-01-01" is in the future/m],
    stdout: "none",
  },
  {
    bullet: "unbounded work from one answer",
    name: "a compare claiming total_commits 10 000 000",
    setup: () => ({ rules: [{ source: "github", path: COMPARE, fault: { kind: "mutate", mutate: (body: any) => ({ ...body, total_commits: 10_000_000 }) } }] }),
    code: 3,
    stderr: [/^dora: github: GitHub compare \S+ \w+\.\.\.\w+: the compare claims 10000000 commits, more than the 10000 dora reads in one comparison$/m],
    stdout: "none",
  },
  {
    bullet: "unbounded work from one answer",
    name: "an incident cursor that never ends",
    // The first (real) page claims more; every later page brings one new incident inside the window and claims more again.
    setup: () => ({
      rules: [
        { source: "incident", path: INCIDENTS, times: 1, fault: { kind: "mutate", mutate: (page: any) => ({ ...page, cursor: { hasMore: true, nextValue: "endless-1" } }) } },
        { source: "incident", path: INCIDENTS, fault: { kind: "answer", answer: (_path, n) => ({ status: 200, body: shiftedPage(n) }) } },
      ],
    }),
    code: 3,
    // The demo's window: 90 days + 90 days of lookback = 180 days, at most 100 incidents a day → 180 pages.
    stderr: [/^dora: incident: querying incidents did not end after 180 pages \(18000 incidents, more than the window can plausibly hold\)/m],
    stdout: "none",
  },
  {
    bullet: "odd exits",
    name: "Content-Encoding: gzip on a plain body",
    setup: () => ({ rules: [{ source: "argo", path: ARGO_LIST, fault: { kind: "status", status: 200, headers: { "content-encoding": "gzip" }, body: '{"items":[],"metadata":{}}' } }] }),
    code: 3,
    stderr: [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?\S+: the body could not be decoded as Content-Encoding "gzip" \(incorrect header check\)$/m],
    stdout: "none",
  },
];

/** Writes config copies and temp dirs for the cases. */
export function matrixContext(bench: FaultBench): MatrixContext {
  return {
    bench,
    config(change) {
      const config = YAML.parse(readFileSync(bench.configPath, "utf8"));
      change(config);
      const path = join(mkdtempSync("/tmp/dora-matrix-config-"), "dora.config.yaml");
      writeFileSync(path, YAML.stringify(config));
      return path;
    },
    temp: () => mkdtempSync("/tmp/dora-matrix-"),
  };
}
