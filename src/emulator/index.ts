export type {
  Exchange,
  ExchangeRequest,
  ExchangeResponse,
  Recording,
  RecordingMeta,
  ReplaySource,
  CoreReplaySource,
  EmulatorRequest,
  EmulatorResponse,
} from "./recording.js";
export { REPLAY_SOURCES } from "./recording.js";
export { loadRecording } from "./load-recording.js";
export { createApiEmulator, type ApiEmulator } from "./api-emulator.js";
export { createReplayFetch, replayBaseUrl } from "./replay-fetch.js";
export { startReplayServer, type ReplayServer } from "./replay-server.js";
export { createRecordingFetch } from "./recording-fetch.js";
export { writeRecording } from "./write-recording.js";
export { parseLabelSelector, matchesLabelSelector, type LabelRequirement } from "./label-selector.js";
export { startEmulator, unauthorized, type EmulatorOptions, type InjectedAnswer, type ReceivedRequest, type RunningEmulator } from "./start-emulator.js";
export type { ArgoBehaviour } from "./argo-emulator.js";
export type { GithubBehaviour } from "./github-emulator.js";
export type { IncidentBehaviour } from "./incident-emulator.js";
export type { PagerDutyBehaviour } from "./pagerduty-emulator.js";
export {
  archivedWorkflows,
  githubIssues,
  githubLabels,
  githubRepository,
  incidentPreviews,
  pagerDutyIncidentDetails,
  pagerDutyIncidents,
  pagerDutyServices,
} from "./synthetic-recording.js";
