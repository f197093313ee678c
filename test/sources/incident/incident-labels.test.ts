import { describe, expect, it } from "vitest";
import { normalizeIncidentPreview } from "../../../src/sources/incident/normalize-incident.js";
import { computeReport } from "../../../src/metrics/compute-report.js";
import type { Incident } from "../../../src/model/incident.js";
import type { ServiceDefinition } from "../../../src/model/service.js";
import { deployment, input, options, scope, sha } from "../../metrics/builders.js";
import { upstreamDocument } from "../../upstream-documents.js";

// Issue #12, case 4: incident labels as Grafana IRM sends them, from grafana/gcx's own tests
// (fixtures/upstream/grafana/gcx-label-previews.json): keyed labels, the legacy tag
// {"key":"Tags","label":"squad:mimir"}, text in `value` instead of `label`, and one key twice.
// The previews carry no times (but inc-1): each test gives them a createdTime in January 2024.

type Preview = { incidentID: string; createdTime?: string; labels: Array<Record<string, string>> };
const previews = (): Record<string, Preview> =>
  Object.fromEntries(upstreamDocument<{ incidentPreviews: Preview[] }>("grafana/gcx-label-previews.json").incidentPreviews.map((p) => [p.incidentID, p]));
const normalize = (preview: Preview, createdTime: string, extraLabels: Array<Record<string, string>> = []): Incident => {
  const { incident, warnings } = normalizeIncidentPreview({ ...preview, createdTime, labels: [...preview.labels, ...extraLabels] });
  expect(warnings).toEqual([]);
  return incident!;
};

const MIMIR: ServiceDefinition = { name: "mimir", repo: "grafana/mimir", incidentLabels: { squad: "mimir" } };
const TEMPO: ServiceDefinition = { name: "tempo", repo: "grafana/tempo", incidentLabels: { squad: "tempo" } };

describe("case 4: multi-valued incident labels and legacy tags", () => {
  it("reads every value of a repeated key, `value` text, and `key:value` tags as that pair", () => {
    const p = previews();
    expect(normalize(p["inc-legacy"]!, "2024-01-05T10:00:00Z").labels).toEqual({ Tags: "squad:mimir", squad: "mimir" });
    expect(normalize(p["inc-value"]!, "2024-01-05T10:00:00Z").labels).toEqual({ squad: "mimir", Tags: "security" });
    // Two labels under one key: both kept (before: the first won, "PIR not needed" was lost).
    expect(normalize(p["inc-1"]!, "2024-01-05T10:00:00Z").labels).toEqual({ Tags: ["security", "PIR not needed"] });
  });

  it("5 incidents, services mimir {squad: mimir} and tempo {squad: tempo}: all 5 counted (before: 3)", () => {
    const p = previews();
    const incidents = [
      normalize(p["inc-keyed"]!, "2024-01-05T10:00:00Z"),
      normalize(p["inc-legacy"]!, "2024-01-06T10:00:00Z"),
      normalize(p["inc-other"]!, "2024-01-07T10:00:00Z"),
      normalize(p["inc-value"]!, "2024-01-08T10:00:00Z"),
      // Edit: inc-1 also carries the legacy tag squad:tempo, as its third label under Tags.
      normalize(p["inc-1"]!, "2024-01-09T10:00:00Z", [{ key: "Tags", label: "squad:tempo" }]),
    ];
    const report = computeReport(input({ incidents }), scope({ services: [MIMIR, TEMPO] }), options());
    // mimir: inc-keyed, inc-legacy (legacy tag), inc-value (`value`) = 3; tempo: inc-other, inc-1 (third Tags value) = 2.
    // Before: inc-legacy and inc-1 matched no service (Tags held only its first value, never read as a pair):
    // mimir 2, tempo 1, and a warning that 2 incidents count nowhere.
    expect(report.services.mimir!.timeToRestore).toMatchObject({ incidents: 3, active: 3 });
    expect(report.services.tempo!.timeToRestore).toMatchObject({ incidents: 2, active: 2 });
    expect(report.overall.timeToRestore).toMatchObject({ incidents: 5, active: 5 });
    expect(report.incidents.map((row) => [row.id, row.service])).toEqual([
      ["inc-keyed", "mimir"],
      ["inc-legacy", "mimir"],
      ["inc-other", "tempo"],
      ["inc-value", "mimir"],
      ["inc-1", "tempo"],
    ]);
    expect(report.warnings.filter((w) => w.code === "unmatched-incidents")).toEqual([]);
  });

  it("explicit deployment:/commit: attribution works as repeated labels and as legacy tags", () => {
    // mimir's deployments: D1 deploy-mimir-1 (sha aaaaaaa1…) Jan 10 12:00, D2 deploy-mimir-2 (sha bbbbbbb2…) Jan 20 12:00.
    const deployments = [
      deployment({ id: "uid-1", name: "deploy-mimir-1", service: "mimir", repo: "grafana/mimir", sha: sha("aaaaaaa1"), finishedAt: "2024-01-10T12:00" }),
      deployment({ id: "uid-2", name: "deploy-mimir-2", service: "mimir", repo: "grafana/mimir", sha: sha("bbbbbbb2"), finishedAt: "2024-01-20T12:00" }),
    ];
    const p = previews();
    const incidents = [
      // Edit: two `commit` labels; the second names D1. Inferred would be D2 (1 h after it).
      normalize(p["inc-keyed"]!, "2024-01-20T13:00:00Z", [{ key: "commit", label: "0000000" }, { key: "commit", label: "aaaaaaa1" }]),
      // Edit: a second legacy tag deployment:deploy-mimir-1. Inferred would be D2 (21 h after it).
      normalize(p["inc-legacy"]!, "2024-01-21T09:00:00Z", [{ key: "Tags", label: "deployment:deploy-mimir-1" }]),
      // Edit: a legacy tag commit:bbbbbbb2 (in `value`). 4 d 21 h after D2: nothing would be inferred.
      normalize(p["inc-value"]!, "2024-01-25T09:00:00Z", [{ key: "Tags", value: "commit:bbbbbbb2" }]),
    ];
    const report = computeReport(input({ deployments, incidents }), scope({ services: [MIMIR] }), options());
    expect(report.incidents.map((row) => [row.id, row.deploymentId, row.attribution])).toEqual([
      ["inc-keyed", "uid-1", "label"],
      ["inc-legacy", "uid-1", "label"],
      ["inc-value", "uid-2", "label"],
    ]);
    // D1 (inc-keyed, inc-legacy) and D2 (inc-value) failed: CFR 2/2 = 1.
    // Before: inc-keyed read only commit "0000000" → inferred D2; inc-legacy matched no service;
    // inc-value had no commit label → none: D2 failed only, CFR 1/2 = 0.5.
    expect(report.services.mimir!.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 2, rate: 1 });
  });
});
