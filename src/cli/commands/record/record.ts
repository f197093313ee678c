import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command } from "commander";
import { runReport } from "../../../pipeline/run-report.js";
import { createRecordingFetch, writeRecording, type Exchange } from "../../../emulator/index.js";
import type { CliIo } from "../../io.js";
import type { Redactor } from "../../../util/redact.js";
import { addSourceOptions, prepareRun, type SourceFlags } from "../../source-options.js";
import { INCOMPLETE_WARNING_PREFIX, IncompleteReportError } from "../../../errors.js";
import { findConfigFile } from "../../../config/load-config.js";

interface RecordFlags extends SourceFlags {
  out: string;
}

const EXAMPLES = `
Examples:
  $ dora record --since 30d --out fixtures/my-team      save this month's API responses
  $ dora report --fixtures fixtures/my-team             replay them: same figures, no network

The recording holds no credentials (Authorization and cookies are never written). It does hold
workflow, commit and incident data: treat it like the data itself.`;

export function recordCommand(io: CliIo, redactor: Redactor): Command {
  const command = new Command("record").description("save the API responses of a run as a replayable fixture directory");
  addSourceOptions(command)
    .requiredOption("--out <dir>", "directory to write (meta.json, dora.config.yaml, exchanges/)")
    .addHelpText("after", EXAMPLES)
    .action(async (flags: RecordFlags) => {
      const exchanges: Exchange[] = [];
      // Every response the clients see is recorded, so the cache is bypassed.
      const run = await prepareRun(flags, io, redactor, {
        noCache: true,
        wrapFetch: (source, inner, baseUrl) => createRecordingFetch(inner, source, exchanges, baseUrl, redactor),
      });
      const report = await runReport(run.sources, { config: run.config, window: run.window, now: run.now, generatedAt: run.generatedAt, reportServices: run.reportServices }).finally(run.finishProgress);
      const out = resolve(io.cwd, flags.out);
      const configText = await readFile(findConfigFile(io.cwd, flags.config), "utf8");
      const since = flags.since ?? (flags.from ? undefined : "30d");
      await writeRecording(out, exchanges, { now: run.now.toISOString(), since, description: `recorded by dora record, window ${run.window.from.toISOString()} → ${run.window.to.toISOString()}` }, configText);
      // With --allow-partial the recording is written, but a replay of it would be incomplete too.
      const gaps = report.warnings.filter((warning) => warning.code.startsWith(INCOMPLETE_WARNING_PREFIX)).map((warning) => warning.message);
      if (gaps.length > 0) throw new IncompleteReportError(gaps);
      run.note(`dora: recorded ${exchanges.length} responses to ${out}; replay with: dora report --fixtures ${flags.out}${flags.from ? ` --from ${flags.from}${flags.to ? ` --to ${flags.to}` : ""}` : ""}`);
    });
  return command;
}
