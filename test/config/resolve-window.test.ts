import { describe, expect, it } from "vitest";
import { resolveWindow, parseDateFlag } from "../../src/config/resolve-window.js";

const now = new Date("2026-11-16T10:30:00Z");

describe("resolveWindow", () => {
  it("--since is [now − since, now)", () => {
    const window = resolveWindow({ since: "30d" }, "UTC", now);
    expect(window.from.toISOString()).toBe("2026-10-17T10:30:00.000Z");
    expect(window.to.toISOString()).toBe("2026-11-16T10:30:00.000Z");
  });

  it("defaults to the given default since", () => {
    expect(resolveWindow({}, "UTC", now, "90d").from.toISOString()).toBe("2026-08-18T10:30:00.000Z");
  });

  it("dates without a time are midnight in the timezone", () => {
    // Europe/Berlin is UTC+2 on 2026-07-01 (CEST) and UTC+1 on 2026-11-01 (CET).
    const window = resolveWindow({ from: "2026-07-01", to: "2026-11-01" }, "Europe/Berlin", now);
    expect(window.from.toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(window.to.toISOString()).toBe("2026-10-31T23:00:00.000Z");
  });

  it("accepts ISO instants with an offset", () => {
    expect(parseDateFlag("2026-09-01T12:00:00+02:00", "UTC", "--from").toISOString()).toBe("2026-09-01T10:00:00.000Z");
  });

  it("rejects impossible dates, instants without offsets, from >= to and mixed flags", () => {
    expect(() => parseDateFlag("2026-02-30", "UTC", "--from")).toThrow(/--from "2026-02-30" is not a valid date/);
    expect(() => parseDateFlag("2026-09-01T12:00:00", "UTC", "--to")).toThrow(/--to/);
    expect(() => resolveWindow({ from: "2026-10-01", to: "2026-10-01" }, "UTC", now)).toThrow(/window is empty/);
    expect(() => resolveWindow({ since: "30d", from: "2026-10-01" }, "UTC", now)).toThrow(/cannot be combined/);
    expect(() => resolveWindow({ since: "thirty days" }, "UTC", now)).toThrow(/--since "thirty days" is not a valid duration/);
  });
});
