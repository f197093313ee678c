import { describe, expect, it } from "vitest";
import { bucketPeriods } from "../../src/metrics/buckets.js";
import { computeReport } from "../../src/metrics/compute-report.js";
import { HOUR, comparison, deployment, incident, input, options, repoCommit, commit, scope, sha } from "./builders.js";

// Europe/Berlin switches to summer time on Sunday 2024-03-31 at 01:00 UTC (02:00 CET → 03:00 CEST):
// that local day lasts 23 hours. Window: Wed 2024-03-27 00:00 CET (= Mar 26 23:00 UTC) to
// Tue 2024-04-02 14:00 CEST (= Apr 2 12:00 UTC).
const from = "2024-03-26T23:00";
const to = "2024-04-02T12:00";
const iso = (ms: number) => new Date(ms).toISOString();
const periods = (bucket: "day" | "week" | "month") =>
  bucketPeriods({ fromMs: Date.parse(`${from}Z`), toMs: Date.parse(`${to}Z`) }, bucket, "Europe/Berlin").map((period) => [
    iso(period.fromMs),
    iso(period.toMs),
  ]);

describe("bucket periods in a time zone", () => {
  it("splits days at local midnight, clipped to the window, with a 23-hour DST day", () => {
    expect(periods("day")).toEqual([
      ["2024-03-26T23:00:00.000Z", "2024-03-27T23:00:00.000Z"], // Mar 27
      ["2024-03-27T23:00:00.000Z", "2024-03-28T23:00:00.000Z"],
      ["2024-03-28T23:00:00.000Z", "2024-03-29T23:00:00.000Z"],
      ["2024-03-29T23:00:00.000Z", "2024-03-30T23:00:00.000Z"], // Mar 30
      ["2024-03-30T23:00:00.000Z", "2024-03-31T22:00:00.000Z"], // Mar 31: 23 h
      ["2024-03-31T22:00:00.000Z", "2024-04-01T22:00:00.000Z"], // Apr 1 (CEST)
      ["2024-04-01T22:00:00.000Z", "2024-04-02T12:00:00.000Z"], // Apr 2, clipped at `to`
    ]);
  });

  it("splits ISO weeks at Monday local midnight", () => {
    // Week of Mon Mar 25 (clipped at Wed Mar 27), week of Mon Apr 1 (00:00 CEST = Mar 31 22:00 UTC)
    expect(periods("week")).toEqual([
      ["2024-03-26T23:00:00.000Z", "2024-03-31T22:00:00.000Z"],
      ["2024-03-31T22:00:00.000Z", "2024-04-02T12:00:00.000Z"],
    ]);
  });

  it("splits months at the first's local midnight", () => {
    expect(periods("month")).toEqual([
      ["2024-03-26T23:00:00.000Z", "2024-03-31T22:00:00.000Z"],
      ["2024-03-31T22:00:00.000Z", "2024-04-02T12:00:00.000Z"],
    ]);
  });

  it("starts an ISO week on Monday even when the window starts on Sunday", () => {
    // UTC, Sun Jan 7 → Tue Jan 9: Sun belongs to the week of Mon Jan 1
    const weeks = bucketPeriods({ fromMs: Date.parse("2024-01-07T00:00Z"), toMs: Date.parse("2024-01-09T00:00Z") }, "week", "UTC");
    expect(weeks.map((period) => [iso(period.fromMs), iso(period.toMs)])).toEqual([
      ["2024-01-07T00:00:00.000Z", "2024-01-08T00:00:00.000Z"],
      ["2024-01-08T00:00:00.000Z", "2024-01-09T00:00:00.000Z"],
    ]);
  });
});

