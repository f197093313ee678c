/** Everything the CLI touches of the outside world, injectable so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  /** The real stdout stream, when there is one: long outputs are piped to it with backpressure. */
  stdoutStream?: NodeJS.WritableStream;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The real clock; fixtures pin their own. */
  now(): Date;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stdoutStream: process.stdout,
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}
