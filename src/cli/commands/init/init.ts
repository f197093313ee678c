import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { Command, Option } from "commander";
import { readCredentials } from "../../../config/environment.js";
import { serviceSchema } from "../../../config/schema.js";
import { formatConfigIssues } from "../../../config/format-issues.js";
import { ConfigError, SourceError } from "../../../errors.js";
import { renderConfig } from "./config-document.js";
import { discoverSetup, type Discovery, type ServiceProposal } from "./discover.js";
import { loadKubeConfig } from "../../../sources/kubernetes/load-kube-config.js";
import { readRecentIncidents } from "./recent-incidents.js";
import { incidentSourceHints } from "../doctor/incident-source-checks.js";
import { PAGERDUTY_API_URL } from "../../../sources/pagerduty/pagerduty-client.js";
import { createArchiveCatalog, createClusterCatalog, type WorkflowCatalog } from "../../workflow-discovery/workflow-catalog.js";
import { createArchiveBrowser } from "../../../sources/argo/archive-browse.js";
import type { IncidentPlugin } from "../../../sources/incident/incident-client.js";
import { Redactor } from "../../../util/redact.js";
import type { Incident } from "../../../model/incident.js";
import { parseDurationSeconds } from "../../../util/duration.js";
import type { CliIo } from "../../io.js";
import { writeOutputFile } from "../../output-file.js";

interface InitFlags {
  yes?: boolean;
  force?: boolean;
  output: string;
  namespace?: string;
  source?: "archive" | "cluster";
  since: string;
}

/** Asks one question on the terminal; the answer, or the default for an empty line. */
export interface Prompter {
  ask(question: string, defaultAnswer: string): Promise<string>;
  close(): void;
}

export interface InitDependencies {
  /** Whether questions can be asked (default: stdin and stderr are terminals). */
  interactive?: boolean;
  prompter?: () => Prompter;
  /** The run's redactor, which the credentials init reads fill (default: one of init's own). */
  redactor?: Redactor;
}

const EXAMPLES = `
Examples:
  $ export ARGO_SERVER=https://argo.example.com ARGO_TOKEN=... GITHUB_TOKEN=... \\
           GRAFANA_URL=https://example.grafana.net GRAFANA_TOKEN=...
  $ dora init                      propose a config, confirm or edit each service, write dora.config.yaml
  $ dora init --yes                write the best guess without asking (guesses are commented)
  $ dora init --source cluster     read live Workflow objects through the kubeconfig instead of the archive
  $ dora init --output - --yes     print the config instead of writing it

Then: dora doctor (checks access and the guesses), dora report.
Exit codes: 0 written, 2 usage or an existing file (use --force), 3 a source failed or nothing deployable was found.`;

function terminalPrompter(): Prompter {
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  return {
    async ask(question, defaultAnswer) {
      const answer = (await readline.question(defaultAnswer ? `${question} [${defaultAnswer}] ` : `${question} `)).trim();
      return answer === "" ? defaultAnswer : answer;
    },
    close: () => readline.close(),
  };
}

export function initCommand(io: CliIo, dependencies: InitDependencies = {}): Command {
  return new Command("init")
    .description("discover your workflows, repositories and incident labels and write dora.config.yaml")
    .option("-y, --yes", "do not ask: write the best guess, with comments saying what was guessed")
    .option("--force", "overwrite an existing config file")
    .option("-o, --output <file>", "where to write the config; - for stdout", "dora.config.yaml")
    .option("--namespace <namespace>", "namespace of the workflows (default: ARGO_NAMESPACE, else argo)")
    .addOption(new Option("--source <source>", "read runs from the Argo archive or the cluster's live Workflow objects (default: archive when ARGO_SERVER is set)").choices(["archive", "cluster"]))
    .option("--since <duration>", "read runs and incidents this far back", "90d")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: InitFlags) => {
      await runInit(flags, io, dependencies);
    });
}

function requireUrl(env: NodeJS.ProcessEnv, name: string, fix: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set`, name, fix);
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new ConfigError(`${name} is not an http(s) URL: ${value}`, name, `set ${name} to a URL such as https://host.example.com`);
  }
  return value.replace(/\/+$/, "");
}

