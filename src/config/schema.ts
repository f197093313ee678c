import { z } from "zod";
import { DURATION_FORM, parseDurationSeconds } from "../util/duration.js";

// The config file's strict schema (README "Configuration"). Every field has a default or an example in
// its description; unknown keys are errors so a typo never silently changes a figure.

const duration = (example: string) =>
  z
    .string({ error: `expected ${DURATION_FORM}` })
    .refine((text) => parseDurationSeconds(text) !== undefined, { error: `expected ${DURATION_FORM}` })
    .describe(`duration, e.g. ${example}`);

const isValidTimezone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const timezoneSchema = z
  .string()
  .refine(isValidTimezone, { error: 'expected an IANA time zone such as "UTC" or "Europe/Berlin"' });

const commitSource = z
  .string()
  .regex(/^(parameter|label|annotation):.+$/, {
    error: 'expected "parameter:NAME", "label:KEY" or "annotation:KEY"',
  })
  .describe("where the deployed commit SHA is read from, e.g. parameter:commit-sha");

const repoSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected "owner/name", e.g. grafana/backstage' });

/** Where incidents are read from (docs/incident-sources.md); a list reads several and merges them. */
export const INCIDENT_SOURCE_KINDS = ["grafana", "pagerduty", "github-issues"] as const;
export type IncidentSourceKind = (typeof INCIDENT_SOURCE_KINDS)[number];
const incidentSourceKind = z.enum(INCIDENT_SOURCE_KINDS, { error: 'expected "grafana", "pagerduty" or "github-issues"' });

/** The PagerDuty services whose incidents are this dora service's (by id, or by name when ids are unknown). */
const pagerDutyServiceMapping = z
  .strictObject({
    serviceIds: z.array(z.string().min(1)).min(1).optional().describe("PagerDuty service ids, e.g. [PIJ90N7]"),
    serviceNames: z.array(z.string().min(1)).min(1).optional().describe("PagerDuty service names, e.g. [Backstage]"),
  })
  .refine((mapping) => mapping.serviceIds !== undefined || mapping.serviceNames !== undefined, {
    error: "list serviceIds and/or serviceNames, e.g. { serviceIds: [PIJ90N7] }",
  })
  .describe("PagerDuty services of this service, e.g. { serviceIds: [PIJ90N7] }");

export const serviceSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a name of letters, digits, '.', '_' or '-'" })
    .describe("service name (the blog's workflow_group), e.g. backstage"),
  repo: repoSchema.describe("GitHub repository, e.g. grafana/backstage"),
  workflows: z.strictObject({
    labelSelector: z
      .string()
      .min(1)
      .describe("Kubernetes label selector of the production workflows, e.g. workflows.argoproj.io/workflow-template=deploy-backstage"),
    productionStep: z
      .string()
      .min(1)
      .optional()
      .describe("node displayName or templateName of the production step (the shallowest match counts), e.g. deploy-production"),
    productionStepPath: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9]*(\.[A-Za-z0-9][-A-Za-z0-9]*)*$/, {
        error: 'expected task or step names joined by ".", e.g. release.deploy-production',
      })
      .optional()
      .describe("pins the production step when its name repeats: the node's path below the workflow (task or step names joined by \".\"), e.g. release.deploy-production"),
    commit: commitSource.default("parameter:commit-sha"),
  })
    .refine((workflows) => workflows.productionStepPath === undefined || workflows.productionStep !== undefined, {
      error: "productionStepPath pins one node of productionStep: set productionStep too",
      path: ["productionStepPath"],
    }),
  incidents: z
    .strictObject({
      labels: z
        .record(z.string(), z.string())
        .optional()
        .describe("incident label key/value pairs marking this service, e.g. { service: backstage }"),
      pagerduty: pagerDutyServiceMapping.optional(),
    })
    .optional(),
});

const TIERS = ["elite", "high", "medium", "low"] as const;

const rate = (example: number) =>
  z
    .number({ error: `expected a fraction between 0 and 1, e.g. ${example}` })
    .min(0, { error: `expected a fraction between 0 and 1, e.g. ${example}` })
    .max(1, { error: `expected a fraction between 0 and 1, e.g. ${example}` })
    .describe(`fraction between 0 and 1, e.g. ${example}`);

/** Limits for one scope; a breach exits 1 (flags such as --fail-lead-time override them). */
const metricThresholdsShape = {
  changeFailureRate: rate(0.15).optional().describe("fail when the change failure rate is above this, e.g. 0.15"),
  leadTime: duration("7d").optional().describe("fail when the median lead time is above this, e.g. 7d"),
  restoreTime: duration("1d").optional().describe("fail when the median time to restore is above this, e.g. 1d"),
  deploysPerWeek: z
    .number({ error: "expected a number of deployments per week, e.g. 1" })
    .min(0, { error: "expected a number of deployments per week, e.g. 1" })
    .optional()
    .describe("fail when deployments per week are below this, e.g. 1"),
  reworkRate: rate(0.1).optional().describe("fail when the deployment rework rate is above this, e.g. 0.1"),
  belowTier: z
    .enum(TIERS, { error: 'expected "elite", "high", "medium" or "low"' })
    .optional()
    .describe("fail when any metric's DORA tier is below this, e.g. high"),
};

