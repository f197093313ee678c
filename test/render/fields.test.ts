import { describe, expect, it } from "vitest";
import type { MetricSet } from "../../src/model/report.js";
import { HEADLINE_FIELDS, METRIC_SET_COLUMNS, METRIC_SET_FIELDS, SERVICE_HEADLINES } from "../../src/render/metric-fields.js";
import { CHANGE_FIELDS, DEPLOYMENT_FIELDS, INCIDENT_FIELDS, WARNING_FIELDS, type RowFields } from "../../src/render/row-fields.js";
import { loadSample } from "./load-sample.js";

// The field lists are the one place a column is added: nothing the report holds may be missing from them.

const listed = <Row>(fields: RowFields<Row>) => new Set<string>([...fields.columns, ...fields.reasons]);

describe("the field lists", () => {
  it("name every field of a MetricSet, and the CSV summary has one column per field", () => {
    const { overall } = loadSample();
    for (const part of Object.keys(overall) as (keyof MetricSet)[]) expect([...METRIC_SET_FIELDS[part]].sort()).toEqual(Object.keys(overall[part]).sort());
    expect(Object.keys(METRIC_SET_FIELDS)).toEqual(Object.keys(overall));
    expect(METRIC_SET_COLUMNS).toHaveLength(Object.values(METRIC_SET_FIELDS).flat().length);
    // The sample's backstage: 1 failed of 3 deployments, CFR 1 / 3, read through the column of that name.
    const backstage = loadSample().services.backstage!;
    expect(METRIC_SET_COLUMNS.find((column) => column.name === "change_failure_rate")!.value(backstage)).toBeCloseTo(1 / 3, 12);
    expect(METRIC_SET_COLUMNS.find((column) => column.name === "change_failure_rate_failed_deployments")!.value(backstage)).toBe(1);
    expect(METRIC_SET_COLUMNS.map((column) => column.name).slice(0, 2)).toEqual(["deployment_frequency_deployments", "deployment_frequency_per_day"]);
  });

  it("name every field of the sample's rows", () => {
    const report = loadSample();
    for (const row of report.deployments) for (const key of Object.keys(row)) expect(listed(DEPLOYMENT_FIELDS)).toContain(key);
    for (const row of report.changes) for (const key of Object.keys(row)) expect(listed(CHANGE_FIELDS)).toContain(key);
    for (const row of report.incidents) for (const key of Object.keys(row)) expect(listed(INCIDENT_FIELDS)).toContain(key);
    for (const row of report.warnings) for (const key of Object.keys(row)) expect(listed(WARNING_FIELDS)).toContain(key);
  });

  it("give each summary row a headline figure that is a field of the MetricSet", () => {
    const { overall } = loadSample();
    expect(HEADLINE_FIELDS).toHaveLength(6);
    for (const headline of HEADLINE_FIELDS) {
      const [part, key] = headline.field.split(".") as [keyof MetricSet, string];
      expect(METRIC_SET_FIELDS[part]).toContain(key);
      expect(headline.value(overall)).toBe((overall[part] as unknown as Record<string, unknown>)[key]);
    }
    // Recovery time has no per-service column.
    expect(SERVICE_HEADLINES.map((headline) => headline.field)).not.toContain("failedDeploymentRecoveryTime.medianSeconds");
    expect(SERVICE_HEADLINES).toHaveLength(5);
  });
});
