// `dora doctor`'s checks, in the order a user fixes them: each source reachable, the token accepted,
// the permissions enough; then each service's selector, production step and commit; then the OTLP
// endpoint. Every failure carries a concrete fix. No printing: results go to `onResult` as they come.

import type { KubeConfig } from "@kubernetes/client-node";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { Credentials } from "../../../config/environment.js";
import type { DoraConfig } from "../../../config/schema.js";
import { ConfigError, ExportError } from "../../../errors.js";
import { serializeMetricsRequest } from "../../../otlp/metrics-request.js";
import { sendOtlp, type OtlpTarget, type Signal } from "../../../otlp/otlp-sender.js";
import { backfillResource } from "../../../otlp/resource.js";
import { createArchiveBrowser } from "../../../sources/argo/archive-browse.js";
import { readCommitValue } from "../../../sources/argo/normalize-workflow.js";
import { getRateLimit, getRepository, readLatestCommit, readLatestPullRequest, type GitHubAccessOptions } from "../../../sources/github/repository-access.js";
import { probeIncidents } from "../../../sources/incident/incident-probe.js";
import type { IncidentPlugin } from "../../../sources/incident/incident-client.js";
import { canAccessWorkflows, kubernetesServer, listWorkflowPage } from "../../../sources/kubernetes/workflow-access.js";
import { redactUrl } from "../../../util/redact.js";
import { probe, type ProbeOutcome } from "../../workflow-discovery/probe.js";
import { incidentSourceKinds } from "../../../config/incident-sources.js";
import type { CheckResult } from "./check-result.js";
import { checkGitHubIssues, checkPagerDuty } from "./incident-source-checks.js";
import { createArchiveCatalog, createClusterCatalog, type WorkflowCatalog } from "../../workflow-discovery/workflow-catalog.js";
import { nodeNames, parameterNames, productionStepCandidates, runHasNode } from "../../workflow-discovery/workflow-heuristics.js";

export type { CheckResult, CheckStatus } from "./check-result.js";

export interface DoctorInput {
  /** The config with the environment's URLs applied. */
  config: DoraConfig;
  credentials: Credentials;
  now: Date;
  /** How far back the services' runs are looked for (default 30 days). */
  sinceDays?: number;
  fetch?: typeof fetch;
  /** Loads the kubeconfig (argo.source cluster|both); may throw. */
  loadKubeConfig?: () => KubeConfig | Promise<KubeConfig>;
  /** Configured OTLP endpoints (none: no OTLP check). */
  otlp?: Array<{ signal: Signal; target: OtlpTarget }>;
  retries?: number;
  retryBaseMs?: number;
  onResult?: (result: CheckResult) => void;
}

const SHA = /^[0-9a-f]{7,40}$/i;
/** A URL fit for a checklist line: no credentials, no trailing slash. */
const shown = (url: string) => redactUrl(url).replace(/\/+$/, "");
const INSPECTED_RUNS = 5;
const LISTED_RUNS = 100;

