import { readFileSync } from "node:fs";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { runCli } from "../cli/run-cli.js";

// The examples are documentation people copy: they must parse, wire cache/state/secrets the way
// docs/nightly-ci.md ("Run it nightly") says, and use only flags dora has.

const workflow = YAML.parse(readFileSync("examples/github-actions/dora-nightly.yml", "utf8"));
const manifests = YAML.parseAllDocuments(readFileSync("examples/kubernetes/dora-cronjob.yaml", "utf8")).map((document) => document.toJS());
const byKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);

/** Every `dora <command> …` invocation in a shell script (line continuations joined), as command + flags. */
function doraInvocations(script: string): { command: string; flags: string[] }[] {
  return script
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => /(?:^|\s|exec\s)dora (report|backfill|record)\b(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ command: match[1]!, flags: [...match[2]!.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((flag) => flag[1]!) }));
}

async function expectKnownFlags(invocations: { command: string; flags: string[] }[]): Promise<void> {
  expect(invocations.length).toBeGreaterThan(0);
  for (const { command, flags } of invocations) {
    const help = (await runCli([command, "--help"])).stdout;
    for (const flag of flags) expect(help, `dora ${command} ${flag}`).toMatch(new RegExp(`(?:^|[ ,])${flag}\\b`, "m"));
  }
}

describe("examples/github-actions/dora-nightly.yml", () => {
  const steps: { uses?: string; run?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> }[] = workflow.jobs.dora.steps;

  it("runs nightly on a cron and on demand", () => {
    expect(workflow.on.schedule[0].cron.split(" ")).toHaveLength(5);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it("restores and always saves the cache dir and state file under one path", () => {
    const restore = steps.find((step) => step.uses?.startsWith("actions/cache/restore@"))!;
    const save = steps.find((step) => step.uses?.startsWith("actions/cache/save@"))!;
    expect(restore.with!.path).toBe(".dora");
    expect(save.with!.path).toBe(".dora");
    expect(save.if).toBe("always()");
    expect(steps.indexOf(save)).toBe(steps.length - 1);
    const scripts = steps.map((step) => step.run ?? "").join("\n");
    expect(scripts).toContain('--state "$DORA_DATA/backfill-state.json"');
    expect(scripts.match(/--cache-dir "\$DORA_DATA\/cache"/g)).toHaveLength(3);
    expect(workflow.jobs.dora.env.DORA_DATA).toBe("${{ github.workspace }}/.dora");
  });

  it("backfills to an OTLP endpoint from secrets, writes the step summary and uploads the HTML", () => {
    const backfill = steps.find((step) => step.run?.includes("dora backfill"))!;
    expect(backfill.env!.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("${{ secrets.OTEL_EXPORTER_OTLP_ENDPOINT }}");
    const report = steps.find((step) => step.run?.includes("--summary"))!;
    expect(report.run).toContain("--format html --output dora-report.html");
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.if).toBe("always()");
    expect(upload.with!.path).toContain("dora-report.html");
    for (const name of ["ARGO_TOKEN", "GRAFANA_TOKEN"]) expect(workflow.jobs.dora.env[name]).toBe(`\${{ secrets.${name} }}`);
  });

  it("uses only flags dora has", async () => {
    await expectKnownFlags(steps.flatMap((step) => doraInvocations(step.run ?? "")));
  });
});

describe("examples/kubernetes/dora-cronjob.yaml", () => {
  const cronJob = byKind("CronJob")[0];
  const pod = cronJob.spec.jobTemplate.spec.template.spec;

  it("grants the service account list and get on Argo Workflows, nothing more", () => {
    const [serviceAccount] = byKind("ServiceAccount");
    const [role] = byKind("Role");
    const [binding] = byKind("RoleBinding");
    expect(role.rules).toEqual([{ apiGroups: ["argoproj.io"], resources: ["workflows"], verbs: ["list", "get"] }]);
    expect(binding.roleRef).toMatchObject({ kind: "Role", name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: "argo" }]);
    expect(pod.serviceAccountName).toBe(serviceAccount.metadata.name);
  });

  it("reads its config from a ConfigMap: a valid dora config with argo.source cluster and thresholds", () => {
    const [configMap] = byKind("ConfigMap");
    const config = configSchema.parse(YAML.parse(configMap.data["dora.config.yaml"]));
    expect(config.argo.source).toBe("cluster");
    expect(config.thresholds?.services?.backstage?.leadTime).toBe("2d");
    expect(pod.volumes.find((volume: { name: string }) => volume.name === "config").configMap.name).toBe(configMap.metadata.name);
  });

  it("takes tokens from a Secret and keeps cache and state on a volume", () => {
    const [container] = pod.containers;
    expect(container.envFrom).toEqual([{ secretRef: { name: "dora-tokens" } }]);
    expect(JSON.stringify(container.env)).not.toMatch(/TOKEN/);
    const script = container.args[0] as string;
    expect(script).toContain("--state /data/backfill-state.json --cache-dir /data/cache");
    expect(pod.volumes.find((volume: { name: string }) => volume.name === "data").persistentVolumeClaim.claimName).toBe(byKind("PersistentVolumeClaim")[0].metadata.name);
    expect(cronJob.spec.concurrencyPolicy).toBe("Forbid");
  });

  it("uses only flags dora has", async () => {
    await expectKnownFlags(doraInvocations(pod.containers[0].args[0]));
  });
});
