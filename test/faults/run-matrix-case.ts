// Runs one case of the fault matrix: in-process (the test: fast, pinned clock) or as a real `dora`
// process (npm run faults: the process must exit by itself; the time from the error message to
// the exit is measured).

import { spawn } from "node:child_process";
import { runCli } from "../cli/run-cli.js";
import { FAST, NOW, TOKENS, type FaultBench } from "./harness.js";
import { matrixContext, type MatrixCase } from "./fault-matrix.js";

export const WINDOW = ["--from", "2026-08-18", "--to", "2026-11-16"];

export interface CaseRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the start of the run to its end. */
  seconds: number;
  /** From the first line on stderr (the error message) to the end; the whole run when there is none. */
  secondsAfterMessage: number;
  /** Requests that reached the proxy after the run ended (in-process: lingering work). */
  requestsAfterEnd: number;
}

export type Mode = "in-process" | "process";

const total = (bench: FaultBench) => bench.proxy.counts.argo + bench.proxy.counts.github + bench.proxy.counts.incident;

async function runOnce(args: string[], env: NodeJS.ProcessEnv, mode: Mode): Promise<Omit<CaseRun, "requestsAfterEnd">> {
  const started = performance.now();
  if (mode === "in-process") {
    // In-process the message is printed as main returns: the time to exit is the whole run's.
    const run = await runCli(args, { env: { ...TOKENS, ...FAST, ...env }, now: NOW });
    const seconds = (performance.now() - started) / 1000;
    return { ...run, seconds, secondsAfterMessage: seconds };
  }
  // A fresh process answers its first requests slowly (module loading, a busy machine): the
  // in-process deadlines of the hang cases are stretched so only the injected fault trips them.
  const stretched: NodeJS.ProcessEnv = { ...FAST, DORA_TIMEOUT_MS: "10000", DORA_RETRY_BUDGET_MS: "20000", ...env };
  for (const name of ["DORA_TIMEOUT_MS", "DORA_RETRY_BUDGET_MS"] as const) {
    if (env[name] !== undefined && Number(env[name]) < 5000) stretched[name] = String(Number(env[name]) * 4);
  }
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", ...args], {
    env: { PATH: process.env.PATH, HOME: "/tmp", XDG_CACHE_HOME: "/tmp/dora-matrix-cache", ...TOKENS, ...stretched },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let messageAt: number | undefined;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    messageAt ??= performance.now();
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", (exit) => resolve(exit)));
  const ended = performance.now();
  return { code, stdout, stderr, seconds: (ended - started) / 1000, secondsAfterMessage: (ended - (messageAt ?? started)) / 1000 };
}

/** The command line of a case (its config, window and flags). */
function commandLine(bench: FaultBench, setup: ReturnType<MatrixCase["setup"]>): string[] {
  const extra = setup.args ?? [];
  const cache = extra.includes("--cache-dir") ? [] : ["--no-cache"];
  return ["report", "--config", setup.config ?? bench.configPath, ...(setup.window ?? WINDOW), "--format", "json", ...cache, ...extra];
}

export async function runMatrixCase(bench: FaultBench, matrixCase: MatrixCase, mode: Mode): Promise<CaseRun> {
  await bench.proxy.idle(50);
  bench.proxy.reset();
  const setup = matrixCase.setup(matrixContext(bench));
  const args = commandLine(bench, setup);
  if (setup.before) {
    await setup.before(async (more) => runOnce([...args.filter((arg) => arg !== "--verbose"), ...more], setup.env ?? {}, mode));
    await bench.proxy.idle();
  }
  bench.proxy.rules = setup.rules ?? [];
  const run = await runOnce(args, setup.env ?? {}, mode);
  // Requests already on the wire when the run ended may still reach the proxy (late, on a busy
  // machine): lingering work is what arrives after they settled, while nothing should be running.
  await new Promise((resolve) => setTimeout(resolve, 250));
  const atEnd = total(bench);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const requestsAfterEnd = total(bench) - atEnd;
  setup.after?.();
  return { ...run, requestsAfterEnd };
}

/** The clean run of the matrix's command line. */
export async function cleanRun(bench: FaultBench, mode: Mode): Promise<string> {
  bench.proxy.reset();
  const run = await runOnce(["report", "--config", bench.configPath, ...WINDOW, "--format", "json", "--no-cache"], {}, mode);
  if (run.code !== 0) throw new Error(`the clean run failed: ${run.stderr}`);
  return run.stdout;
}
