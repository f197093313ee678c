import { main } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, no TTY, and only the given environment. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; now?: Date; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    env: { XDG_CACHE_HOME: "/tmp/dora-test-cache", ...options.env },
    cwd: options.cwd ?? process.cwd(),
    now: () => options.now ?? new Date("2026-11-20T00:00:00Z"),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
