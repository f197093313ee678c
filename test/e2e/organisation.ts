import { generateYearRecording, type YearOptions } from "../support/recorded-year.js";
import { writeRecording } from "../../src/emulator/write-recording.js";

/**
 * A generated organisation for the end-to-end backfill: 20 services over a 90-day window (and a
 * 30-day lookback), in the APIs' real shapes (the bench's seeded generator), written as a fixture
 * directory that `dora … --fixtures DIR` replays.
 */
export const ORGANISATION: YearOptions = { deployments: 900, services: 20, windowDays: 90, lookbackDays: 30, incidents: 90, seed: 14 };

export async function writeOrganisation(dir: string): Promise<void> {
  const generated = generateYearRecording(ORGANISATION);
  // A replay answers by path: the hosts only have to be well-formed.
  const config = generated.configYaml({ argo: "https://argo.example.com", github: "https://api.github.com", incident: "https://example.grafana.net" });
  await writeRecording(dir, generated.recording.exchanges, generated.recording.meta, config);
}