/** Runs every check and returns the results in order (also streamed to onResult). */
export async function runDoctor(input: DoctorInput): Promise<CheckResult[]> {
  const { config } = input;
  const results: CheckResult[] = [];
  const reportAs =
    (source: CheckResult["source"]): Report =>
    (result) => {
      const full = { ...result, source };
      results.push(full);
      input.onResult?.(full);
      return result.status === "pass";
    };
  const useArchive = config.argo.source !== "cluster";
  const useCluster = config.argo.source !== "archive";
  if (useArchive && !config.argo.server) {
    throw new ConfigError("argo.server is not set", "argo.server", "set argo.server in the config file or the ARGO_SERVER environment variable");
  }
  const incidentKinds = incidentSourceKinds(config);
  if (incidentKinds.includes("grafana") && !config.incidents.grafanaUrl) {
    throw new ConfigError("incidents.grafanaUrl is not set", "incidents.grafanaUrl", "set incidents.grafanaUrl in the config file or the GRAFANA_URL environment variable");
  }
  const http = { fetch: input.fetch, retries: input.retries ?? 1, retryBaseMs: input.retryBaseMs };

  let catalog: WorkflowCatalog | undefined;
  if (useArchive) {
    const browser = createArchiveBrowser({ server: config.argo.server!, namespace: config.argo.namespace, token: input.credentials.argoToken, ...http });
    if (await checkArgo(config, browser, Boolean(input.credentials.argoToken), reportAs("argo"))) catalog = createArchiveCatalog(browser);
  }
  if (useCluster) {
    const kubeConfig = await checkKubernetes(config, input.loadKubeConfig, reportAs("kubernetes"));
    if (kubeConfig && !catalog) catalog = createClusterCatalog(kubeConfig, config.argo.namespace);
  }
  await checkGitHub(config, { apiUrl: config.github.apiUrl, token: input.credentials.githubToken, ...http }, Boolean(input.credentials.githubToken), reportAs("github"));
  if (incidentKinds.includes("grafana")) await checkGrafana(config, input, http, reportAs("incident"));
  if (incidentKinds.includes("pagerduty")) await checkPagerDuty(config, input.credentials.pagerdutyToken, http, reportAs("pagerduty"));
  if (incidentKinds.includes("github-issues")) await checkGitHubIssues(config, input.credentials.githubToken, http, reportAs("github-issues"));
  await checkServices(config, catalog, new Date(input.now.getTime() - (input.sinceDays ?? 30) * 86_400_000), input.sinceDays ?? 30, reportAs(useArchive ? "argo" : "kubernetes"));
  for (const { signal, target } of input.otlp ?? []) await checkOtlp(signal, target, input, reportAs("otlp"));
  return results;
}

type Report = (result: Omit<CheckResult, "source">) => boolean;

/** Marks the rest of a group as not checked after a failure. */
function skipAll(report: Report, group: string, titles: string[], reason: string): false {
  for (const title of titles) report({ group, title, status: "skip", detail: `not checked: ${reason}` });
  return false;
}

const detailOf = (outcome: Exclude<ProbeOutcome<unknown>, { kind: "ok" }>) => outcome.message;

async function checkArgo(config: DoraConfig, browser: ReturnType<typeof createArchiveBrowser>, tokenSet: boolean, report: Report): Promise<boolean> {
  const server = shown(config.argo.server!);
  const namespace = config.argo.namespace;
  const group = `Argo Workflows archive (${server}, namespace ${namespace})`;
  const titles = {
    reachable: `Argo Server reachable at ${server}`,
    token: "Argo token accepted",
    archive: "workflow archive enabled",
    list: `list allowed on workflows in namespace ${namespace}`,
  };
  // An Argo Server started with --auth-mode=server needs no token: unset is only wrong when it answers 401.
  report(
    tokenSet
      ? { group, title: "ARGO_TOKEN set", status: "pass" }
      : { group, title: "ARGO_TOKEN set", status: "pass", detail: "not set: fine only for an Argo Server with --auth-mode=server" },
  );
  const list = await probe(() => browser.listRuns({ limit: 1 }));
  if (list.kind === "unreachable") {
    report({ group, title: titles.reachable, status: "fail", detail: detailOf(list), fix: "check argo.server (or ARGO_SERVER): the Argo Server base URL, e.g. https://argo.example.com (port 2746 when port-forwarded), reachable from here" });
    return skipAll(report, group, [titles.token, titles.archive, titles.list], "the Argo Server is unreachable");
  }
  report({ group, title: titles.reachable, status: "pass" });
  if (list.kind === "http" && list.status === 401) {
    report({ group, title: titles.token, status: "fail", detail: tokenSet ? detailOf(list) : `ARGO_TOKEN is not set and the server requires one (${detailOf(list)})`, fix: "set ARGO_TOKEN to a valid service account token (`argo auth token` prints one; with or without `Bearer `)" });
    return skipAll(report, group, [titles.archive, titles.list], "the token was refused");
  }
  report({ group, title: titles.token, status: "pass" });
  if (list.kind === "http" && list.status === 404) {
    report({ group, title: titles.archive, status: "fail", detail: detailOf(list), fix: `${server}/api/v1/archived-workflows does not exist: argo.server must be the Argo Server itself (not the UI behind a path prefix or another service)` });
    return skipAll(report, group, [titles.list], "the archive API was not found");
  }
  // A disabled archive lists nothing and answers a GET with "getting archived workflows not supported";
  // an enabled one answers 404 for an unknown uid.
  const get = await probe(() => browser.getRun("00000000-0000-0000-0000-000000000000"));
  const archiveDisabled = (get.kind === "http" && get.status >= 500) || get.kind === "unreachable";
  if (get.kind !== "ok" && archiveDisabled) {
    report({
      group,
      title: titles.archive,
      status: "fail",
      detail: detailOf(get),
      fix: "enable the archive in the workflow-controller-configmap (persistence.archive: true with a Postgres or MySQL connection), or set argo.source: cluster to read live Workflow objects",
    });
  } else {
    report({ group, title: titles.archive, status: "pass" });
  }
  if (list.kind === "http") {
    const forbidden = list.status === 403;
    report({
      group,
      title: titles.list,
      status: "fail",
      detail: detailOf(list),
      fix: forbidden
        ? `give the token's service account list and get on workflows.argoproj.io in namespace ${namespace} (a Role and RoleBinding), or set argo.namespace to the namespace the workflows run in`
        : "the Argo Server failed to list archived workflows: check its logs",
    });
    return false;
  }
  report({ group, title: titles.list, status: "pass" });
  return !archiveDisabled;
}

