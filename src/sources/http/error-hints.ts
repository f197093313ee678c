import type { SourceName } from "../../errors.js";

const TOKEN_ENV: Partial<Record<SourceName, string>> = {
  argo: "ARGO_TOKEN",
  incident: "GRAFANA_TOKEN",
  github: "GITHUB_TOKEN",
  pagerduty: "PAGERDUTY_TOKEN",
  "github-issues": "GITHUB_TOKEN",
};

const NOT_FOUND: Partial<Record<SourceName, string>> = {
  argo: "check argo.server (ARGO_SERVER): it must be the Argo Server base URL, with the workflow archive enabled",
  incident:
    "check incidents.grafanaUrl (GRAFANA_URL) and incidents.plugin: grafana-irm-app, or grafana-incident-app on older stacks",
  pagerduty: "check incidents.pagerduty.apiUrl (PAGERDUTY_API_URL): https://api.pagerduty.com, or https://api.eu.pagerduty.com for EU accounts",
  "github-issues": "check the repository (the service's repo or incidents.githubIssues.repo) and that GITHUB_TOKEN can read its issues",
};

/** What the user can check or change after a final HTTP failure of a source. */
export function hintForStatus(source: SourceName, status: number): string | undefined {
  if (status === 401 || status === 403) {
    const env = TOKEN_ENV[source];
    return env ? `check the token in ${env} and its permissions` : "check the token and its permissions";
  }
  if (status === 404) return NOT_FOUND[source] ?? "check the URL";
  // The replay transport answers 501 for anything the recording lacks (see src/emulator).
  if (status === 501) return "the recording does not contain this request: record it again with `dora record`, or narrow the window";
  if (status === 429) return "the server kept rate-limiting: retry later";
  if (status >= 500) return "the server failed: retry later, and check its logs if it persists";
  return undefined;
}
