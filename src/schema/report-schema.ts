import { z } from "zod";
import type { Report } from "../model/report.js";
import type { PreviousPeriod } from "../report/previous.js";
import { WARNING_CODES } from "../model/warning-catalog.js";

// The `schemaVersion: 1` JSON report (src/model/report.ts, docs/metric-definitions.md "JSON report
// contract") as a zod schema, from which schemas/report.schema.json is generated. It is checked
// against the TypeScript types both ways at compile time (below), so neither can drift alone;
// objects are strict so a key the renderer adds without the schema fails the schema tests.

const nullableNumber = z.number().nullable();
const tier = z.enum(["elite", "high", "medium", "low"]);
const instant = z.string().describe("an ISO 8601 instant, e.g. 2026-11-16T00:00:00.000Z");

export const metricSetSchema = z
  .strictObject({
  deploymentFrequency: z.strictObject({
    deployments: z.number(),
    perDay: z.number(),
    perWeek: z.number(),
    deployDays: z.number(),
    medianDeployDaysPerWeek: nullableNumber,
    tier: tier.nullable(),
  }),
  leadTime: z.strictObject({
    changes: z.number(),
    meanSeconds: nullableNumber,
    medianSeconds: nullableNumber,
    p90Seconds: nullableNumber,
    tier: tier.nullable(),
  }),
  changeFailureRate: z.strictObject({
    deployments: z.number(),
    failedDeployments: z.number(),
    rate: nullableNumber,
    tier: tier.nullable(),
  }),
  timeToRestore: z.strictObject({
    incidents: z.number(),
    resolved: z.number(),
    active: z.number(),
    meanSeconds: nullableNumber,
    medianSeconds: nullableNumber,
    p90Seconds: nullableNumber,
    tier: tier.nullable(),
  }),
  failedDeploymentRecoveryTime: z.strictObject({
    count: z.number(),
    meanSeconds: nullableNumber,
    medianSeconds: nullableNumber,
    p90Seconds: nullableNumber,
  }),
  reworkRate: z.strictObject({
    deployments: z.number(),
    reworkDeployments: z.number(),
    rate: nullableNumber,
  }),
  })
  .meta({ id: "MetricSet", description: "The DORA figures for one scope (overall, a service, a bucket)" });

const windowSchema = z.strictObject({ from: instant, to: instant, timezone: z.string() }).meta({ id: "Window" });
const servicesSchema = z.record(z.string(), metricSetSchema);

const deploymentRef = z.strictObject({ id: z.string(), name: z.string(), sha: z.string(), finishedAt: instant }).meta({ id: "DeploymentRef" });

const lineageSchema = z.strictObject({
  reason: z.enum(["first-deployment", "comparison-not-found", "redeploy", "identical", "rollback", "already-deployed", "ahead", "high-water", "diverged"]),
  previous: deploymentRef.nullable(),
  base: deploymentRef.nullable(),
  compared: z.strictObject({ base: z.string(), head: z.string() }).nullable(),
  alreadyDeployed: z.array(z.string()),
});

const reworkReason = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("rollback") }),
  z.strictObject({ kind: z.literal("open-incident"), incidentId: z.string(), openFrom: instant, openUntil: instant }),
]);

const deploymentRow = z.strictObject({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  repo: z.string(),
  sha: z.string(),
  status: z.enum(["succeeded", "failed"]),
  startedAt: instant,
  finishedAt: instant,
  changes: z.number(),
  failed: z.boolean(),
  rework: z.boolean(),
  rollback: z.boolean(),
  incidentIds: z.array(z.string()),
  url: z.string().nullable(),
  traceId: z.string(),
  lineage: lineageSchema.optional(),
  reworkReasons: z.array(reworkReason).optional(),
  recoverySeconds: nullableNumber.optional(),
});

const changeRow = z.strictObject({
  sha: z.string(),
  service: z.string(),
  repo: z.string(),
  authoredAt: instant.nullable(),
  committedAt: instant.nullable(),
  deploymentId: z.string(),
  deployedAt: instant,
  leadTimeSeconds: nullableNumber,
  leadTimeExcluded: z.enum(["non-positive-lead-time", "missing-commit-date"]).optional(),
});

const attributionLabel = z.strictObject({ key: z.enum(["deployment", "commit"]), value: z.string() }).meta({ id: "AttributionLabel" });

const attributionReason = z.strictObject({
  rule: z.enum(["deployment-label", "commit-label", "inferred", "outside-window", "no-earlier-deployment", "drill", "no-service"]),
  label: attributionLabel.nullable(),
  ignoredLabels: z.array(attributionLabel),
  latestDeployment: deploymentRef.nullable(),
  secondsAfterLatest: nullableNumber,
  windowSeconds: z.number(),
  serviceLabels: z.record(z.string(), z.string()).nullable(),
});

const incidentRow = z.strictObject({
  id: z.string(),
  title: z.string(),
  service: z.string().nullable(),
  severity: z.string(),
  status: z.enum(["active", "resolved"]),
  isDrill: z.boolean(),
  startedAt: instant,
  resolvedAt: instant.nullable(),
  restoreSeconds: nullableNumber,
  deploymentId: z.string().nullable(),
  attribution: z.enum(["label", "inferred", "none"]),
  attributionReason: attributionReason.optional(),
});

const warningSchema = z.strictObject({
  code: z.enum(WARNING_CODES).describe("a code of docs/warnings.md"),
  message: z.string(),
  subject: z.string().optional(),
});

/** The report as src/model/report.ts types it. */
export const reportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  generatedAt: instant,
  window: windowSchema,
  benchmark: z.literal("dora-2023"),
  overall: metricSetSchema,
  services: servicesSchema,
  buckets: z.array(z.strictObject({ start: instant, end: instant, overall: metricSetSchema, services: servicesSchema })),
  deployments: z.array(deploymentRow),
  changes: z.array(changeRow),
  incidents: z.array(incidentRow),
  warnings: z.array(warningSchema),
});

const previousPeriodSchema = z.strictObject({ window: windowSchema, overall: metricSetSchema, services: servicesSchema });

/** The JSON document `dora report --format json` writes: the report, plus `previous` with --compare previous. */
export const reportDocumentSchema = reportSchema
  .extend({ previous: previousPeriodSchema.optional().describe("--compare previous: the figures of the window of equal length just before") })
  .meta({ title: "dora JSON report, schemaVersion 1" });

// Compile-time check: the schema's type and the TypeScript type are assignable both ways, also with
// every key made required (so an extra optional key on either side fails too): neither can drift alone.
type DeepRequired<T> = T extends object ? { [K in keyof T]-?: DeepRequired<T[K]> } : T;
type BothWays<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Same<A, B> = BothWays<A, B> extends true ? BothWays<DeepRequired<A>, DeepRequired<B>> : false;
const reportMatches: Same<z.output<typeof reportSchema>, Report> = true;
const previousMatches: Same<z.output<typeof previousPeriodSchema>, PreviousPeriod> = true;
void reportMatches;
void previousMatches;