export const thresholdsSchema = z
  .strictObject({
    ...metricThresholdsShape,
    services: z
      .record(z.string(), z.strictObject(metricThresholdsShape))
      .optional()
      .describe("per-service limits, e.g. { backstage: { leadTime: 2d } }"),
  })
  .describe("e.g. { changeFailureRate: 0.15, leadTime: 7d, belowTier: high, services: { backstage: { leadTime: 2d } } }");

export const configSchema = z.strictObject({
  timezone: timezoneSchema.default("UTC").describe("report time zone, e.g. Europe/Berlin"),
  lookback: duration("90d").default("90d"),
  argo: z
    .strictObject({
      server: z.url({ error: "expected an http(s) URL, e.g. https://argo.example.com" }).optional(),
      namespace: z.string().min(1).default("argo"),
      source: z.enum(["archive", "cluster", "both"]).default("archive"),
      maxRunDuration: duration("2d")
        .default("2d")
        .describe("longest time from a run's start to its production step's finish (approval waits included); the archive is listed this much before the lookback, e.g. 7d"),
    })
    .prefault({}),
  github: z
    .strictObject({
      apiUrl: z.url({ error: "expected an http(s) URL, e.g. https://api.github.com" }).optional(),
    })
    .prefault({}),
  incidents: z
    .strictObject({
      grafanaUrl: z.url({ error: "expected an http(s) URL, e.g. https://example.grafana.net" }).optional(),
      plugin: z.enum(["grafana-irm-app", "grafana-incident-app"]).default("grafana-irm-app"),
      includeDrills: z.boolean().default(false),
      source: z
        .union([incidentSourceKind, z.array(incidentSourceKind).min(1, { error: "list at least one incident source" })])
        .default("grafana")
        .describe("grafana | pagerduty | github-issues, or a list of them to read several and merge, e.g. [grafana, pagerduty]"),
      pagerduty: z
        .strictObject({
          apiUrl: z
            .url({ error: "expected an http(s) URL, e.g. https://api.eu.pagerduty.com" })
            .optional()
            .describe("REST API base URL; default: the region's (https://api.pagerduty.com, EU: https://api.eu.pagerduty.com)"),
          region: z
            .enum(["us", "eu"], { error: 'expected "us" or "eu"' })
            .default("us")
            .describe("the account's service region: us (api.pagerduty.com) or eu (api.eu.pagerduty.com)"),
          urgencies: z
            .array(z.enum(["high", "low"], { error: 'expected "high" or "low"' }))
            .min(1)
            .optional()
            .describe("only incidents of these urgencies, e.g. [high]"),
          attributionFromNotes: z
            .boolean()
            .default(false)
            .describe("read each incident's notes for `deployment:` / `commit:` lines (one request per incident)"),
          attributionFromCustomFields: z
            .boolean()
            .default(false)
            .describe("read each incident's custom fields named deployment / commit (one request per incident)"),
        })
        .prefault({}),
      githubIssues: z
        .strictObject({
          label: z.string().min(1).default("incident").describe("the label marking an issue as an incident, e.g. incident"),
          repo: repoSchema
            .optional()
            .describe("one repository holding every service's incident issues, e.g. acme/incidents (default: each service's repo)"),
        })
        .prefault({}),
    })
    .prefault({}),
  leadTime: z
    .strictObject({ start: z.enum(["authored", "committed", "pull-request"]).default("authored") })
    .prefault({}),
  attribution: z.strictObject({ window: duration("24h").default("24h") }).prefault({}),
  changeFailure: z.strictObject({ countFailedRollouts: z.boolean().default(false) }).prefault({}),
  rework: z.strictObject({ grace: duration("1h").default("1h") }).prefault({}),
  thresholds: thresholdsSchema.optional(),
  services: z
    .array(serviceSchema)
    .min(1, { error: "list at least one service" })
    .superRefine((services, ctx) => {
      const seen = new Set<string>();
      services.forEach((service, index) => {
        if (seen.has(service.name)) {
          ctx.addIssue({ code: "custom", path: [index, "name"], message: `duplicate service name "${service.name}"` });
        }
        seen.add(service.name);
      });
    }),
});

/** The config file as written (before defaults). */
export type DoraConfigInput = z.input<typeof configSchema>;
/** The validated config with defaults applied. */
export type DoraConfig = z.output<typeof configSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type ThresholdsConfig = z.output<typeof thresholdsSchema>;
