import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config.js";
import { applyEnvironment, readCredentials } from "../../src/config/environment.js";
import { incidentSourceKinds, serviceIncidentLabels } from "../../src/config/incident-sources.js";
import { serviceDefinitions } from "../../src/pipeline/run-report.js";
import { ConfigError } from "../../src/errors.js";
import { pagerDutyApiUrl } from "../../src/sources/pagerduty/pagerduty-client.js";

const service = (incidents?: unknown) => ({ name: "api", repo: "acme/api", workflows: { labelSelector: "app=api" }, ...(incidents ? { incidents } : {}) });
const parse = (doc: Record<string, unknown>) => parseConfig(JSON.stringify({ services: [service()], ...doc }), "dora.config.json");
const errorOf = (doc: Record<string, unknown>): ConfigError => {
  try {
    parse(doc);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("incidents.source and the new sources' config", () => {
  it("defaults to grafana; takes one source or a list (repeats dropped); defaults of pagerduty and githubIssues", () => {
    const config = parse({});
    expect(incidentSourceKinds(config)).toEqual(["grafana"]);
    expect(config.incidents.pagerduty).toEqual({ region: "us", attributionFromNotes: false, attributionFromCustomFields: false });
    expect(pagerDutyApiUrl(config.incidents.pagerduty)).toBe("https://api.pagerduty.com");
    expect(pagerDutyApiUrl(parse({ incidents: { pagerduty: { region: "eu" } } }).incidents.pagerduty)).toBe("https://api.eu.pagerduty.com");
    expect(config.incidents.githubIssues).toEqual({ label: "incident" });
    expect(incidentSourceKinds(parse({ incidents: { source: ["pagerduty", "github-issues", "pagerduty"] } }))).toEqual(["pagerduty", "github-issues"]);
  });

  it("refuses an unknown source, an unknown key and an empty PagerDuty mapping, naming the key", () => {
    expect(errorOf({ incidents: { source: "opsgenie" } }).message).toContain("incidents.source");
    expect(errorOf({ incidents: { pagerduty: { token: "x" } } }).message).toContain("incidents.pagerduty");
    expect(errorOf({ services: [service({ pagerduty: {} })] }).message).toContain("list serviceIds and/or serviceNames");
    expect(errorOf({ incidents: { githubIssues: { repo: "not a repo" } } }).message).toContain("incidents.githubIssues.repo");
  });

  it("labels of a service: its incidents.labels; else dora.service when a non-Grafana source is read; else none", () => {
    const labelled = parse({ services: [service({ labels: { team: "api" }, pagerduty: { serviceIds: ["P1"] } })], incidents: { source: "pagerduty" } });
    expect(serviceDefinitions(labelled)[0]!.incidentLabels).toEqual({ team: "api" });
    const bare = parse({ services: [service({ pagerduty: { serviceIds: ["P1"] } })], incidents: { source: ["grafana", "pagerduty"] } });
    expect(serviceDefinitions(bare)[0]!.incidentLabels).toEqual({ "dora.service": "api" });
    expect(serviceIncidentLabels(bare.services[0]!, ["grafana"])).toEqual({});
  });

  it("reads PAGERDUTY_TOKEN or PAGERDUTY_TOKEN_FILE, and PAGERDUTY_API_URL (EU) over the file", () => {
    const dir = mkdtempSync("/tmp/dora-pd-token-");
    writeFileSync(join(dir, "token"), "pd_file_token_123\n");
    expect(readCredentials({ PAGERDUTY_TOKEN_FILE: join(dir, "token") }).pagerdutyToken).toBe("pd_file_token_123");
    expect(readCredentials({ PAGERDUTY_TOKEN: "pd_env_token_456" }).pagerdutyToken).toBe("pd_env_token_456");
    const config = applyEnvironment(parse({ incidents: { source: "pagerduty" } }), { PAGERDUTY_API_URL: "https://api.eu.pagerduty.com/" });
    expect(config.incidents.pagerduty.apiUrl).toBe("https://api.eu.pagerduty.com");
    expect(() => applyEnvironment(parse({}), { PAGERDUTY_API_URL: "https://user:secret@api.pagerduty.com" })).toThrow(ConfigError);
  });
});
