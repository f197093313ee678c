import { describe, expect, it } from "vitest";
import { renderCsv } from "../../src/render/csv.js";
import { loadSample } from "./load-sample.js";

/** Minimal RFC 4180 reader: quoted fields with "" escapes, \n records; enough to read our output back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      record.push(field);
      field = "";
    } else if (character === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += character;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

/** Rows as header → cell objects. */
function readTable(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]!])));
}

describe("renderCsv summary", () => {
  const text = renderCsv(loadSample(), { csvTable: "summary" });

  it("has one row per scope under a snake_case header of every MetricSet figure", () => {
    const [header] = parseCsv(text);
    expect(header).toEqual([
      "scope",
      "deployment_frequency_deployments", "deployment_frequency_per_day", "deployment_frequency_per_week",
      "deployment_frequency_deploy_days", "deployment_frequency_median_deploy_days_per_week", "deployment_frequency_tier",
      "lead_time_changes", "lead_time_mean_seconds", "lead_time_median_seconds", "lead_time_p90_seconds", "lead_time_tier",
      "change_failure_rate_deployments", "change_failure_rate_failed_deployments", "change_failure_rate", "change_failure_rate_tier",
      "time_to_restore_incidents", "time_to_restore_resolved", "time_to_restore_active", "time_to_restore_mean_seconds",
      "time_to_restore_median_seconds", "time_to_restore_p90_seconds", "time_to_restore_tier",
      "failed_deployment_recovery_time_count", "failed_deployment_recovery_time_mean_seconds",
      "failed_deployment_recovery_time_median_seconds", "failed_deployment_recovery_time_p90_seconds",
      "rework_rate_deployments", "rework_rate_rework_deployments", "rework_rate",
    ]);
    expect(readTable(text).map((row) => row["scope"])).toEqual(["overall", "backstage", "docs-site"]);
  });

  it("writes the figures unrounded and nulls as empty cells", () => {
    const [overall, backstage, docs] = readTable(text);
    // 5 deployments / 21 days; 1 of 5 failed = 0.2.
    expect(overall!["deployment_frequency_per_day"]).toBe(String(5 / 21));
    expect(overall!["lead_time_median_seconds"]).toBe("68700");
    expect(overall!["change_failure_rate"]).toBe("0.2");
    expect(overall!["lead_time_tier"]).toBe("elite");
    expect(backstage!["change_failure_rate"]).toBe(String(1 / 3));
    // docs-site: its only incident is active, so no restore figures and no tier.
    expect(docs!["time_to_restore_active"]).toBe("1");
    expect(docs!["time_to_restore_median_seconds"]).toBe("");
    expect(docs!["time_to_restore_tier"]).toBe("");
    expect(docs!["failed_deployment_recovery_time_count"]).toBe("0");
    expect(docs!["failed_deployment_recovery_time_mean_seconds"]).toBe("");
  });
});

describe("renderCsv rows", () => {
  it("writes deployments with the contract's field names, booleans as words and ids joined by ;", () => {
    const report = loadSample();
    report.deployments[2]!.incidentIds = ["1042", "1043"];
    const text = renderCsv(report, { csvTable: "deployments" });
    expect(text.split("\n")[0]).toBe(
      "id,name,service,repo,sha,status,startedAt,finishedAt,changes,failed,rework,rollback,incidentIds,url,traceId",
    );
    const rows = readTable(text);
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatchObject({ name: "deploy-backstage-b8n3r", failed: "true", rework: "false", incidentIds: "1042;1043", changes: "1" });
    expect(rows[1]).toMatchObject({ name: "deploy-docs-site-m4q9z", url: "", incidentIds: "" });
    expect(rows[4]).toMatchObject({ rollback: "true", rework: "true", changes: "0" });
  });

  it("writes a negative lead time as a plain number, not neutralised", () => {
    const text = renderCsv(loadSample(), { csvTable: "changes" });
    expect(text.split("\n")[0]).toBe("sha,service,repo,authoredAt,committedAt,deploymentId,deployedAt,leadTimeSeconds");
    const lines = text.trimEnd().split("\n");
    expect(lines[6]!.endsWith(",2026-09-08T09:00:00.000Z,-420")).toBe(true);
    const rows = readTable(text);
    expect(rows[5]!["leadTimeSeconds"]).toBe("-420");
    expect(rows[2]!["committedAt"]).toBe("");
  });

  it("neutralises formula injection in API text and strips control characters", () => {
    const report = loadSample();
    report.incidents[0]!.title = "=cmd|' /C calc'!A0";
    report.incidents[1]!.title = "@SUM(1)";
    report.incidents[2]!.title = "-2+3";
    report.incidents[2]!.severity = "\u001b[31mred\u001b[0m";
    const text = renderCsv(report, { csvTable: "incidents" });
    expect(text.split("\n")[0]).toBe(
      "id,title,service,severity,status,isDrill,startedAt,resolvedAt,restoreSeconds,deploymentId,attribution",
    );
    const rows = readTable(text);
    expect(rows.map((row) => row["title"])).toEqual(["'=cmd|' /C calc'!A0", "'@SUM(1)", "'-2+3"]);
    expect(rows[2]).toMatchObject({ severity: "red", resolvedAt: "", restoreSeconds: "", deploymentId: "", isDrill: "false" });
    expect(rows[0]!["restoreSeconds"]).toBe("9000");
    expect(text).not.toContain("\u001b");
  });

  it("quotes cells holding commas or quotes, and keeps multi-line text on one record", () => {
    const report = loadSample();
    report.incidents[0]!.title = 'Say "hi", then\nleave';
    const text = renderCsv(report, { csvTable: "incidents" });
    expect(text.split("\n")[1]).toBe(
      '1042,"Say ""hi"", then leave",backstage,major,resolved,false,2026-09-01T16:00:00.000Z,2026-09-01T18:30:00.000Z,9000,5c1e0f3a-1b2c-4d5e-8f90-aa0000000002,label',
    );
  });

  it("writes only the header when there are no rows", () => {
    const report = loadSample();
    report.changes = [];
    expect(renderCsv(report, { csvTable: "changes" })).toBe(
      "sha,service,repo,authoredAt,committedAt,deploymentId,deployedAt,leadTimeSeconds\n",
    );
  });
});
