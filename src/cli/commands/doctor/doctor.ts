import { resolve } from "node:path";
import { Command } from "commander";
import { applyEnvironment, readCredentials } from "../../../config/environment.js";
import { findConfigFile, loadConfigFile } from "../../../config/load-config.js";
import { ChecksFailedError, ConfigError } from "../../../errors.js";
import { runDoctor, type CheckResult } from "./doctor-checks.js";
import { loadKubeConfig } from "../../../sources/kubernetes/load-kube-config.js";
import { resolveOtlpTarget } from "../../../otlp/otlp-endpoints.js";
import type { OtlpTarget, Signal } from "../../../otlp/otlp-sender.js";
import { Redactor } from "../../../util/redact.js";
import { parseDurationSeconds } from "../../../util/duration.js";
import type { CliIo } from "../../io.js";

interface DoctorFlags {
  config?: string;
  since: string;
  otlpEndpoint?: string;
  otlpHeader: string[];
}

const EXAMPLES = `
Examples:
  $ dora doctor                                   check every source and service of dora.config.yaml
  $ dora doctor --config team-a.yaml --since 90d  services that deploy rarely
  $ dora doctor --otlp-endpoint http://otel-collector:4318   also check the backfill endpoint

Each check prints ✓ or ✗; a failure says what to fix. Credentials come from the environment
(GITHUB_TOKEN, ARGO_TOKEN, GRAFANA_TOKEN, KUBECONFIG), as for dora report.
Exit codes: 0 every check passed, 2 the config file is missing or invalid, 3 a check failed.`;

const MARK: Record<CheckResult["status"], string> = { pass: "✓", fail: "✗", skip: "–" };

/** One checklist entry: the mark and title, the detail, and for a failure the fix. */
export function formatCheck(result: CheckResult, redactor: Redactor = new Redactor()): string {
  const lines: string[] = [];
  if (result.status === "fail") {
    lines.push(`  ${MARK.fail} ${result.title}`);
    if (result.detail) lines.push(`      ${result.detail}`);
    if (result.fix) lines.push(`      fix: ${result.fix}`);
  } else {
    lines.push(`  ${MARK[result.status]} ${result.title}${result.detail ? ` (${result.detail})` : ""}`);
  }
  return redactor.text(lines.join("\n")) + "\n";
}

export function doctorCommand(io: CliIo, redactor: Redactor): Command {
  return new Command("doctor")
    .description("check that every configured source is reachable, the tokens suffice and each service's runs are found")
    .option("-c, --config <file>", "config file (default: dora.config.yaml, .yml or .json in the current directory)")
    .option("--since <duration>", "look for each service's runs this far back", "30d")
    .option("--otlp-endpoint <url>", "also check this OTLP/HTTP endpoint (default: OTEL_EXPORTER_OTLP_ENDPOINT when set)")
    .option("--otlp-header <key=value>", "header for the OTLP check, e.g. X-Scope-OrgID=team-a (repeatable)", (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addHelpText("after", EXAMPLES)
    .action(async (flags: DoctorFlags) => {
      await runDoctorCommand(flags, io, redactor);
    });
}

async function runDoctorCommand(flags: DoctorFlags, io: CliIo, redactor: Redactor): Promise<void> {
  const sinceSeconds = parseDurationSeconds(flags.since);
  if (sinceSeconds === undefined || sinceSeconds < 86_400) {
    throw new ConfigError(`--since "${flags.since}" is not a duration of a day or more`, "--since", "e.g. --since 30d");
  }
  const configPath = findConfigFile(io.cwd, flags.config);
  const config = applyEnvironment(await loadConfigFile(configPath), io.env);
  const credentials = readCredentials(io.env, redactor);
  const otlp: Array<{ signal: Signal; target: OtlpTarget }> = [];
  for (const signal of ["traces", "metrics"] as const) {
    const target = resolveOtlpTarget(signal, { endpoint: flags.otlpEndpoint, headers: flags.otlpHeader }, io.env, redactor);
    if (target) otlp.push({ signal, target });
  }

  // The header comes with the first result: a config error prints nothing on stdout.
  let group: string | undefined;
  const results = await runDoctor({
    config,
    credentials,
    now: io.now(),
    sinceDays: Math.floor(sinceSeconds / 86_400),
    loadKubeConfig: () => loadKubeConfig(io.env),
    otlp,
    onResult: (result) => {
      if (group === undefined) io.stdout(`dora doctor: ${resolve(io.cwd, configPath)}\n`);
      if (result.group !== group) {
        group = result.group;
        io.stdout(`\n${redactor.text(group)}\n`);
      }
      io.stdout(formatCheck(result, redactor));
    },
  });

  const failed = results.filter((result) => result.status === "fail");
  const checked = results.filter((result) => result.status !== "skip").length;
  const notChecked = results.length - checked;
  if (failed.length === 0) {
    await io.stdout(`\nAll ${checked} checks passed${notChecked > 0 ? ` (${notChecked} not checked)` : ""}. Next: dora report\n`);
    return;
  }
  throw new ChecksFailedError(failed.length, checked, notChecked);
}
