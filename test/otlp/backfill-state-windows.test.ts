import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

// Issue #11, end to end: `dora backfill --demo --format openmetrics --state` over two consecutive
// windows must end every series where one run over both windows ends. The demo (fixtures/demo,
// EXPECTED.md) pins now at 2026-11-16; its report window is [2026-08-18, 2026-11-16).
const WHOLE = ["--from", "2026-08-18", "--to", "2026-11-16"];
const FIRST = ["--from", "2026-08-18", "--to", "2026-10-01"];
const SECOND = ["--from", "2026-10-01", "--to", "2026-11-16"];
// The final values (the sample at `to`) do not depend on the step; the largest step (5m) keeps the
// text small. `--split day` puts the sample at a midnight `to` alone in `to`'s day file.
const FLAGS = ["backfill", "--demo", "--format", "openmetrics", "--step", "5m", "--split", "day"];

let work: string;
beforeEach(() => {
  work = mkdtempSync("/tmp/dora-backfill-state-windows-");
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** The samples stamped `atSeconds` in one OpenMetrics file: `name{labels}` → value. */
function samplesAt(path: string, atSeconds: number): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const timeAt = line.lastIndexOf(" ");
    if (Number(line.slice(timeAt + 1)) !== atSeconds) continue;
    const valueAt = line.lastIndexOf(" ", timeAt - 1);
    samples.set(line.slice(0, valueAt), Number(line.slice(valueAt + 1, timeAt)));
  }
  return samples;
}

/**
 * Runs one backfill into its own day directory, reads the samples at the window's `from` and `to`
 * (their day files), then removes the directory: a 5m step of 44 days is ~200 MB of text.
 */
async function backfill(window: string[], state: string): Promise<{ atFrom: Map<string, number>; atTo: Map<string, number> }> {
  const dir = join(work, "days");
  const run = await runCli([...FLAGS, ...window, "--output", dir, "--state", state]);
  expect(run.code, run.stderr).toBe(0);
  const fromDay = window[1]!;
  const toDay = window[3]!;
  const atFrom = samplesAt(join(dir, `dora-${fromDay}.om`), Date.parse(`${fromDay}T00:00:00Z`) / 1000);
  const atTo = samplesAt(join(dir, `dora-${toDay}.om`), Date.parse(`${toDay}T00:00:00Z`) / 1000);
  rmSync(dir, { recursive: true });
  return { atFrom, atTo };
}

const stateSeries = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { series: Record<string, unknown> }).series;
/** The sum over the services of one family's samples (`name{...}`). */
const total = (samples: Map<string, number>, name: string) => [...samples].filter(([key]) => key.startsWith(`${name}{`)).reduce((sum, [, value]) => sum + value, 0);

describe("backfill --state over two consecutive windows = one run over both (issue #11)", () => {
  it("every series ends at the same value: deployments, changes, lead-time counts, sums and buckets", async () => {
    const one = await backfill(WHOLE, join(work, "one.json"));
    const twoState = join(work, "two.json");
    await backfill(FIRST, twoState);
    const two = await backfill(SECOND, twoState);

    // Hand check of the one run against fixtures/demo/EXPECTED.md, as increases over the window
    // (counters start with the lookback's deployments; changes and lead times have no lookback).
    const increase = (name: string) => total(one.atTo, name) - total(one.atFrom, name);
    // 76 successful deployments = 38 backstage + 26 checkout + 12 search.
    expect(increase("dora_deployments_total")).toBe(76);
    expect(increase("cd_argoworkflows_count_total")).toBe(76);
    // 209 changes with a positive lead time = 107 + 70 + 32; the changes counter also counts the one
    // change with a lead time ≤ 0 (case 7, deploy-backstage-pk8p5: −1800 s): 209 + 1 = 210.
    expect(increase("dora_lead_time_seconds_count")).toBe(209);
    expect(increase("cd_argoworkflows_leadtime_count")).toBe(209);
    expect(increase("dora_changes_total")).toBe(210);
    expect(total(one.atFrom, "dora_changes_total")).toBe(0);
    // Per service, the lead-time counts of EXPECTED.md's table.
    expect(one.atTo.get('dora_lead_time_seconds_count{service_name="backstage",repo="grafana/backstage"}')).toBe(107);
    expect(one.atTo.get('dora_lead_time_seconds_count{service_name="checkout",repo="acme/checkout"}')).toBe(70);
    expect(one.atTo.get('dora_lead_time_seconds_count{service_name="search",repo="acme/search"}')).toBe(32);
    // Lead-time sums (whole seconds) = count × EXPECTED.md's mean, rounded to 2 decimals, so within
    // count × 0.005 of it: 107 × 69127.54 = 7396646.78 (± 0.54) → 7396647; 70 × 145048.64 =
    // 10153404.8 (± 0.35) → 10153405; 32 × 85502.88 = 2736092.16 (± 0.16) → 2736092.
    expect(one.atTo.get('dora_lead_time_seconds_sum{service_name="backstage",repo="grafana/backstage"}')).toBe(7396647);
    expect(one.atTo.get('dora_lead_time_seconds_sum{service_name="checkout",repo="acme/checkout"}')).toBe(10153405);
    expect(one.atTo.get('dora_lead_time_seconds_sum{service_name="search",repo="acme/search"}')).toBe(2736092);

    // The same series, each with exactly the same final value (counters, histogram buckets, counts, sums).
    expect(two.atTo.size).toBe(one.atTo.size);
    expect(Object.fromEntries(two.atTo)).toEqual(Object.fromEntries(one.atTo));
    // ...and the state a third window would continue from is the same.
    expect(stateSeries(twoState)).toEqual(stateSeries(join(work, "one.json")));
  }, 120_000);
});