async function runInit(flags: InitFlags, io: CliIo, dependencies: InitDependencies): Promise<void> {
  const redactor = dependencies.redactor ?? new Redactor();
  const note = (text: string) => io.stderr(redactor.text(text) + "\n");
  const toStdout = flags.output === "-";
  const path = resolve(io.cwd, flags.output);
  if (!toStdout && existsSync(path) && !flags.force) {
    throw new ConfigError(`${path} already exists`, "--force", "pass --force to overwrite it, or --output FILE to write elsewhere");
  }
  const interactive = dependencies.interactive ?? (Boolean(process.stdin.isTTY) && io.stderrIsTTY);
  if (!flags.yes && !interactive) {
    throw new ConfigError("dora init asks questions on a terminal, and this is not one", "--yes", "pass --yes to write the best guess without asking");
  }
  const sinceSeconds = parseDurationSeconds(flags.since);
  if (sinceSeconds === undefined) throw new ConfigError(`--since "${flags.since}" is not a duration`, "--since", "e.g. --since 90d");

  const env = io.env;
  const now = io.now();
  const since = new Date(now.getTime() - sinceSeconds * 1000);
  const credentials = readCredentials(env, redactor);
  const source = flags.source ?? (env.ARGO_SERVER?.trim() ? "archive" : "cluster");
  const namespace = flags.namespace ?? env.ARGO_NAMESPACE?.trim() ?? "argo";
  const argoServer = source === "archive"
    ? requireUrl(env, "ARGO_SERVER", "export ARGO_SERVER=https://argo.example.com (the Argo Server) and ARGO_TOKEN, or use --source cluster with a kubeconfig")
    : env.ARGO_SERVER?.trim() ? requireUrl(env, "ARGO_SERVER", "") : undefined;
  const githubApiUrl = env.GITHUB_API_URL?.trim() ? requireUrl(env, "GITHUB_API_URL", "") : undefined;
  const grafanaUrl = env.GRAFANA_URL?.trim() ? requireUrl(env, "GRAFANA_URL", "") : undefined;
  if (!credentials.githubToken) note("dora: GITHUB_TOKEN is not set: repositories are checked without a token (public ones only, 60 requests an hour)");
  if (!grafanaUrl) note("dora: GRAFANA_URL is not set: incident labels are not discovered; set incidents.grafanaUrl before dora report");

  const catalog: WorkflowCatalog =
    source === "archive"
      ? createArchiveCatalog(createArchiveBrowser({ server: argoServer!, namespace, token: credentials.argoToken }))
      : createClusterCatalog(await loadKubeConfig(env), namespace);
  let incidents: Incident[] | undefined;
  let plugin: IncidentPlugin = "grafana-irm-app";
  if (grafanaUrl) {
    note(`dora: reading the incidents of the last ${flags.since} from ${grafanaUrl}`);
    const read = await readRecentIncidents({ grafanaUrl, token: credentials.grafanaToken, since, now });
    incidents = read.incidents;
    plugin = read.plugin;
  }
  note(`dora: reading workflow templates and runs from ${source === "archive" ? `the archive at ${argoServer}` : "the cluster"} (namespace ${namespace})`);
  const discovery = await discoverSetup({
    catalog,
    github: { apiUrl: githubApiUrl, token: credentials.githubToken },
    incidents,
    since,
    onProgress: (message) => note(`dora: ${message}`),
  });
  for (const skipped of discovery.skipped) note(`dora: left out ${skipped.template.value}: ${skipped.reason}`);
  if (discovery.services.length === 0) {
    throw new SourceError(source === "archive" ? "argo" : "kubernetes", `found no workflow template whose runs since ${since.toISOString().slice(0, 10)} carry a commit SHA`, {
      hint: `check the namespace (--namespace ${namespace}), widen --since, or write dora.config.yaml by hand (see the README's configuration section)`,
    });
  }

  if (!flags.yes) await reviewProposals(discovery, (dependencies.prompter ?? terminalPrompter)(), note);
  if (discovery.services.length === 0) throw new ConfigError("every proposed service was rejected: nothing to write", "dora init", "run dora init again and keep at least one service");

  // PagerDuty and GitHub issues (docs/incident-sources.md): what to map, shown, not written.
  const pagerdutyApiUrl = env.PAGERDUTY_API_URL?.trim() ? requireUrl(env, "PAGERDUTY_API_URL", "") : PAGERDUTY_API_URL;
  for (const line of await incidentSourceHints({
    services: discovery.services.map((service) => ({ name: service.name, repo: service.repo?.value })),
    ...(credentials.pagerdutyToken ? { pagerduty: { apiUrl: pagerdutyApiUrl, token: credentials.pagerdutyToken } } : {}),
    ...(credentials.githubToken ? { github: { apiUrl: githubApiUrl ?? "https://api.github.com", token: credentials.githubToken } } : {}),
    http: { retries: 1 },
  })) note(line);

  const text = renderConfig(discovery, {
    argo: { ...(argoServer ? { server: argoServer } : {}), namespace, source },
    github: { ...(githubApiUrl ? { apiUrl: githubApiUrl } : {}) },
    ...(grafanaUrl ? { incidents: { grafanaUrl, plugin } } : {}),
    generatedAt: now,
    since,
  });
  if (toStdout) {
    await io.stdout(text);
    return;
  }
  await writeOutputFile(path, text);
  note(`dora: wrote ${path} with ${discovery.services.length} service(s): ${discovery.services.map((s) => s.name).join(", ")}`);
  note("dora: next: check the commented guesses, then run `dora doctor` and `dora report`");
}

