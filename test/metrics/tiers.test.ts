import { describe, expect, it } from "vitest";
import { changeFailureRateTier } from "../../src/metrics/change-failure-rate.js";
import { deploymentFrequencyTier } from "../../src/metrics/deployment-frequency.js";
import { leadTimeTier } from "../../src/metrics/lead-time.js";
import { timeToRestoreTier } from "../../src/metrics/time-to-restore.js";

const HOUR = 3600;
const DAY = 86_400;
const WEEK = 7 * DAY;

describe("deployment frequency tier (median deploy days per week)", () => {
  it("elite from 5 deploy days a week", () => {
    expect(deploymentFrequencyTier(5, 100, 30)).toBe("elite");
    expect(deploymentFrequencyTier(4.5, 100, 30)).toBe("high");
  });
  it("high from 1 deploy day a week", () => {
    expect(deploymentFrequencyTier(1, 4, 30)).toBe("high");
  });
  it("medium below a day a week but at least one deployment per 30 days on average", () => {
    // 1 deployment in 30 days: 1/30·30 = 1 ≥ 1 → medium
    expect(deploymentFrequencyTier(0, 1, 30)).toBe("medium");
    // 2 deployments in 60 days: 2/60·30 = 1 → medium
    expect(deploymentFrequencyTier(0.5, 2, 60)).toBe("medium");
  });
  it("low below one deployment per 30 days", () => {
    // 1 deployment in 31 days: 30/31 < 1 → low
    expect(deploymentFrequencyTier(0, 1, 31)).toBe("low");
    expect(deploymentFrequencyTier(0, 0, 30)).toBe("low");
  });
  it("null without a weekly median", () => {
    expect(deploymentFrequencyTier(null, 0, 0)).toBeNull();
  });
});

describe("lead time tier (median)", () => {
  it("elite under a day", () => {
    expect(leadTimeTier(DAY - 1)).toBe("elite");
    expect(leadTimeTier(DAY)).toBe("high");
  });
  it("high under a week", () => {
    expect(leadTimeTier(WEEK - 1)).toBe("high");
    expect(leadTimeTier(WEEK)).toBe("medium");
  });
  it("medium under 30 days, low from 30 days", () => {
    expect(leadTimeTier(30 * DAY - 1)).toBe("medium");
    expect(leadTimeTier(30 * DAY)).toBe("low");
  });
  it("null for null", () => expect(leadTimeTier(null)).toBeNull());
});

describe("change failure rate tier", () => {
  it("elite up to 5 %", () => {
    expect(changeFailureRateTier(0)).toBe("elite");
    expect(changeFailureRateTier(1 / 20)).toBe("elite"); // 0.05
    expect(changeFailureRateTier(0.0501)).toBe("high");
  });
  it("high up to 10 %", () => {
    expect(changeFailureRateTier(1 / 10)).toBe("high"); // 0.10
    expect(changeFailureRateTier(0.1001)).toBe("medium");
  });
  it("medium up to 15 %, low above", () => {
    expect(changeFailureRateTier(3 / 20)).toBe("medium"); // 0.15
    expect(changeFailureRateTier(0.1501)).toBe("low");
    expect(changeFailureRateTier(1)).toBe("low");
  });
  it("null for null", () => expect(changeFailureRateTier(null)).toBeNull());
});

describe("time to restore tier (median)", () => {
  it("elite under an hour", () => {
    expect(timeToRestoreTier(HOUR - 1)).toBe("elite");
    expect(timeToRestoreTier(HOUR)).toBe("high");
  });
  it("high under a day", () => {
    expect(timeToRestoreTier(DAY - 1)).toBe("high");
    expect(timeToRestoreTier(DAY)).toBe("medium");
  });
  it("medium under a week, low from a week", () => {
    expect(timeToRestoreTier(WEEK - 1)).toBe("medium");
    expect(timeToRestoreTier(WEEK)).toBe("low");
  });
  it("null for null", () => expect(timeToRestoreTier(null)).toBeNull());
});