async function checkKubernetes(config: DoraConfig, load: (() => KubeConfig | Promise<KubeConfig>) | undefined, report: Report): Promise<KubeConfig | undefined> {
  const namespace = config.argo.namespace;
  const group = `Kubernetes (argo.source: ${config.argo.source}, namespace ${namespace})`;
  const titles = {
    config: "kubeconfig loaded",
    reachable: "Kubernetes API reachable",
    credentials: "Kubernetes credentials accepted",
    list: `list allowed on workflows.argoproj.io in namespace ${namespace}`,
    get: `get allowed on workflows.argoproj.io in namespace ${namespace}`,
  };
  let kubeConfig: KubeConfig | undefined;
  try {
    kubeConfig = await load?.();
  } catch (error) {
    report({ group, title: titles.config, status: "fail", detail: error instanceof Error ? error.message : String(error), fix: error instanceof ConfigError && error.hint ? error.hint : "point KUBECONFIG at a kubeconfig whose current context reaches the cluster (or run in the cluster with a service account)" });
    skipAll(report, group, [titles.reachable, titles.credentials, titles.list, titles.get], "no kubeconfig");
    return undefined;
  }
  if (!kubeConfig || !kubeConfig.getCurrentCluster()) {
    report({ group, title: titles.config, status: "fail", detail: "no current context with a cluster", fix: "set KUBECONFIG, or select a context: kubectl config use-context NAME" });
    skipAll(report, group, [titles.reachable, titles.credentials, titles.list, titles.get], "no kubeconfig");
    return undefined;
  }
  report({ group, title: titles.config, status: "pass", detail: `context ${kubeConfig.getCurrentContext()}` });
  const server = kubernetesServer(kubeConfig);
  const list = await probe(() => listWorkflowPage({ kubeConfig, namespace, limit: 1 }));
  if (list.kind === "unreachable") {
    report({ group, title: `${titles.reachable} at ${server}`, status: "fail", detail: detailOf(list), fix: "check the current kubeconfig context (kubectl config current-context) and that its API server is reachable from here" });
    skipAll(report, group, [titles.credentials, titles.list, titles.get], "the API server is unreachable");
    return undefined;
  }
  report({ group, title: `${titles.reachable} at ${server}`, status: "pass" });
  if (list.kind === "http" && list.status === 401) {
    report({ group, title: titles.credentials, status: "fail", detail: detailOf(list), fix: "the kubeconfig's credentials were refused: refresh them (e.g. log in again) or use another context" });
    skipAll(report, group, [titles.list, titles.get], "the credentials were refused");
    return undefined;
  }
  report({ group, title: titles.credentials, status: "pass" });
  const rbacFix = `grant list and get on workflows.argoproj.io in namespace ${namespace} (a Role and RoleBinding for the user or service account)`;
  if (list.kind === "http") {
    report({
      group,
      title: titles.list,
      status: "fail",
      detail: detailOf(list),
      fix: list.status === 404 ? "the Workflow CRD or the namespace was not found: check argo.namespace and that Argo Workflows is installed" : rbacFix,
    });
    skipAll(report, group, [titles.get], "list failed");
    return undefined;
  }
  report({ group, title: titles.list, status: "pass" });
  const get = await probe(() => canAccessWorkflows({ kubeConfig, namespace, verb: "get" }));
  if (get.kind === "ok") {
    report(get.value ? { group, title: titles.get, status: "pass" } : { group, title: titles.get, status: "fail", detail: "SelfSubjectAccessReview: not allowed", fix: rbacFix });
  } else {
    report({ group, title: titles.get, status: "skip", detail: `not checked: the access review failed (${detailOf(get)})` });
  }
  return kubeConfig;
}

