import { readFileSync } from "node:fs";
import type { Report } from "../../src/model/report.js";

const SAMPLE_PATH = new URL("../../fixtures/render/sample-report.json", import.meta.url);

/**
 * A fresh copy of fixtures/render/sample-report.json: window 2026-08-24 → 2026-09-14 (21 days, UTC),
 * services backstage (3 deployments) and docs-site (2), three ISO-week buckets W35–W37,
 * 5 deployments, 6 changes (one with a -420 s lead time), 3 incidents (one active), 2 warnings.
 */
export function loadSample(): Report {
  return JSON.parse(readFileSync(SAMPLE_PATH, "utf8")) as Report;
}
