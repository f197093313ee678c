import { resolve } from "node:path";
import { applyEnvironment, readCredentials } from "../config/environment.js";
import { findConfigFile, loadConfigFile } from "../config/load-config.js";
import { resolveWindow } from "../config/resolve-window.js";
import { timezoneSchema, type DoraConfig } from "../config/schema.js";
import { ConfigError, SourceError } from "../errors.js";
import { DURATION_FORM, parseDurationSeconds } from "../util/duration.js";
import type { Window } from "../model/window.js";
import { checkServiceFilter } from "../pipeline/run-report.js";
import { createSources, type SourceSetup } from "../pipeline/create-sources.js";
import type { Sources } from "../pipeline/collect-input.js";
import { defaultCacheDir } from "../sources/cache/cache-dir.js";
import type { CacheStats } from "../sources/cache/caching-fetch.js";
import { loadRecording, type Recording } from "../emulator/index.js";
import type { Redactor } from "../util/redact.js";
import { stripControlKeepingLines } from "../util/strip-control.js";
import type { ProgressListener, SourceLogger } from "../sources/types.js";
import { loadKubeConfig } from "../sources/kubernetes/load-kube-config.js";
import type { CliIo } from "./io.js";
import type { SourceFlags } from "./source-flags.js";

export { addSourceOptions, type SourceFlags } from "./source-flags.js";
import { demoFixturesDir } from "./demo-path.js";
import { createProgressDisplay } from "./progress.js";

export interface PreparedRun {
  config: DoraConfig;
  recording?: Recording;
  window: Window;
  now: Date;
  generatedAt: Date;
  reportServices?: string[];
  sources: Sources;
  cacheStats: CacheStats;
  /** A note on stderr, unless --quiet. */
  note(text: string): void;
  /** Clears the progress line before other stderr output or the end. */
  finishProgress(): void;
}

function parseConcurrency(text: string | undefined): number {
  const value = Number(text ?? "8");
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new ConfigError(`--concurrency "${text}" is not a number from 1 to 64`, "--concurrency", "use e.g. --concurrency 8");
  }
  return value;
}

/**
 * --timeout: after this long every request and wait of the run is cancelled and the run fails
 * with exit 3. The timer is unref'd: it never keeps a finished process alive.
 */
function armRunTimeout(text: string, controller: AbortController): void {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new ConfigError(`--timeout "${text}" is not a duration from 1s to 24h`, "--timeout", `expected ${DURATION_FORM}, e.g. --timeout 15m`);
  }
  const timer = setTimeout(() => {
    controller.abort(
      new SourceError("run", `run: --timeout ${text.trim()} reached before the sources had answered; nothing was printed`, {
        hint: "raise --timeout, narrow the window (--since) or the services (--service), or check which source is slow with --verbose",
      }),
    );
  }, seconds * 1000);
  timer.unref();
}

const MAX_TIMEOUT_SECONDS = 86_400;

/**
 * --insecure turns certificate verification off for the whole process through
 * NODE_TLS_REJECT_UNAUTHORIZED=0: Node's fetch (Argo, Grafana, and Octokit, which uses it) and the
 * Kubernetes client's https agent all read it at connect time. There is no narrower switch that
 * covers all three without a dependency (undici's Agent is not exposed by Node 20). Always loud.
 */
function disableTlsVerification(io: CliIo): void {
  io.stderr("dora: WARNING: --insecure: TLS certificates are NOT verified; anyone on the network path can read the tokens and alter the data\n");
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
}

/** Everything before fetching: config, credentials, window, and the sources (live, cached or replayed). */
export async function prepareRun(
  flags: SourceFlags,
  io: CliIo,
  redactor: Redactor,
  extra: Pick<SourceSetup, "wrapFetch"> & { noCache?: boolean } = {},
): Promise<PreparedRun> {
  if (flags.demo && flags.fixtures) throw new ConfigError("--demo and --fixtures cannot be combined", "--demo", "use one of them");
  if (flags.quiet && flags.verbose) throw new ConfigError("--quiet and --verbose cannot be combined", "--quiet", "use one of them");
  const concurrency = parseConcurrency(flags.concurrency);
  const controller = new AbortController();
  if (flags.timeout !== undefined) armRunTimeout(flags.timeout, controller);
  const note = (text: string) => {
    if (!flags.quiet) io.stderr(stripControlKeepingLines(redactor.text(text)) + "\n");
  };
  if (flags.insecure) disableTlsVerification(io);

  const fixturesDir = flags.demo ? demoFixturesDir() : flags.fixtures ? resolve(io.cwd, flags.fixtures) : undefined;
  const recording = fixturesDir ? await loadRecording(fixturesDir) : undefined;
  const configPath = flags.config ? findConfigFile(io.cwd, flags.config) : recording ? recording.configPath : findConfigFile(io.cwd);
  // A replay must not pick up the live URLs or tokens of the environment.
  const config = applyEnvironment(await loadConfigFile(configPath), recording ? {} : io.env);
  const credentials = recording ? {} : readCredentials(io.env, redactor);

  if (flags.timezone !== undefined && !timezoneSchema.safeParse(flags.timezone).success) {
    throw new ConfigError(`--timezone "${flags.timezone}" is not a known time zone`, "--timezone", 'expected an IANA name such as "UTC" or "Europe/Berlin"');
  }
  const timezone = flags.timezone ?? config.timezone;
  const now = recording ? new Date(recording.meta.now) : io.now();
  const window = resolveWindow(flags, timezone, now, recording?.meta.since ?? "30d");
  const reportServices = checkServiceFilter(config, flags.service);

  const showProgress = !flags.quiet && flags.progress !== false && (flags.progress === true || io.stderrIsTTY) && !flags.verbose;
  const progress = showProgress ? createProgressDisplay(io) : undefined;
  const onProgress: ProgressListener | undefined = progress?.update;
  const logger: SourceLogger = {
    debug: (message) => {
      if (flags.verbose) io.stderr(stripControlKeepingLines(redactor.text(`dora: ${message}`)) + "\n");
    },
  };
  // Read before any request, so a missing kubeconfig or context is a config error (exit 2) at once.
  const kubeConfig = !recording && config.argo.source !== "archive" ? await loadKubeConfig(io.env) : undefined;
  const cacheStats: CacheStats = { hits: 0, misses: 0 };
  // Replays answer instantly: caching them would only fill the user's cache with demo data.
  const cacheDir =
    !flags.cache || extra.noCache ? undefined
    : flags.cacheDir ? resolve(io.cwd, flags.cacheDir)
    : recording ? undefined
    : defaultCacheDir(io.env);
  const sources = createSources({
    config,
    credentials,
    recording,
    logger,
    onProgress,
    concurrency,
    cacheDir,
    cacheStats,
    wrapFetch: extra.wrapFetch,
    allowPartial: flags.allowPartial === true,
    env: io.env,
    kubeConfig,
    controller,
  });
  return {
    config,
    recording,
    window,
    now,
    generatedAt: recording ? now : io.now(),
    reportServices,
    sources,
    cacheStats,
    note,
    finishProgress: () => progress?.finish(),
  };
}