describe("bucketed report", () => {
  // d3 Mar 27 10:00 UTC; d2 Mar 30 23:30 UTC = Mar 31 00:30 CET; d0 Mar 31 21:30 UTC = 23:30 CEST;
  // d1 Mar 31 22:30 UTC = Apr 1 00:30 CEST. Lead times: d3 1 h, d2 1 h, d0 2 h, d1 3 h.
  const data = input({
    deployments: [
      deployment({ id: "d3", sha: sha("c3"), finishedAt: "2024-03-27T10:00" }),
      deployment({ id: "d2", sha: sha("c2"), finishedAt: "2024-03-30T23:30" }),
      deployment({ id: "d0", sha: sha("c0"), finishedAt: "2024-03-31T21:30" }),
      deployment({ id: "d1", sha: sha("c1"), finishedAt: "2024-03-31T22:30" }),
    ],
    commits: [repoCommit("acme/api", sha("c3"), "2024-03-27T09:00")],
    comparisons: [
      comparison(sha("c3"), sha("c2"), "ahead", [commit(sha("c2"), "2024-03-30T22:30")]),
      comparison(sha("c2"), sha("c0"), "ahead", [commit(sha("c0"), "2024-03-31T19:30")]),
      comparison(sha("c0"), sha("c1"), "ahead", [commit(sha("c1"), "2024-03-31T19:30")]),
    ],
    // Mar 31 21:45 UTC (23:45 CEST) for 30 min
    incidents: [incident({ id: "i1", startedAt: "2024-03-31T21:45", resolvedAt: "2024-03-31T22:15" })],
  });
  const reportBy = (bucket: "day" | "week" | "month") =>
    computeReport(data, scope({ from, to, timezone: "Europe/Berlin", bucket }), options());

  it("assigns events to local days", () => {
    const report = reportBy("day");
    expect(report.buckets.map((bucket) => [bucket.start.slice(0, 13), bucket.overall.deploymentFrequency.deployments])).toEqual([
      ["2024-03-26T23", 1], // Mar 27: d3
      ["2024-03-27T23", 0],
      ["2024-03-28T23", 0],
      ["2024-03-29T23", 0],
      ["2024-03-30T23", 2], // Mar 31: d2, d0
      ["2024-03-31T22", 1], // Apr 1: d1
      ["2024-04-01T22", 0],
    ]);
    const march31 = report.buckets[4]!.overall;
    // 2 deployments in a 23-hour day: 2 / (23/24) = 48/23 per day
    expect(march31.deploymentFrequency.perDay).toBeCloseTo(48 / 23, 12);
    // lead times 1 h (d2) and 2 h (d0) → median 1.5 h
    expect(march31.leadTime).toMatchObject({ changes: 2, medianSeconds: 1.5 * HOUR });
    // i1 (30 min) started in it, attributed to d0 (15 min before) → failed
    expect(march31.timeToRestore).toMatchObject({ incidents: 1, medianSeconds: 0.5 * HOUR, tier: "elite" });
    expect(march31.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 1, rate: 0.5 });
    expect(report.buckets[4]!.services["api"]).toEqual(march31);
    // the bucket with nothing: zero counts, null figures
    expect(report.buckets[1]!.overall.leadTime.medianSeconds).toBeNull();
    expect(report.buckets[1]!.overall.changeFailureRate.rate).toBeNull();
  });

  it("assigns events to ISO weeks and gives the weekly median per bucket", () => {
    const report = reportBy("week");
    expect(report.buckets.map((bucket) => [bucket.start, bucket.end])).toEqual([
      ["2024-03-26T23:00:00.000Z", "2024-03-31T22:00:00.000Z"],
      ["2024-03-31T22:00:00.000Z", "2024-04-02T12:00:00.000Z"],
    ]);
    const [first, second] = report.buckets;
    // week 1: d3 (Mar 27), d2 and d0 (Mar 31) → 3 deployments on 2 days; week 2: d1 on Apr 1
    expect(first!.overall.deploymentFrequency).toMatchObject({ deployments: 3, deployDays: 2, medianDeployDaysPerWeek: 2 });
    expect(second!.overall.deploymentFrequency).toMatchObject({ deployments: 1, deployDays: 1, medianDeployDaysPerWeek: 1 });
    expect(second!.overall.leadTime.medianSeconds).toBe(3 * HOUR);
    // whole window: weeks [2, 1] → 1.5
    expect(report.overall.deploymentFrequency.medianDeployDaysPerWeek).toBe(1.5);
  });

  it("assigns events to local months", () => {
    const report = reportBy("month");
    const [march, april] = report.buckets;
    // March (local): d3, d2, d0 with lead times 1 h, 1 h, 2 h → mean 4/3 h = 4800 s, median 1 h
    expect(march!.overall.leadTime).toMatchObject({ changes: 3, meanSeconds: 4800, medianSeconds: HOUR });
    // April: d1 only, although it finished on March 31 in UTC
    expect(april!.overall.deploymentFrequency.deployments).toBe(1);
  });

  it("has no buckets without a bucket option", () => {
    expect(computeReport(data, scope({ from, to, timezone: "Europe/Berlin" }), options()).buckets).toEqual([]);
  });
});