function describeProposal(service: ServiceProposal, index: number, total: number): string {
  const labels = service.incidentLabels ? Object.entries(service.incidentLabels.value).map(([k, v]) => `${k}=${v}`).join(",") : "(none)";
  const row = (key: string, value: string, reason?: string) => `  ${key.padEnd(16)}${value}${reason ? `   (${reason})` : ""}`;
  return [
    `\nService ${index + 1} of ${total}: ${service.name}   (template ${service.template.value}, ${service.runs} run(s) listed, ${service.inspected} read)`,
    row("labelSelector", service.labelSelector),
    row("repo", service.repo?.value ?? "(not found)", service.repo?.reason),
    row("productionStep", service.productionStep?.value ?? "(none: the whole run)", service.productionStep?.reason),
    row("commit", service.commit?.value ?? "(none)", service.commit?.reason),
    row("incident labels", labels, service.incidentLabels?.reason),
  ].join("\n");
}

/** key=value,key2=value2 → record; empty → undefined. */
function parseLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const part of text.split(",").map((p) => p.trim()).filter((p) => p !== "" && p !== "(none)")) {
    const index = part.indexOf("=");
    if (index <= 0) throw new ConfigError(`"${part}" is not key=value`, "incident labels", "write e.g. service=checkout");
    labels[part.slice(0, index).trim()] = part.slice(index + 1).trim();
  }
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/** Edits a proposal field by field; the answers replace the guesses. */
async function editProposal(service: ServiceProposal, prompter: Prompter, note: (text: string) => void): Promise<void> {
  for (;;) {
    const name = await prompter.ask("  name:", service.name);
    const repo = await prompter.ask("  repo (owner/name):", service.repo?.value ?? "");
    const labelSelector = await prompter.ask("  labelSelector:", service.labelSelector);
    const stepHint = service.productionStepOptions.length > 0 ? ` (candidates: ${service.productionStepOptions.join(", ")}; - for none)` : " (- for none)";
    const step = await prompter.ask(`  productionStep${stepHint}:`, service.productionStep?.value ?? "-");
    const commit = await prompter.ask(`  commit (parameter:NAME, label:KEY or annotation:KEY; seen: ${service.commitOptions.join(", ") || "none"}):`, service.commit?.value ?? "");
    const currentLabels = service.incidentLabels ? Object.entries(service.incidentLabels.value).map(([k, v]) => `${k}=${v}`).join(",") : "";
    let labels: Record<string, string> | undefined;
    try {
      labels = parseLabels(await prompter.ask("  incident labels (key=value,...; - for none):", currentLabels || "-").then((answer) => (answer === "-" ? "" : answer)));
    } catch (error) {
      note(`  ${(error as Error).message}; try again`);
      continue;
    }
    const candidate = {
      name,
      repo,
      workflows: { labelSelector, ...(step && step !== "-" ? { productionStep: step } : {}), commit },
      ...(labels ? { incidents: { labels } } : {}),
    };
    const checked = serviceSchema.safeParse(candidate);
    if (!checked.success) {
      note(`  not valid: ${formatConfigIssues(checked.error.issues).join("; ")}; try again`);
      continue;
    }
    // An unchanged answer keeps its guess and reason; a changed one is the user's.
    const keep = <T>(guess: { value: T; reason: string } | undefined, value: T) => ({ value, reason: guess && JSON.stringify(guess.value) === JSON.stringify(value) ? guess.reason : "entered" });
    service.name = name;
    service.repo = { ...keep(service.repo, repo), check: service.repo?.value === repo ? service.repo.check : "unchecked" };
    service.labelSelector = labelSelector;
    if (step && step !== "-") service.productionStep = keep(service.productionStep, step);
    else delete service.productionStep;
    service.commit = keep(service.commit, commit);
    if (labels) service.incidentLabels = keep(service.incidentLabels, labels);
    else delete service.incidentLabels;
    return;
  }
}

/** On a terminal: confirm, edit or drop each proposed service. */
async function reviewProposals(discovery: Discovery, prompter: Prompter, note: (text: string) => void): Promise<void> {
  try {
    const kept: ServiceProposal[] = [];
    const total = discovery.services.length;
    for (const [index, service] of discovery.services.entries()) {
      note(describeProposal(service, index, total));
      for (;;) {
        const answer = (await prompter.ask("Keep this service? yes / no / edit", "yes")).toLowerCase();
        if (answer === "y" || answer === "yes") {
          kept.push(service);
          break;
        }
        if (answer === "n" || answer === "no") {
          discovery.skipped.push({ template: service.template, reason: "rejected in dora init" });
          break;
        }
        if (answer === "e" || answer === "edit") {
          await editProposal(service, prompter, note);
          note(describeProposal(service, index, total));
          continue;
        }
        note("  answer yes, no or edit");
      }
    }
    discovery.services = kept;
  } finally {
    prompter.close();
  }
}