async function checkGitHub(config: DoraConfig, github: GitHubAccessOptions, tokenSet: boolean, report: Report): Promise<void> {
  const apiUrl = shown(github.apiUrl ?? "https://api.github.com");
  const group = `GitHub (${apiUrl})`;
  const repos = [...new Map(config.services.map((service) => [service.repo.toLowerCase(), service.repo])).values()];
  const repoTitle = (repo: string) => `contents of ${repo} readable`;
  const pullsTitle = (repo: string) => `pull requests of ${repo} readable (leadTime.start: pull-request)`;
  const perRepoTitles = repos.flatMap((repo) => [repoTitle(repo), ...(config.leadTime.start === "pull-request" ? [pullsTitle(repo)] : [])]);
  report(
    tokenSet
      ? { group, title: "GITHUB_TOKEN set", status: "pass" }
      : { group, title: "GITHUB_TOKEN set", status: "fail", detail: "without a token GitHub allows 60 requests an hour and no private repository", fix: "export GITHUB_TOKEN (or GITHUB_TOKEN_FILE): a fine-grained token with Contents: read on each repository" },
  );
  const rate = await probe(() => getRateLimit(github));
  if (rate.kind === "unreachable") {
    report({ group, title: `GitHub API reachable at ${apiUrl}`, status: "fail", detail: detailOf(rate), fix: "check github.apiUrl (or GITHUB_API_URL); GitHub Enterprise Server: https://HOST/api/v3" });
    skipAll(report, group, ["GitHub token accepted", ...perRepoTitles], "GitHub is unreachable");
    return;
  }
  report({ group, title: `GitHub API reachable at ${apiUrl}`, status: "pass" });
  if (rate.kind === "http" && rate.status === 401) {
    report({ group, title: "GitHub token accepted", status: "fail", detail: detailOf(rate), fix: "GITHUB_TOKEN is mistyped, expired or revoked: create a new one (fine-grained: Contents: read on each repository)" });
    skipAll(report, group, perRepoTitles, "the token was refused");
    return;
  }
  report({
    group,
    title: "GitHub token accepted",
    status: "pass",
    ...(rate.kind === "ok" && rate.value.remaining !== undefined ? { detail: `${rate.value.remaining} of ${rate.value.limit ?? "?"} requests left this hour` } : {}),
  });
  for (const repo of repos) {
    const found = await probe(() => getRepository(github, repo));
    if (found.kind !== "ok") {
      const notFound = found.kind === "http" && found.status === 404;
      report({
        group,
        title: repoTitle(repo),
        status: "fail",
        detail: notFound ? `GitHub answers 404 for ${repo}` : detailOf(found),
        fix: notFound
          ? `check the repo (owner/name) of the services using ${repo}; a private repository answers 404 when the token cannot see it (fine-grained tokens: add it under Repository access)`
          : "check GITHUB_TOKEN and its permissions",
      });
      if (config.leadTime.start === "pull-request") skipAll(report, group, [pullsTitle(repo)], "the repository cannot be read");
      continue;
    }
    const commits = await probe(() => readLatestCommit(github, repo));
    if (commits.kind === "ok") report({ group, title: repoTitle(repo), status: "pass" });
    else {
      const status = commits.kind === "http" ? commits.status : undefined;
      report({
        group,
        title: repoTitle(repo),
        status: "fail",
        detail: detailOf(commits),
        fix:
          status === 409 ? `${repo} is empty: point the service at the repository its workflows deploy`
          : status === 403 || status === 404 ? `give GITHUB_TOKEN Contents: read on ${repo} (fine-grained token), or the repo scope (classic token)`
          : "check GITHUB_TOKEN and its permissions",
      });
    }
    if (config.leadTime.start === "pull-request") {
      const pulls = await probe(() => readLatestPullRequest(github, repo));
      report(
        pulls.kind === "ok"
          ? { group, title: pullsTitle(repo), status: "pass" }
          : { group, title: pullsTitle(repo), status: "fail", detail: detailOf(pulls), fix: `give GITHUB_TOKEN Pull requests: read on ${repo}, or use leadTime.start: authored` },
      );
    }
  }
}

