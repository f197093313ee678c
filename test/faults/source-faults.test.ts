import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFaultBench, type FaultBench } from "./harness.js";
import type { FaultRule } from "./fault-proxy.js";

// Every fault is injected between the real clients and the replay server of fixtures/demo. A fault
// the clients recover from must give exactly the clean run's JSON; one they cannot must stop the run
// with exit 3, nothing on stdout, and a message naming the source, the URL and the status.

const ARGO_LIST = /^\/api\/v1\/archived-workflows\?/;
const ARGO_GET = /^\/api\/v1\/archived-workflows\/[^?/]+$/;
const COMPARE = /\/compare\//;
const INCIDENTS = /QueryIncidentPreviews$/;

let bench: FaultBench;
let clean: string;

beforeAll(async () => {
  bench = await startFaultBench();
  const run = await bench.report();
  expect(run.code).toBe(0);
  clean = run.stdout;
  // The clean run: 76 deployments, 6 failed (fixtures/demo/EXPECTED.md).
  expect(JSON.parse(clean).overall.deploymentFrequency.deployments).toBe(76);
});
afterAll(() => bench.close());
beforeEach(async () => {
  await bench.proxy.idle();
  bench.proxy.reset();
});

const rateLimitBody = JSON.stringify({ message: "API rate limit exceeded for user ID 1.", documentation_url: "https://docs.github.com/rest" });
const secondaryBody = JSON.stringify({ message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
const inSeconds = (seconds: number) => String(Math.floor(Date.now() / 1000) + seconds);

describe("faults the clients recover from give the clean run's JSON", () => {
  const cases: Array<[string, FaultRule[], NodeJS.ProcessEnv?]> = [
    [
      "429 with Retry-After on every source",
      [
        { source: "argo", path: ARGO_LIST, times: 2, fault: { kind: "status", status: 429, headers: { "retry-after": "1" } } },
        { source: "github", path: COMPARE, times: 2, fault: { kind: "status", status: 429, headers: { "retry-after": "1" }, body: secondaryBody } },
        { source: "incident", path: INCIDENTS, times: 2, fault: { kind: "status", status: 429, headers: { "retry-after": "1" } } },
      ],
    ],
    [
      "GitHub primary rate limit (403, x-ratelimit-remaining 0, reset in 1 s)",
      [
        {
          source: "github",
          path: COMPARE,
          times: 1,
          fault: { kind: "status", status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000", "x-ratelimit-reset": inSeconds(1) }, body: rateLimitBody },
        },
      ],
    ],
    [
      "GitHub secondary rate limit (403 with retry-after)",
      [{ source: "github", path: COMPARE, times: 2, fault: { kind: "status", status: 403, headers: { "retry-after": "1" }, body: secondaryBody } }],
    ],
    [
      "bursts of 500, 502 and 503",
      [
        { source: "argo", path: ARGO_GET, times: 3, fault: { kind: "status", status: 503, body: "{}" } },
        { source: "argo", path: ARGO_LIST, times: 2, fault: { kind: "status", status: 502, body: "<html>bad gateway</html>", headers: { "content-type": "text/html" } } },
        { source: "github", path: COMPARE, times: 2, fault: { kind: "status", status: 500, body: "{}" } },
        // The second page of a commit-graph compare.
        { source: "github", path: /\/compare\/.*[?&]page=2/, times: 2, fault: { kind: "status", status: 502, body: "{}" } },
        { source: "incident", path: INCIDENTS, times: 3, fault: { kind: "status", status: 503, body: "{}" } },
      ],
    ],
    [
      "a connection reset in the middle of a body",
      [
        { source: "argo", path: ARGO_LIST, times: 1, fault: { kind: "reset-mid-body" } },
        { source: "argo", path: ARGO_GET, times: 1, fault: { kind: "reset-mid-body" } },
        { source: "github", path: COMPARE, times: 1, fault: { kind: "reset-mid-body" } },
        { source: "incident", path: INCIDENTS, times: 1, fault: { kind: "reset-mid-body" } },
      ],
    ],
    [
      "a hung response (the attempt times out and is retried)",
      [
        { source: "argo", path: ARGO_GET, times: 1, fault: { kind: "hang" } },
        { source: "github", path: COMPARE, times: 1, fault: { kind: "hang" } },
        { source: "incident", path: INCIDENTS, times: 1, fault: { kind: "hang" } },
      ],
      { DORA_TIMEOUT_MS: "300" },
    ],
  ];

  it.each(cases)("%s", async (_name, rules, env) => {
    bench.proxy.rules = rules;
    const run = await bench.report([], env);
    expect(run.stderr).not.toContain("error");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(clean);
    // Each fault really happened as often as asked.
    for (const rule of rules) expect(rule.injected, `${rule.source} ${String(rule.path)}`).toBe(rule.times);
  });
});

describe("faults that cannot be recovered from stop the run: exit 3, no figures, source + URL + status", () => {
  const cases: Array<[string, FaultRule[], RegExp[], NodeJS.ProcessEnv?]> = [
    [
      "a 503 that never ends (Argo list of one service)",
      [{ source: "argo", path: /deploy-checkout/, fault: { kind: "status", status: 503, body: '{"message":"archive database unavailable"}' } }],
      [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?.*deploy-checkout.* → HTTP 503 Service Unavailable: archive database unavailable \(after 5 attempts\)/m],
    ],
    [
      "a 500 that never ends (GitHub compare)",
      [{ source: "github", path: COMPARE, fault: { kind: "status", status: 500, body: '{"message":"Server Error"}' } }],
      [/^dora: github: GitHub compare /m, /HTTP 500 Server Error/, /http:\/\/127\.0\.0\.1:\d+\/github\/repos\/[^ ]+\/compare\//],
    ],
    [
      "a truncated JSON body with 200 (Argo workflow)",
      [{ source: "argo", path: ARGO_GET, times: 1, fault: { kind: "truncate" } }],
      [/^dora: argo: GET http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\/[^ ]+ → HTTP 200: expected JSON, got \(application\/json\) "\{"apiVersion"/m],
    ],
    [
      "a truncated JSON body with 200 (GitHub compare)",
      [{ source: "github", path: COMPARE, times: 1, fault: { kind: "truncate" } }],
      [/^dora: github: GitHub compare [^ ]+ \w+\.\.\.\w+: HTTP 200 \(http:\/\/127\.0\.0\.1:\d+\/github\/repos\/[^ ]+\/compare\/[^ ]+\): expected JSON, got "\{"/m],
    ],
    [
      "a non-JSON body (Grafana)",
      [{ source: "incident", path: INCIDENTS, fault: { kind: "status", status: 200, headers: { "content-type": "text/plain" }, body: "OK" } }],
      [/^dora: incident: /m, /HTTP 200: expected JSON, got \(text\/plain\) "OK"/, /QueryIncidentPreviews → HTTP 200/],
    ],
    [
      "an HTML error page with status 200 (GitHub, behind a login proxy)",
      [{ source: "github", path: COMPARE, fault: { kind: "status", status: 200, headers: { "content-type": "text/html" }, body: "<html><body>Please sign in</body></html>" } }],
      [/^dora: github: GitHub compare .*: HTTP 200 \(http:\/\/127\.0\.0\.1:\d+\/github\/repos\/[^ ]+\/compare\/[^ ]+\): expected JSON, got "<html><body>Please sign in/m],
    ],
    [
      "an HTML error page with status 200 (Argo)",
      [{ source: "argo", path: ARGO_LIST, fault: { kind: "status", status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: "<!doctype html><title>Sign in</title>" } }],
      [/^dora: argo: .*expected JSON, got \(text\/html; charset=utf-8\) "<!doctype html><title>Sign in<\/title>"/m, /archived-workflows\?.* → HTTP 200/],
    ],
    [
      "an incident page with `error` in a 200",
      [{ source: "incident", path: INCIDENTS, fault: { kind: "status", status: 200, body: '{"error":"plugin is not enabled for this stack"}' } }],
      [/^dora: incident: POST http:\/\/127\.0\.0\.1:\d+\/incident\/[^ ]+QueryIncidentPreviews → error: plugin is not enabled for this stack$/m, /^  status: HTTP 200$/m, /fix: check incidents.plugin/],
    ],
    [
      "a response that never comes (every attempt times out)",
      [{ source: "incident", path: INCIDENTS, fault: { kind: "hang" } }],
      // A timeout has no HTTP status: the message says there was no answer.
      [/^dora: incident: POST http:\/\/127\.0\.0\.1:\d+\/incident\/[^ ]+QueryIncidentPreviews failed: no answer within 200 ms \(after 5 attempts\)/m],
      { DORA_TIMEOUT_MS: "200" },
    ],
    [
      "a connection reset on every attempt (GitHub)",
      [{ source: "github", path: COMPARE, fault: { kind: "reset-mid-body" } }],
      [/^dora: github: GitHub compare .*request failed: the response body was cut off/m, /request: http:\/\/127\.0\.0\.1:\d+\/github\/repos\/[^ ]+\/compare\//],
    ],
    [
      "a GitHub primary rate limit that resets in an hour",
      [
        {
          source: "github",
          path: COMPARE,
          fault: { kind: "status", status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": inSeconds(3600) }, body: rateLimitBody },
        },
      ],
      [/^dora: github: GitHub compare .*: HTTP 403 API rate limit exceeded for user ID 1\. \(http:\/\/127\.0\.0\.1:\d+\/github\/repos\/[^ ]+\/compare\/[^ ]+\)$/m, /fix: the GitHub rate limit is exhausted \(it resets at \d{4}-\d\d-\d\dT/],
    ],
    [
      "Argo pagination that repeats the same page",
      // Every list page claims there is more, at offset 1: the next page brings only workflows already seen.
      [{ source: "argo", path: ARGO_LIST, fault: { kind: "mutate", mutate: (body) => ({ ...(body as object), metadata: { continue: "1" } }) } }],
      [/^dora: argo: listing archived workflows is not advancing: .*\(http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?.*listOptions\.continue=1\)$/m, /^  status: HTTP 200$/m],
    ],
    [
      "Argo pagination that never ends (bounded by the page limit)",
      [
        {
          source: "argo",
          path: ARGO_LIST,
          fault: {
            kind: "mutate",
            mutate: (body, path) => {
              const offset = Number(/listOptions\.continue=(\d+)/.exec(path)?.[1] ?? 0);
              const items = [...((body as { items?: unknown[] }).items ?? []), { metadata: { uid: `endless-${offset}`, name: `endless-${offset}` }, status: { phase: "Running" } }];
              return { items, metadata: { continue: String(offset + 1) } };
            },
          },
        },
      ],
      [/^dora: argo: listing archived workflows did not end after 4 pages \(http:\/\/127\.0\.0\.1:\d+\/argo\/api\/v1\/archived-workflows\?/m, /^  status: HTTP 200$/m, /fix: narrow workflows.labelSelector/],
      { DORA_MAX_PAGES: "4" },
    ],
    [
      "incident pagination that repeats the same page",
      [{ source: "incident", path: INCIDENTS, fault: { kind: "mutate", mutate: (body) => ({ ...(body as object), cursor: { hasMore: true, nextValue: "replay-offset-0" } }) } }],
      [/^dora: incident: querying incidents is not advancing: .*\(http:\/\/127\.0\.0\.1:\d+\/incident\/[^ ]+QueryIncidentPreviews\)$/m, /^  status: HTTP 200$/m],
    ],
  ];

  it.each(cases)("%s", async (_name, rules, expected, env) => {
    bench.proxy.rules = rules;
    const run = await bench.report([], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    for (const pattern of expected) expect(run.stderr).toMatch(pattern);
    for (const token of ["ghp_fault_test_token_4242", "argo-fault-token-4343", "glsa_fault_token_4444"]) expect(run.stderr).not.toContain(token);
  });
});

describe("--allow-partial: the report prints, every gap is an incomplete-… warning, the exit code stays 3", () => {
  const gaps = (report: { warnings: Array<{ code: string; subject?: string; message: string }> }) =>
    report.warnings.filter((warning) => warning.code.startsWith("incomplete-"));

  it("one service's Argo list fails: that service is missing, the others' figures are the clean run's", async () => {
    bench.proxy.rules = [{ source: "argo", path: /deploy-checkout/, fault: { kind: "status", status: 503, body: '{"message":"down"}' } }];
    const run = await bench.report(["--allow-partial"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the report is incomplete: 1 gap/);
    const report = JSON.parse(run.stdout);
    const full = JSON.parse(clean);
    expect(gaps(report)).toEqual([
      expect.objectContaining({ code: "incomplete-deployments", subject: "checkout", message: expect.stringMatching(/deployments of checkout could not be read.*archived-workflows\?.*deploy-checkout.* → HTTP 503/) }),
    ]);
    // backstage and search are read exactly as in the clean run.
    expect(report.services.backstage).toEqual(full.services.backstage);
    expect(report.services.search).toEqual(full.services.search);
    expect(report.services.checkout.deploymentFrequency.deployments).toBe(0);
    // 76 deployments in the clean run, 26 of them checkout's (EXPECTED.md: 38 + 26 + 12).
    expect(report.overall.deploymentFrequency.deployments).toBe(76 - full.services.checkout.deploymentFrequency.deployments);
  });

  it("Grafana fails: incidents are missing and said to be, deployments and lead times are the clean run's", async () => {
    bench.proxy.rules = [{ source: "incident", path: INCIDENTS, fault: { kind: "status", status: 401, body: '{"message":"invalid API key"}' } }];
    const run = await bench.report(["--allow-partial"]);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    const full = JSON.parse(clean);
    expect(gaps(report).map((gap) => gap.code)).toEqual(["incomplete-incidents"]);
    expect(gaps(report)[0]!.message).toMatch(/QueryIncidentPreviews → HTTP 401 Unauthorized: invalid API key/);
    expect(report.overall.deploymentFrequency).toEqual(full.overall.deploymentFrequency);
    expect(report.overall.leadTime).toEqual(full.overall.leadTime);
    expect(report.incidents).toEqual([]);
  });

  it("one GitHub compare fails: that repository's changes are missing, everything else is the clean run's", async () => {
    // acme/search's commit graph is one compare (oldest...newest deployed SHA): it fails for good.
    bench.proxy.rules = [{ source: "github", path: /\/repos\/acme\/search\/compare\//, fault: { kind: "status", status: 500, body: "{}" } }];
    const run = await bench.report(["--allow-partial"]);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    const full = JSON.parse(clean);
    const found = gaps(report);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: "incomplete-changes", subject: expect.stringMatching(/^acme\/search@[0-9a-f]{40}$/) });
    expect(found[0]!.message).toMatch(/HTTP 500/);
    // Only search's changes are gone; the change count drops by exactly its changes.
    const searchChanges = full.services.search.leadTime.changes;
    expect(searchChanges).toBeGreaterThan(0);
    expect(report.services.search.leadTime.changes).toBe(0);
    expect(report.overall.leadTime.changes).toBe(full.overall.leadTime.changes - searchChanges);
    expect(report.services.checkout).toEqual(full.services.checkout);
    expect(report.services.backstage).toEqual(full.services.backstage);
    expect(report.overall.deploymentFrequency).toEqual(full.overall.deploymentFrequency);
  });

  it("without --allow-partial the same fault prints no figures", async () => {
    bench.proxy.rules = [{ source: "incident", path: INCIDENTS, fault: { kind: "status", status: 401, body: '{"message":"invalid API key"}' } }];
    const run = await bench.report();
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/check the token in GRAFANA_TOKEN/);
  });
});
