// The dora.config.yaml `dora init` writes: the proposals as a config, each guess commented with
// its reason, validated against the config schema before anyone writes it.

import YAML from "yaml";
import { parseConfig } from "../config/load-config.js";
import type { DoraConfigInput } from "../config/schema.js";
import { CONFIG_SCHEMA_MODELINE } from "../schema/config-schema-url.js";
import type { IncidentPlugin } from "../sources/incident/incident-client.js";
import type { Discovery, ServiceProposal } from "./discover.js";

export interface ConfigSettings {
  argo: { server?: string; namespace: string; source: "archive" | "cluster" };
  github: { apiUrl?: string };
  /** Present when Grafana was configured. */
  incidents?: { grafanaUrl: string; plugin: IncidentPlugin };
  generatedAt: Date;
  /** Start of what discovery read. */
  since: Date;
}

/** Placeholder owner for a service whose repository could not be found; the comment says to replace it. */
export const UNKNOWN_OWNER = "OWNER";

const day = (date: Date) => date.toISOString().slice(0, 10);
/** The comment of a value: the guess's reason, or that the user typed it. */
const why = (reason: string) => (reason === "entered" ? "entered in dora init" : `guessed: ${reason}`);

function serviceInput(service: ServiceProposal): NonNullable<DoraConfigInput["services"]>[number] {
  return {
    name: service.name,
    repo: service.repo?.value ?? `${UNKNOWN_OWNER}/${service.name}`,
    workflows: {
      labelSelector: service.labelSelector,
      ...(service.productionStep ? { productionStep: service.productionStep.value } : {}),
      commit: service.commit?.value ?? "parameter:commit-sha",
    },
    ...(service.incidentLabels ? { incidents: { labels: service.incidentLabels.value } } : {}),
  };
}

/** The config as YAML text with comments; throws ConfigError when it would not pass the schema. */
export function renderConfig(discovery: Discovery, settings: ConfigSettings): string {
  const input: DoraConfigInput = {
    timezone: "UTC",
    lookback: "90d",
    argo: {
      ...(settings.argo.server ? { server: settings.argo.server } : {}),
      namespace: settings.argo.namespace,
      source: settings.argo.source,
    },
    ...(settings.github.apiUrl ? { github: { apiUrl: settings.github.apiUrl } } : {}),
    ...(settings.incidents ? { incidents: { grafanaUrl: settings.incidents.grafanaUrl, plugin: settings.incidents.plugin } } : {}),
    services: discovery.services.map(serviceInput),
  };
  const doc = new YAML.Document(input);
  doc.commentBefore = [
    // First line: editors with the YAML language server complete and check the keys against the schema.
    ` ${CONFIG_SCHEMA_MODELINE}`,
    ` Written by \`dora init\` on ${day(settings.generatedAt)} from the runs since ${day(settings.since)}.`,
    " Comments say what was guessed and why: check them, then run `dora doctor`, then `dora report`.",
    " Tokens never go here: GITHUB_TOKEN, ARGO_TOKEN and GRAFANA_TOKEN come from the environment.",
  ].join("\n");

  discovery.services.forEach((service, index) => {
    const at = (...path: Array<string | number>) => doc.getIn(["services", index, ...path], true) as YAML.Scalar | undefined;
    const setComment = (path: Array<string | number>, text: string) => {
      const node = at(...path);
      if (node) node.comment = ` ${text}`;
    };
    const item = doc.getIn(["services", index], true) as YAML.YAMLMap;
    const notes = [` ${service.name}: workflow template ${service.template.value}, ${service.runs} run(s) listed, ${service.inspected} read`];
    if (!service.productionStep) {
      notes.push(
        ` no node name looks like a production step, so each finished run counts as a deployment` +
          (service.nodeNames.length > 0 ? `; nodes seen: ${service.nodeNames.slice(0, 12).join(", ")}` : ""),
      );
    }
    if (!service.incidentLabels && settings.incidents) notes.push(" no incident label names this service: add incidents.labels, e.g. { service: NAME }");
    item.commentBefore = notes.join("\n");

    setComment(["name"], `guessed from the template name ${service.template.value}`);
    if (service.repo) {
      const others = service.repoOptions.filter((repo) => repo.toLowerCase() !== service.repo!.value.toLowerCase());
      setComment(["repo"], `${why(service.repo.reason)}${others.length > 0 ? `; also seen: ${others.join(", ")}` : ""}`);
    } else {
      setComment(["repo"], `TODO: no run names a repository; replace ${UNKNOWN_OWNER} with the GitHub owner`);
    }
    if (service.productionStep) {
      const others = service.productionStepOptions.filter((step) => step !== service.productionStep!.value);
      setComment(["workflows", "productionStep"], `${why(service.productionStep.reason)}${others.length > 0 ? `; other candidates: ${others.join(", ")}` : ""}`);
    }
    if (service.commit) {
      const others = service.commitOptions.filter((commit) => commit !== service.commit!.value);
      setComment(["workflows", "commit"], `${why(service.commit.reason)}${others.length > 0 ? `; also: ${others.join(", ")}` : ""}`);
    }
    if (service.incidentLabels) {
      const [key] = Object.keys(service.incidentLabels.value);
      if (key !== undefined) setComment(["incidents", "labels", key], why(service.incidentLabels.reason));
    }
  });

  const trailer: string[] = [];
  if (discovery.skipped.length > 0) {
    trailer.push(" Workflow templates left out (add them by hand if they deploy):");
    for (const skipped of discovery.skipped) trailer.push(`   ${skipped.template.value}: ${skipped.reason}`);
  }
  if (discovery.incidentLabels.length > 0) {
    trailer.push(` Incident labels seen on the ${discovery.incidentsRead ?? 0} recent incident(s):`);
    for (const label of discovery.incidentLabels) trailer.push(`   ${label.key}: ${label.values.slice(0, 12).join(", ")}`);
  }
  if (trailer.length > 0) doc.comment = trailer.join("\n");

  const text = doc.toString({ lineWidth: 0 });
  // Never write a file that `dora report` would reject.
  parseConfig(text, "dora.config.yaml (generated)");
  return text;
}
