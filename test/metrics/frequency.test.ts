import { describe, expect, it } from "vitest";
import { computeReport } from "../../src/metrics/compute-report.js";
import { deployment, input, options, scope, sha } from "./builders.js";

const deploymentsAt = (...times: string[]) =>
  times.map((finishedAt, index) => deployment({ id: `d${index}`, sha: sha(`c${index}`), finishedAt }));

describe("deployment frequency", () => {
  it("counts successful deployments per day and week over the window", () => {
    // Window Jan 1 – Jan 31 (30 days), 6 deployments on 3 distinct days.
    const data = input({
      deployments: [
        ...deploymentsAt("2024-01-02T09:00", "2024-01-02T15:00", "2024-01-03T09:00", "2024-01-03T10:00", "2024-01-03T11:00", "2024-01-10T09:00"),
        deployment({ id: "failed", sha: sha("f"), finishedAt: "2024-01-04T00:00", status: "failed" }),
        deployment({ id: "lookback", sha: sha("l"), finishedAt: "2023-12-31T23:59:59" }),
      ],
    });
    const frequency = computeReport(data, scope(), options()).overall.deploymentFrequency;
    // perDay 6/30 = 0.2; perWeek 6/(30/7) = 1.4
    expect(frequency.deployments).toBe(6);
    expect(frequency.perDay).toBeCloseTo(0.2, 12);
    expect(frequency.perWeek).toBeCloseTo(1.4, 12);
    expect(frequency.deployDays).toBe(3);
    // ISO weeks overlapping Jan 1–30: Jan 1, 8, 15, 22, 29 → deploy days [2, 1, 0, 0, 0] → median 0
    expect(frequency.medianDeployDaysPerWeek).toBe(0);
    // median < 1; 6/30·30 = 6 ≥ 1 → medium
    expect(frequency.tier).toBe("medium");
  });

  it("takes the median over the ISO weeks overlapping the window, partial weeks included", () => {
    // Window Wed Jan 3 → Wed Jan 17 (14 days): weeks of Jan 1 (Wed–Sun part), Jan 8, Jan 15 (Mon–Tue part).
    const data = input({
      deployments: deploymentsAt(
        "2024-01-03T10:00", "2024-01-04T10:00", // week 1: 2 days
        "2024-01-08T10:00", "2024-01-09T10:00", "2024-01-10T10:00", "2024-01-11T10:00", "2024-01-12T10:00", // week 2: 5 days
        "2024-01-15T10:00", // week 3: 1 day
      ),
    });
    const frequency = computeReport(data, scope({ from: "2024-01-03T00:00", to: "2024-01-17T00:00" }), options())
      .overall.deploymentFrequency;
    // [2, 5, 1] → median 2 → high
    expect(frequency.medianDeployDaysPerWeek).toBe(2);
    expect(frequency.deployDays).toBe(8);
    expect(frequency.tier).toBe("high");
  });

  it("counts calendar days in the report time zone", () => {
    // Jan 2 23:30 UTC is Jan 3 00:30 in Berlin (UTC+1): same Berlin day as Jan 3 10:00 UTC.
    const data = input({ deployments: deploymentsAt("2024-01-02T23:30", "2024-01-03T10:00") });
    const utc = computeReport(data, scope(), options()).overall.deploymentFrequency;
    const berlin = computeReport(data, scope({ timezone: "Europe/Berlin" }), options()).overall.deploymentFrequency;
    expect(utc.deployDays).toBe(2);
    expect(berlin.deployDays).toBe(1);
  });

  it("is elite with 5 deploy days in every week", () => {
    // Window Mon Jan 1 → Mon Jan 15 (2 full weeks), deploys Mon–Fri in both.
    const days = [1, 2, 3, 4, 5, 8, 9, 10, 11, 12].map((day) => `2024-01-${String(day).padStart(2, "0")}T12:00`);
    const frequency = computeReport(input({ deployments: deploymentsAt(...days) }), scope({ to: "2024-01-15T00:00" }), options())
      .overall.deploymentFrequency;
    // [5, 5] → 5 → elite; perWeek 10/(14/7) = 5
    expect(frequency).toEqual({ deployments: 10, perDay: 10 / 14, perWeek: 5, deployDays: 10, medianDeployDaysPerWeek: 5, tier: "elite" });
  });

  it("is low with no deployments, and zero counts rather than null", () => {
    const frequency = computeReport(input(), scope(), options()).overall.deploymentFrequency;
    expect(frequency).toEqual({ deployments: 0, perDay: 0, perWeek: 0, deployDays: 0, medianDeployDaysPerWeek: 0, tier: "low" });
  });
});
