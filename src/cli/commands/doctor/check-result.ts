// One doctor check's outcome: shared by the Argo/GitHub/Grafana checks and the incident-source checks.

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  /** The source the check is about (for the exit error). */
  source: "argo" | "kubernetes" | "github" | "incident" | "pagerduty" | "github-issues" | "otlp";
  group: string;
  title: string;
  status: CheckStatus;
  /** What was found (a count, the server's message). */
  detail?: string;
  /** What to do about a failure. */
  fix?: string;
}
