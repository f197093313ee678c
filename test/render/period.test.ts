import { describe, expect, it } from "vitest";
import { formatWindow, inferBucket, periodLabel } from "../../src/render/period.js";

describe("periodLabel", () => {
  it("labels days, ISO weeks and months", () => {
    expect(periodLabel("2026-09-07T00:00:00.000Z", "day", "UTC")).toBe("2026-09-07");
    expect(periodLabel("2026-09-07T00:00:00.000Z", "week", "UTC")).toBe("2026-W37");
    expect(periodLabel("2026-09-01T00:00:00.000Z", "month", "UTC")).toBe("2026-09");
  });

  it("uses the ISO week-numbering year at a year boundary", () => {
    // 1 Jan 2026 is a Thursday, so 2026 has 53 ISO weeks: Fri 1 Jan 2027 is still in 2026-W53.
    expect(periodLabel("2027-01-01T00:00:00.000Z", "week", "UTC")).toBe("2026-W53");
  });

  it("labels in the report time zone", () => {
    // 2026-09-06T22:00Z is Monday 7 September 00:00 in Paris (UTC+2): week 37 there, week 36 in UTC.
    expect(periodLabel("2026-09-06T22:00:00.000Z", "week", "Europe/Paris")).toBe("2026-W37");
    expect(periodLabel("2026-09-06T22:00:00.000Z", "week", "UTC")).toBe("2026-W36");
  });
});

describe("formatWindow", () => {
  it("shows both ends in the zone, with the zone's name", () => {
    expect(formatWindow({ from: "2026-08-23T22:00:00.000Z", to: "2026-09-13T22:00:00.000Z" }, "Europe/Paris")).toBe(
      "2026-08-24 00:00 → 2026-09-14 00:00 (Europe/Paris)",
    );
  });
});

describe("inferBucket", () => {
  it("recognises day buckets, including the 25-hour day when summer time ends", () => {
    // Paris leaves summer time on Sunday 25 Oct 2026: that day runs 22:00Z → 23:00Z next day (25 h).
    const buckets = [
      { start: "2026-10-24T22:00:00.000Z", end: "2026-10-25T23:00:00.000Z" },
      { start: "2026-10-25T23:00:00.000Z", end: "2026-10-26T23:00:00.000Z" },
    ];
    expect(inferBucket(buckets, "Europe/Paris")).toBe("day");
  });

  it("recognises weeks, even with shorter edge buckets", () => {
    // Window Wed 2 Sep → Wed 16 Sep: Wed–Sun, a full week, Mon–Tue.
    const buckets = [
      { start: "2026-09-02T00:00:00.000Z", end: "2026-09-07T00:00:00.000Z" },
      { start: "2026-09-07T00:00:00.000Z", end: "2026-09-14T00:00:00.000Z" },
      { start: "2026-09-14T00:00:00.000Z", end: "2026-09-16T00:00:00.000Z" },
    ];
    expect(inferBucket(buckets, "UTC")).toBe("week");
  });

  it("recognises months", () => {
    const buckets = [
      { start: "2026-08-15T00:00:00.000Z", end: "2026-09-01T00:00:00.000Z" },
      { start: "2026-09-01T00:00:00.000Z", end: "2026-10-01T00:00:00.000Z" },
    ];
    expect(inferBucket(buckets, "UTC")).toBe("month");
  });
});
