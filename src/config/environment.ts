import { readFileSync } from "node:fs";
import { ConfigError } from "../errors.js";
import { Redactor, redactUrl } from "../util/redact.js";
import type { DoraConfig } from "./schema.js";

/** Credentials: only from the environment (or files named there), never from the config file or flags. */
export interface Credentials {
  githubToken?: string;
  argoToken?: string;
  grafanaToken?: string;
  /** PagerDuty REST API key (incidents.source: pagerduty). */
  pagerdutyToken?: string;
}

/** Reads NAME, or the file named by NAME_FILE (Kubernetes/Docker secrets style), and gives it to the redactor. */
function readSecret(env: NodeJS.ProcessEnv, name: string, redactor: Redactor): string | undefined {
  const direct = env[name]?.trim();
  const file = env[`${name}_FILE`]?.trim();
  let value = direct || undefined;
  if (!value && file) {
    try {
      value = readFileSync(file, "utf8").trim() || undefined;
    } catch (error) {
      throw new ConfigError(
        `cannot read ${name}_FILE (${file}): ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`,
        `${name}_FILE`,
        `point ${name}_FILE at a readable file that holds the token`,
      );
    }
  }
  redactor.secret(value);
  return value;
}

/**
 * The tokens of the environment. Each one read is given to `redactor` (the run's: what prints and
 * what builds messages masks them with it); by default a redactor of their own that is dropped.
 */
export function readCredentials(env: NodeJS.ProcessEnv, redactor: Redactor = new Redactor()): Credentials {
  return {
    // GH_TOKEN is the GitHub CLI's own variable: a shell logged in with gh works as is; GITHUB_TOKEN wins.
    githubToken: readSecret(env, "GITHUB_TOKEN", redactor) ?? readSecret(env, "GH_TOKEN", redactor),
    argoToken: readSecret(env, "ARGO_TOKEN", redactor),
    grafanaToken: readSecret(env, "GRAFANA_TOKEN", redactor),
    pagerdutyToken: readSecret(env, "PAGERDUTY_TOKEN", redactor),
  };
}

/** URLs from the environment win over the file (CI sets them per environment). */
export function applyEnvironment(config: DoraConfig, env: NodeJS.ProcessEnv): DoraConfig {
  const url = (name: string) => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not http(s)");
      return value.replace(/\/+$/, "");
    } catch {
      throw new ConfigError(`${name} is not an http(s) URL: ${new Redactor().text(value)}`, name, `set ${name} to a URL such as https://host.example.com`);
    }
  };
  const merged = {
    ...config,
    argo: { ...config.argo, server: url("ARGO_SERVER") ?? config.argo.server },
    github: { ...config.github, apiUrl: url("GITHUB_API_URL") ?? config.github.apiUrl },
    incidents: {
      ...config.incidents,
      grafanaUrl: url("GRAFANA_URL") ?? config.incidents.grafanaUrl,
      pagerduty: { ...config.incidents.pagerduty, apiUrl: url("PAGERDUTY_API_URL") ?? config.incidents.pagerduty.apiUrl },
    },
  };
  rejectUrlCredentials(merged.argo.server, "argo.server", "ARGO_SERVER", "ARGO_TOKEN");
  rejectUrlCredentials(merged.github.apiUrl, "github.apiUrl", "GITHUB_API_URL", "GITHUB_TOKEN");
  rejectUrlCredentials(merged.incidents.grafanaUrl, "incidents.grafanaUrl", "GRAFANA_URL", "GRAFANA_TOKEN");
  rejectUrlCredentials(merged.incidents.pagerduty.apiUrl, "incidents.pagerduty.apiUrl", "PAGERDUTY_API_URL", "PAGERDUTY_TOKEN");
  return merged;
}

/** A password in a URL would end up in logs and process lists; fetch refuses such URLs anyway. */
function rejectUrlCredentials(value: string | undefined, key: string, envName: string, tokenEnv: string): void {
  if (!value) return;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return;
  }
  if (!parsed.username && !parsed.password) return;
  throw new ConfigError(
    `${key} (or ${envName}) holds a user name or password: ${redactUrl(value)}`,
    key,
    `remove the credentials from the URL and put the token in ${tokenEnv} (or ${tokenEnv}_FILE)`,
  );
}
