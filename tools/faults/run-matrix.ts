// npm run faults: issue #19's fault matrix (test/faults/fault-matrix.ts), each case run as a real
// `dora` process against the demo recording behind the fault proxy on 127.0.0.1. Prints the table
// of docs/failure-modes.md: case, exit code, seconds from the message to the exit, the message's
// first line, and whether the case met its expectations. Exits 1 when one did not.

import { startFaultBench } from "../../test/faults/harness.js";
import { MATRIX } from "../../test/faults/fault-matrix.js";
import { cleanRun, runMatrixCase } from "../../test/faults/run-matrix-case.js";

/** The report without its generation time (a real process has a real clock). */
const figures = (json: string) => {
  try {
    return JSON.stringify({ ...JSON.parse(json), generatedAt: undefined });
  } catch {
    return json;
  }
};
/** The query string and the long Grafana plugin path shortened, so the cause fits in a table cell. */
const shorten = (text: string) => text.replace(/\?[^\s)]+/g, "?…").replace(/\/api\/plugins\/[^/]+\/resources\/api\/v1\//g, "/…/");
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
const MAX_MESSAGE = 200;

const bench = await startFaultBench();
let failed = 0;
try {
  const clean = await cleanRun(bench, "process");
  const rows: string[] = [];
  for (const matrixCase of MATRIX) {
    const run = await runMatrixCase(bench, matrixCase, "process");
    const lines = run.stderr.split("\n").filter((line) => line.trim() !== "");
    const message = lines.find((line) => matrixCase.stderr.some((pattern) => pattern.test(line))) ?? lines.find((line) => !/^dora: (GET|POST) /.test(line)) ?? "";
    const problems: string[] = [];
    if (run.code !== matrixCase.code) problems.push(`exit ${run.code}, expected ${matrixCase.code}`);
    for (const pattern of matrixCase.stderr) if (!pattern.test(run.stderr)) problems.push(`stderr lacks ${pattern}`);
    if (matrixCase.stdout === "none" && run.stdout !== "") problems.push("stdout is not empty");
    if (matrixCase.stdout === "clean" && figures(run.stdout) !== figures(clean)) problems.push("stdout differs from the clean run");
    if (matrixCase.stdout === "report") {
      try {
        matrixCase.report!(JSON.parse(run.stdout), JSON.parse(clean));
      } catch (error) {
        problems.push(`report: ${(error as Error).message}`);
      }
    }
    if (problems.length > 0) failed++;
    const short = shorten(message);
    const shown = short.length > MAX_MESSAGE ? `${short.slice(0, MAX_MESSAGE)}…` : short;
    rows.push(
      `| ${cell(matrixCase.bullet)} | ${cell(matrixCase.name)} | ${run.code} | ${run.secondsAfterMessage.toFixed(2)} | ${run.seconds.toFixed(2)} | ${shown ? `\`${cell(shown)}\`` : "(none: figures printed)"} | ${problems.length === 0 ? "✓" : `✗ ${cell(problems.join("; "))}`} |`,
    );
    process.stderr.write(`${problems.length === 0 ? "ok  " : "FAIL"} ${matrixCase.name}\n`);
  }
  console.log("| finding | case | exit | s from message to exit | s in all | message (first line) | as expected |");
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
} finally {
  await bench.close();
}
process.exitCode = failed === 0 ? 0 : 1;
