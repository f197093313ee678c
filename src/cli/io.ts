import type { Writable } from "node:stream";

/** Everything the CLI touches of the outside world, injectable so tests run it in-process. */
export interface CliIo {
  /** Writes to stdout; a returned promise settles when the sink can take more (await it for large output). */
  stdout(text: string): void | Promise<void>;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The real clock; fixtures pin their own. */
  now(): Date;
}

const drains = new WeakMap<Writable, Promise<void>>();

/**
 * Writes a chunk and resolves when the sink wants more: at once when `write` returned true, else on
 * 'drain'. That is all backpressure needs: a loop that awaits each write holds at most one
 * highWaterMark in memory, whatever the sink (a pipe to `gzip`, a container log, a file).
 * Rejects when the sink fails or is closed first. Writers that do not await share one drain wait.
 */
export function writeToSink(sink: Writable, chunk: string | Uint8Array): Promise<void> {
  if (sink.destroyed || sink.writableEnded) return Promise.reject(closedSinkError());
  if (sink.write(chunk)) return Promise.resolve();
  let drained = drains.get(sink);
  if (!drained) {
    drained = new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        sink.removeListener("drain", onDrain);
        sink.removeListener("error", onError);
        sink.removeListener("close", onClose);
        drains.delete(sink);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onError = (error: Error) => settle(error);
      const onClose = () => settle(closedSinkError());
      sink.on("drain", onDrain);
      sink.on("error", onError);
      sink.on("close", onClose);
    });
    drains.set(sink, drained);
  }
  return drained;
}

/**
 * Writes an output to stdout a chunk at a time, each awaited: `io.stdout` settles when the sink can
 * take more, so a report larger than any string streams with a chunk or two in memory.
 */
export async function writeChunksToStdout(io: CliIo, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) await io.stdout(chunk);
}

function closedSinkError(): NodeJS.ErrnoException {
  return Object.assign(new Error("the output was closed before everything was written"), { code: "EPIPE" });
}

/** Whether argv asks only for help or the version, which exit 0 even when the reader of stdout leaves early. */
export function isHelpRequest(argv: string[]): boolean {
  return argv[0] === "help" || argv.some((arg) => arg === "--help" || arg === "-h" || arg === "--version" || arg === "-V");
}

/** Exit code when stdout's reader went away (`| head -1`): 0 for help, else 128 + SIGPIPE as a shell would report. */
export const closedStdoutExitCode = (argv: string[]): number => (isHelpRequest(argv) ? 0 : 141);

/**
 * A reader that closes the pipe early (`dora … | head -1`) makes the next write fail with EPIPE,
 * emitted as an 'error' event: without a listener Node prints a stack trace and exits 1 (the code
 * of a breached threshold). End quietly instead, as a process killed by SIGPIPE would.
 */
export function endQuietlyOnClosedPipe(argv: string[]): void {
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") process.exit(closedStdoutExitCode(argv));
    throw error;
  };
  process.stdout.on("error", onError);
  // stderr closed too (`2>&1 | head`): nothing can be said any more; stop the same way.
  process.stderr.on("error", onError);
}

export function processIo(): CliIo {
  return {
    // The rejection is already handled by endQuietlyOnClosedPipe's listener on the stream.
    stdout: (text) => writeToSink(process.stdout, text).catch(() => {}),
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}