async function checkGrafana(config: DoraConfig, input: DoctorInput, http: { fetch?: typeof fetch; retries: number; retryBaseMs?: number }, report: Report): Promise<void> {
  const url = shown(config.incidents.grafanaUrl!);
  const plugin = config.incidents.plugin;
  const group = `Grafana Incident (${url})`;
  const titles = { reachable: `Grafana reachable at ${url}`, token: "Grafana token accepted", read: `incidents readable (plugin ${plugin})` };
  const token = input.credentials.grafanaToken;
  report(
    token
      ? { group, title: "GRAFANA_TOKEN set", status: "pass" }
      : { group, title: "GRAFANA_TOKEN set", status: "fail", detail: "Grafana's incident API answers 401 without a token", fix: "export GRAFANA_TOKEN (or GRAFANA_TOKEN_FILE): a Grafana service account token (glsa_…) with the Viewer role" },
  );
  const query = (which: IncidentPlugin) => probe(() => probeIncidents({ grafanaUrl: config.incidents.grafanaUrl!, plugin: which, token, ...http }));
  const outcome = await query(plugin);
  if (outcome.kind === "unreachable") {
    report({ group, title: titles.reachable, status: "fail", detail: detailOf(outcome), fix: "check incidents.grafanaUrl (or GRAFANA_URL): the Grafana stack URL, e.g. https://example.grafana.net" });
    skipAll(report, group, [titles.token, titles.read], "Grafana is unreachable");
    return;
  }
  report({ group, title: titles.reachable, status: "pass" });
  if (outcome.kind === "http" && outcome.status === 401) {
    report({
      group,
      title: titles.token,
      status: "fail",
      detail: token ? detailOf(outcome) : "GRAFANA_TOKEN is not set",
      fix: "set GRAFANA_TOKEN to a Grafana service account token (glsa_…); the Viewer role is enough",
    });
    skipAll(report, group, [titles.read], "the token was refused");
    return;
  }
  report({ group, title: titles.token, status: "pass" });
  if (outcome.kind === "ok") {
    report({ group, title: titles.read, status: "pass" });
    return;
  }
  let fix = "check the token's permissions (GRAFANA_TOKEN) and incidents.plugin";
  if (outcome.status === 403) fix = "give the Grafana service account the Viewer role (or a role that can read incidents in IRM)";
  if (outcome.status === 404) {
    const other: IncidentPlugin = plugin === "grafana-irm-app" ? "grafana-incident-app" : "grafana-irm-app";
    const retry = await query(other);
    fix = retry.kind === "ok" ? `this stack serves incidents under ${other}: set incidents.plugin: ${other}` : "Grafana IRM (or Incident) is not installed on this stack, or incidents.grafanaUrl is not the stack URL";
  }
  report({ group, title: titles.read, status: "fail", detail: detailOf(outcome), fix });
}

