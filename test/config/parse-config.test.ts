import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseConfig } from "../../src/config/load-config.js";
import { applyEnvironment, readCredentials } from "../../src/config/environment.js";
import { ConfigError } from "../../src/errors.js";

const valid = readFileSync("fixtures/config/valid.yaml", "utf8");

function errorOf(text: string, file = "dora.config.yaml"): ConfigError {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("applies defaults to a minimal valid file", () => {
    const config = parseConfig(valid, "dora.config.yaml");
    expect(config.timezone).toBe("Europe/Berlin");
    expect(config.lookback).toBe("60d");
    expect(config.argo).toEqual({ server: "https://argo.example.com", namespace: "cd", source: "archive", maxRunDuration: "2d" });
    expect(config.incidents.plugin).toBe("grafana-irm-app");
    expect(config.incidents.includeDrills).toBe(false);
    expect(config.changeFailure.countFailedRollouts).toBe(false);
    expect(config.services[0]!.workflows.commit).toBe("parameter:commit-sha");
  });

  it("reads JSON too", () => {
    const config = parseConfig(
      JSON.stringify({ services: [{ name: "api", repo: "acme/api", workflows: { labelSelector: "app=api" } }] }),
      "dora.config.json",
    );
    expect(config.lookback).toBe("90d");
    expect(config.attribution.window).toBe("24h");
  });

  it("names an unknown key with its full path", () => {
    const error = errorOf(valid.replace("namespace: cd", "namespace: cd\n  sever: x"));
    expect(error.message).toContain("argo.sever: unknown key");
  });

  it("names an unknown key inside a service", () => {
    const error = errorOf(valid.replace("productionStep: deploy-production", "productionStep: deploy-production\n      prodStep: x"));
    expect(error.message).toContain("services[0].workflows.prodStep: unknown key");
  });

  it("reads productionStepPath, which needs productionStep and task names joined by '.'", () => {
    const pinned = parseConfig(valid.replace("productionStep: deploy-production", "productionStep: deploy-production\n      productionStepPath: release.deploy-production"), "dora.config.yaml");
    expect(pinned.services[0]!.workflows.productionStepPath).toBe("release.deploy-production");
    const alone = errorOf(valid.replace("productionStep: deploy-production", "productionStepPath: release.deploy-production"));
    expect(alone.message).toContain("services[0].workflows.productionStepPath");
    expect(alone.message).toContain("set productionStep too");
    const bad = errorOf(valid.replace("productionStep: deploy-production", "productionStep: deploy-production\n      productionStepPath: release/deploy"));
    expect(bad.message).toContain('expected task or step names joined by "."');
  });

  it("rejects a bad duration with the expected form", () => {
    const error = errorOf(valid.replace("window: 12h", "window: 12 hours"));
    expect(error.message).toContain("attribution.window");
    expect(error.message).toContain('"24h"');
  });

  it("rejects a bad commit source, repo and time zone", () => {
    const text = valid
      .replace("productionStep: deploy-production", "productionStep: deploy-production\n      commit: sha")
      .replace("repo: grafana/backstage", "repo: backstage")
      .replace("timezone: Europe/Berlin", "timezone: Mars/Olympus");
    const error = errorOf(text);
    expect(error.message).toContain("services[0].workflows.commit");
    expect(error.message).toContain("services[0].repo");
    expect(error.message).toContain("timezone");
  });

  it("rejects wrong types and missing required keys", () => {
    const error = errorOf("services:\n  - name: a\n    repo: o/r\nincidents:\n  includeDrills: sometimes\n");
    expect(error.message).toContain("services[0].workflows: required");
    expect(error.message).toContain("incidents.includeDrills");
  });

  it("rejects duplicate service names", () => {
    const service = "  - name: a\n    repo: o/r\n    workflows: { labelSelector: x=y }\n";
    expect(errorOf(`services:\n${service}${service}`).message).toContain('services[1].name: duplicate service name "a"');
  });

  it("reports YAML syntax errors with the file name", () => {
    expect(errorOf("services: [", "my.yaml").message).toMatch(/^my\.yaml is not valid YAML/);
  });
});

describe("environment", () => {
  it("lets URL variables override the file and validates them", () => {
    const config = applyEnvironment(parseConfig(valid, "f.yaml"), { ARGO_SERVER: "http://127.0.0.1:2746/", GRAFANA_URL: "https://g.example.com" });
    expect(config.argo.server).toBe("http://127.0.0.1:2746");
    expect(config.incidents.grafanaUrl).toBe("https://g.example.com");
    expect(config.github.apiUrl).toBe("https://github.example.com/api/v3");
    expect(() => applyEnvironment(config, { GITHUB_API_URL: "ftp://x" })).toThrow(/GITHUB_API_URL is not an http\(s\) URL/);
  });

  it("reads tokens from variables or *_FILE", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const dir = mkdtempSync("/tmp/dora-token-");
    writeFileSync(`${dir}/gh`, "ghp_fromfile\n");
    expect(readCredentials({ GITHUB_TOKEN_FILE: `${dir}/gh`, ARGO_TOKEN: "Bearer abc.def" })).toEqual({
      githubToken: "ghp_fromfile",
      argoToken: "Bearer abc.def",
      grafanaToken: undefined,
    });
    expect(() => readCredentials({ GRAFANA_TOKEN_FILE: `${dir}/missing` })).toThrow(/GRAFANA_TOKEN_FILE/);
  });
});
