import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema, type DoraConfig } from "../../src/config/schema.js";
import type { CheckResult } from "../../src/cli/commands/doctor/doctor-checks.js";
import { checkGitHubIssues, checkPagerDuty, incidentSourceHints } from "../../src/cli/commands/doctor/incident-source-checks.js";
import { githubLabels, pagerDutyServices, startEmulator, type RunningEmulator } from "../../src/emulator/index.js";

// dora doctor's checks of the PagerDuty and GitHub issues sources, against the local API servers.
const PD_TOKEN = "pd_doctor_token_777";
const GH_TOKEN = "ghp_doctor_token_888";
let pagerduty: RunningEmulator;
let github: RunningEmulator;

beforeAll(async () => {
  pagerduty = await startEmulator({
    recording: { exchanges: pagerDutyServices([{ id: "PAPI001", name: "API" }, { id: "PWEB001", name: "Web" }]) },
    tokens: { pagerduty: PD_TOKEN },
    pagerduty: { complete: true },
    rootSource: "pagerduty",
  });
  github = await startEmulator({
    recording: { exchanges: [...githubLabels("acme/api", ["bug", "incident"]), ...githubLabels("acme/web", ["bug", "sev1", "outage"])] },
    tokens: { github: GH_TOKEN },
    github: { complete: true },
    rootSource: "github",
  });
});
afterAll(async () => {
  await pagerduty.close();
  await github.close();
});

const config = (): DoraConfig =>
  configSchema.parse({
    github: { apiUrl: github.origin },
    incidents: { source: ["pagerduty", "github-issues"], pagerduty: { apiUrl: pagerduty.origin } },
    services: [
      { name: "api", repo: "acme/api", workflows: { labelSelector: "app=api" }, incidents: { pagerduty: { serviceIds: ["PAPI001"] } } },
      { name: "web", repo: "acme/web", workflows: { labelSelector: "app=web" }, incidents: { pagerduty: { serviceIds: ["PNOPE99"] } } },
    ],
  });
const http = { retries: 0, retryBaseMs: 1 };
const collect = () => {
  const results: Array<Omit<CheckResult, "source">> = [];
  return { results, report: (result: Omit<CheckResult, "source">) => (results.push(result), result.status === "pass") };
};

describe("doctor: incident sources", () => {
  it("PagerDuty: reachable, token accepted, a mapped service found, an unknown one failed with the account's services listed", async () => {
    const { results, report } = collect();
    await checkPagerDuty(config(), PD_TOKEN, http, report);
    expect(results.map((result) => [result.title.replace(pagerduty.origin, "URL"), result.status])).toEqual([
      ["PagerDuty reachable at URL", "pass"],
      ["PagerDuty token accepted", "pass"],
      ["api: PagerDuty service PAPI001 found", "pass"],
      ["web: PagerDuty service PNOPE99 found", "fail"],
    ]);
    expect(results[3]!.fix).toContain("PAPI001 API, PWEB001 Web");
  });

  it("PagerDuty: a refused or missing token fails with a PAGERDUTY_TOKEN fix, never showing it", async () => {
    const refused = collect();
    await checkPagerDuty(config(), "pd_bad_token_000", http, refused.report);
    expect(refused.results.map((result) => result.status)).toEqual(["pass", "fail"]);
    expect(refused.results[1]!.fix).toContain("PAGERDUTY_TOKEN");
    expect(JSON.stringify(refused.results)).not.toContain("pd_bad_token_000");
    const missing = collect();
    await checkPagerDuty(config(), undefined, http, missing.report);
    expect(missing.results).toMatchObject([{ status: "fail", detail: "PAGERDUTY_TOKEN is not set" }]);
  });

  it("GitHub issues: the label exists in one repository; in the other, incident-like labels are offered", async () => {
    const { results, report } = collect();
    await checkGitHubIssues(config(), GH_TOKEN, http, report);
    expect(results.map((result) => [result.title, result.status])).toEqual([
      ['acme/api: issues readable, label "incident" exists', "pass"],
      ['acme/web: issues readable, label "incident" exists', "fail"],
    ]);
    expect(results[1]!.fix).toBe('label incident issues "incident", or set incidents.githubIssues.label to one of: sev1, outage');
  });

  it("init discovery: PagerDuty services named like a service, and incident-like labels of each repository", async () => {
    const lines = await incidentSourceHints({
      services: [{ name: "api", repo: "acme/api" }, { name: "web", repo: "acme/web" }, { name: "search" }],
      pagerduty: { apiUrl: pagerduty.origin, token: PD_TOKEN },
      github: { apiUrl: github.origin, token: GH_TOKEN },
      http,
    });
    expect(lines).toEqual([
      "dora: for incidents.source: pagerduty, api: incidents: { pagerduty: { serviceIds: [PAPI001] } }  # API",
      "dora: for incidents.source: pagerduty, web: incidents: { pagerduty: { serviceIds: [PWEB001] } }  # Web",
      "dora: for incidents.source: github-issues, acme/api has incident-like labels: incident",
      "dora: for incidents.source: github-issues, acme/web has incident-like labels: sev1, outage",
    ]);
  });
});
