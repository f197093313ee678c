import { readFileSync } from "node:fs";
import YAML from "yaml";
import { describe, expect, it } from "vitest";

// examples/kubernetes/dora-cronjob.yaml against the Kubernetes API schemas (kubernetes-models: the
// OpenAPI schemas of the Kubernetes API as JSON-schema validators) and against the "restricted"
// Pod Security Standard, whose controls are checked below one by one
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted).

type Json = Record<string, any>;
const manifests: Json[] = YAML.parseAllDocuments(readFileSync("examples/kubernetes/dora-cronjob.yaml", "utf8")).map((document) => document.toJS());

/** kubernetes-models/<group>/<version>/<Kind>; the core group is plain "v1". */
async function validate(manifest: Json): Promise<void> {
  const module = await import(`kubernetes-models/${manifest.apiVersion}/${manifest.kind}`);
  new module[manifest.kind](manifest).validate();
}

const ALLOWED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/** The restricted profile's violations in a pod spec, as "control: where". */
function restrictedViolations(pod: Json): string[] {
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  for (const host of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[host]) problems.push(`host namespaces: ${host}`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== "name");
    if (!ALLOWED_VOLUMES.includes(type!)) problems.push(`volume types: ${volume.name} is ${type}`);
  }
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const context = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (context.privileged) problems.push(`privileged: ${where}`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`privilege escalation: ${where} must set allowPrivilegeEscalation: false`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`running as non-root: ${where}`);
    if ((context.runAsUser ?? podContext.runAsUser) === 0) problems.push(`running as non-root user: ${where}`);
    const seccomp = (context.seccompProfile ?? podContext.seccompProfile)?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`seccomp: ${where} needs seccompProfile.type RuntimeDefault or Localhost`);
    if (!context.capabilities?.drop?.includes("ALL")) problems.push(`capabilities: ${where} must drop ALL`);
    for (const added of context.capabilities?.add ?? []) if (added !== "NET_BIND_SERVICE") problems.push(`capabilities: ${where} adds ${added}`);
  }
  return problems;
}

describe("examples/kubernetes/dora-cronjob.yaml", () => {
  it.each(manifests.map((manifest) => [`${manifest.kind} ${manifest.metadata.name}`, manifest]))("%s is valid against the Kubernetes schema", async (_name, manifest) => {
    await validate(manifest);
  });

  it("the schema check can fail: a seccompProfile type that is not a string is refused", async () => {
    const cronJob = structuredClone(manifests.find((manifest) => manifest.kind === "CronJob")!);
    cronJob.spec.jobTemplate.spec.template.spec.securityContext.seccompProfile.type = 3;
    await expect(validate(cronJob)).rejects.toThrow(/seccompProfile\/type/);
  });

  it('meets the "restricted" Pod Security profile', () => {
    const pod = manifests.find((manifest) => manifest.kind === "CronJob")!.spec.jobTemplate.spec.template.spec;
    expect(restrictedViolations(pod)).toEqual([]);
    // Without the seccomp profile the pod would be rejected in a restricted namespace.
    const { seccompProfile: _removed, ...context } = pod.securityContext;
    expect(restrictedViolations({ ...pod, securityContext: context })).toEqual(["seccomp: container dora needs seccompProfile.type RuntimeDefault or Localhost"]);
  });
});
