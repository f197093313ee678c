import { type Command, Option } from "commander";

// The shared source flags alone (no client is loaded by defining them): `--help` stays fast.

/** The flags every command that reads the sources shares (report, backfill, record). */
export interface SourceFlags {
  config?: string;
  since?: string;
  from?: string;
  to?: string;
  timezone?: string;
  service?: string[];
  demo?: boolean;
  fixtures?: string;
  cacheDir?: string;
  cache: boolean;
  concurrency?: string;
  progress?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  /** Not offered by backfill (see addSourceOptions). */
  allowPartial?: boolean;
  insecure?: boolean;
  timeout?: string;
}

export function addSourceOptions(command: Command): Command {
  command
    .option("-c, --config <file>", "config file (default: dora.config.yaml, .yml or .json in the current directory)")
    .option("--since <duration>", "window ending now, e.g. 30d, 12w, 24h (default 30d; the demo's is 90d)")
    .option("--from <date>", "window start: YYYY-MM-DD (midnight in --timezone) or an ISO instant")
    .option("--to <date>", "window end, exclusive (default: now)")
    .option("--timezone <zone>", "IANA time zone for dates, days, weeks and buckets (default: config timezone, UTC)")
    .option("--service <name...>", "only these services (repeatable)");
  // dora record saves what the live APIs answer: a replay has nothing to record, so it has no --demo.
  if (command.name() !== "record") {
    command
      .option("--demo", "use the bundled demo recording (fixtures/demo): no network, no credentials")
      .option("--fixtures <dir>", "replay a recorded fixture directory (see dora record) instead of calling the APIs");
  }
  command
    .option("--cache-dir <dir>", "cache immutable API responses here (default: $XDG_CACHE_HOME/dora)")
    .option("--no-cache", "do not read or write the cache")
    .addOption(new Option("--concurrency <n>", "parallel requests per source").default("8"))
    .option("--timeout <duration>", "give up (exit 3) when the sources have not answered within this, e.g. 15m (default: no limit)");
  // A backfill writes into a store that keeps it: a gap sent there would stay a hole in the
  // history, so it has no --allow-partial.
  if (command.name() !== "backfill") {
    command.option("--allow-partial", "print the report even when a source fails: each gap is listed as an incomplete-… warning, and dora still exits 3");
  }
  return command
    .option("--insecure", "do not verify TLS certificates (self-signed test servers only; prefer NODE_EXTRA_CA_CERTS=ca.pem)")
    .option("--progress", "show progress on stderr even when it is not a terminal")
    .option("--no-progress", "never show progress")
    .option("-q, --quiet", "print nothing on stderr but errors")
    .option("-v, --verbose", "print every warning and the API requests (secrets redacted) on stderr");
}
