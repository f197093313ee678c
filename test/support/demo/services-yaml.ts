/** The `services:` entries of a generated config: every generated pipeline has the same shape. */
export function servicesYaml(services: ReadonlyArray<{ name: string; repo: string }>): string {
  return services
    .map(
      ({ name, repo }) => `  - name: ${name}
    repo: ${repo}
    workflows:
      labelSelector: workflows.argoproj.io/workflow-template=deploy-${name}
      productionStep: deploy-production
      commit: parameter:commit-sha
    incidents:
      labels: { service: ${name} }`,
    )
    .join("\n");
}
