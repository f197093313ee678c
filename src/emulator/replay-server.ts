import type { Recording } from "./recording.js";
import { startEmulator, type RunningEmulator } from "./start-emulator.js";

export type ReplayServer = RunningEmulator;

/** Serves a recording as it is (no token checks, no injected answers): `dora record`'s replay, the demo. */
export function startReplayServer(recording: Pick<Recording, "exchanges">): Promise<ReplayServer> {
  return startEmulator({ recording });
}
