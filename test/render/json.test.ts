import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/render/json.js";
import { loadSample } from "./load-sample.js";

/**
 * The same data with every record's keys in reverse order, at every depth. `services` maps keep
 * their order: it is the metrics code's choice (config order), not a field order to normalise.
 */
function reverseKeys(value: unknown, parentKey = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => reverseKeys(item));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, reverseKeys(inner, key)] as const);
  return Object.fromEntries(parentKey === "services" ? entries : entries.reverse());
}

describe("renderJson", () => {
  it("round-trips the report unchanged, two-space indented with a final newline", () => {
    const report = loadSample();
    const text = renderJson(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "generatedAt": "2026-09-14T06:00:00.000Z",\n')).toBe(true);
  });

  it("writes keys in the contract's order whatever order the object had", () => {
    const report = loadSample();
    const scrambled = reverseKeys(report) as typeof report;
    expect(Object.keys(scrambled)[0]).toBe("warnings");
    const text = renderJson(scrambled);
    expect(text).toBe(renderJson(report));
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      "schemaVersion", "generatedAt", "window", "benchmark", "overall", "services",
      "buckets", "deployments", "changes", "incidents", "warnings",
    ]);
    expect(Object.keys(parsed.window)).toEqual(["from", "to", "timezone"]);
    expect(Object.keys(parsed.overall)).toEqual([
      "deploymentFrequency", "leadTime", "changeFailureRate", "timeToRestore", "failedDeploymentRecoveryTime", "reworkRate",
    ]);
    expect(Object.keys(parsed.buckets[0].services["docs-site"].timeToRestore)).toEqual([
      "incidents", "resolved", "active", "meanSeconds", "medianSeconds", "p90Seconds", "tier",
    ]);
    expect(Object.keys(parsed.buckets[0])).toEqual(["start", "end", "overall", "services"]);
    expect(Object.keys(parsed.deployments[0])).toEqual([
      "id", "name", "service", "repo", "sha", "status", "startedAt", "finishedAt",
      "changes", "failed", "rework", "rollback", "incidentIds", "url", "traceId",
    ]);
    expect(Object.keys(parsed.changes[0])).toEqual([
      "sha", "service", "repo", "authoredAt", "committedAt", "deploymentId", "deployedAt", "leadTimeSeconds",
    ]);
    expect(Object.keys(parsed.incidents[0])).toEqual([
      "id", "title", "service", "severity", "status", "isDrill", "startedAt", "resolvedAt",
      "restoreSeconds", "deploymentId", "attribution",
    ]);
    expect(Object.keys(parsed.warnings[0])).toEqual(["code", "message", "subject"]);
  });

  it("keeps API text raw: JSON escaping already makes control characters harmless", () => {
    const report = loadSample();
    report.incidents[0]!.title = "\u001b[31mred\u001b[0m | a\nb";
    const text = renderJson(report);
    expect(text).toContain('"title": "\\u001b[31mred\\u001b[0m | a\\nb"');
    expect(text).not.toContain("\u001b");
  });

  it("keeps nulls and does not invent a missing optional warning subject", () => {
    const report = loadSample();
    report.warnings = [{ code: "unmatched-incidents", message: "2 incidents match no service" }];
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.warnings).toEqual([{ code: "unmatched-incidents", message: "2 incidents match no service" }]);
    expect(parsed.services["docs-site"].timeToRestore.medianSeconds).toBeNull();
    expect(parsed.deployments[1].url).toBeNull();
  });
});