async function checkServices(config: DoraConfig, catalog: WorkflowCatalog | undefined, since: Date, sinceDays: number, report: Report): Promise<void> {
  const group = `Services (runs of the last ${sinceDays} days)`;
  for (const [index, service] of config.services.entries()) {
    const key = `services[${index}].workflows`;
    const selector = service.workflows.labelSelector;
    const titles = {
      runs: `${service.name}: runs match ${selector}`,
      step: `${service.name}: runs have the production step "${service.workflows.productionStep ?? ""}"`,
      commit: `${service.name}: runs have a commit in ${service.workflows.commit}`,
    };
    const later = [...(service.workflows.productionStep ? [titles.step] : []), titles.commit];
    if (!catalog) {
      skipAll(report, group, [titles.runs, ...later], "the workflow source checks failed");
      continue;
    }
    const listed = await probe(() => catalog.listRuns(selector, since, LISTED_RUNS));
    if (listed.kind !== "ok") {
      report({ group, title: titles.runs, status: "fail", detail: detailOf(listed), fix: `check ${key}.labelSelector: a Kubernetes label selector such as workflows.argoproj.io/workflow-template=NAME` });
      skipAll(report, group, later, "the runs could not be listed");
      continue;
    }
    if (listed.value.length === 0) {
      const templates = await probe(() => catalog.templates());
      const known = templates.kind === "ok" && templates.value.length > 0 ? `; templates with runs: ${templates.value.map((t) => `${t.key}=${t.value}`).slice(0, 8).join(", ")}` : "";
      report({
        group,
        title: titles.runs,
        status: "fail",
        detail: `no run in the last ${sinceDays} days`,
        fix: `check ${key}.labelSelector (\`dora init\` proposes selectors from the archive's labels)${known}`,
      });
      skipAll(report, group, later, "no runs");
      continue;
    }
    const count = listed.value.length >= LISTED_RUNS ? `${LISTED_RUNS}+` : String(listed.value.length);
    report({ group, title: titles.runs, status: "pass", detail: `${count} run(s)` });
    const full = await probe(() => catalog.fullRuns(listed.value, INSPECTED_RUNS));
    if (full.kind !== "ok" || full.value.length === 0) {
      skipAll(report, group, later, full.kind === "ok" ? "no finished run yet" : detailOf(full));
      continue;
    }
    const runs = full.value;
    const step = service.workflows.productionStep;
    if (step) {
      const having = runs.filter((run) => runHasNode(run, step)).length;
      if (having > 0) report({ group, title: titles.step, status: "pass", detail: `in ${having} of the ${runs.length} latest finished runs` });
      else {
        const candidates = productionStepCandidates(runs).map((c) => c.value);
        report({
          group,
          title: titles.step,
          status: "fail",
          detail: `none of the ${runs.length} latest finished runs has a node "${step}"; nodes seen: ${nodeNames(runs).slice(0, 15).join(", ") || "none"}`,
          fix: `set ${key}.productionStep to the production node's displayName or templateName${candidates.length > 0 ? ` (likely: ${candidates.join(", ")})` : ""}`,
        });
      }
    }
    const withCommit = runs.filter((run) => SHA.test(readCommitValue(run, service.workflows.commit)?.trim() ?? "")).length;
    if (withCommit > 0) report({ group, title: titles.commit, status: "pass", detail: `in ${withCommit} of the ${runs.length} latest finished runs` });
    else {
      const parameters = parameterNames(runs);
      report({
        group,
        title: titles.commit,
        status: "fail",
        detail: `none of the ${runs.length} latest finished runs has a commit SHA there${parameters.length > 0 ? `; parameters seen: ${parameters.slice(0, 15).join(", ")}` : ""}`,
        fix: `set ${key}.commit to parameter:NAME, label:KEY or annotation:KEY holding the deployed SHA`,
      });
    }
  }
}

/** An export with no data: accepted by any OTLP receiver, and it leaves nothing behind in the backend. */
function emptyExport(signal: Signal): Uint8Array {
  if (signal === "traces") return ProtobufTraceSerializer.serializeRequest([]) ?? new Uint8Array();
  return serializeMetricsRequest({ resource: backfillResource(), scopeMetrics: [] });
}

async function checkOtlp(signal: Signal, target: OtlpTarget, input: DoctorInput, report: Report): Promise<void> {
  const url = shown(target.url);
  const group = "OTLP";
  const title = `OTLP ${signal} endpoint ${url} accepts an export`;
  try {
    await sendOtlp(target, signal, emptyExport(signal), 0, { fetch: input.fetch, maxAttempts: (input.retries ?? 1) + 1, baseDelayMs: input.retryBaseMs ?? 500, timeoutMs: 30_000 });
    report({ group, title, status: "pass" });
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    report({ group, title, status: "fail", detail: error.message, fix: error.details.hint ?? "check --otlp-endpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) and the backend's logs" });
  }
}
