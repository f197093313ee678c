import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { appendFile, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ConfigError, OutputError } from "../errors.js";

// Disk errors are the machine's or the user's, never a bug of dora: each names the path and the cause.
// A full disk or a read-only file system is the environment (exit 3); a path that cannot be a
// writable file (a directory, no permission, a file where a directory should be) is usage (exit 2).

const ENVIRONMENT_CODES = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO", "EMFILE", "ENFILE"]);

const CAUSES: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EIO: "input/output error",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is a file, not a directory",
  ENOENT: "the directory does not exist",
  ENAMETOOLONG: "the name is too long",
};

/** Maps a file system error on `path` (named by `what`, e.g. "--output") to a typed error with the fix. */
export function fileWriteError(error: unknown, path: string, what: string, fix: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return error instanceof Error ? error : new Error(String(error));
  const cause = CAUSES[code] ?? code;
  const message = `cannot write ${what} ${path}: ${cause} (${code})`;
  if (ENVIRONMENT_CODES.has(code)) return new OutputError(message, { path, code, hint: code === "EROFS" ? fix : "free space on the device, then run dora again" });
  return new ConfigError(message, what, fix);
}

/**
 * Writes the whole file or nothing: the text goes to a temporary file next to it, renamed over the
 * target once complete, so a full disk leaves no half-written report for the next step to read.
 */
export async function writeOutputFile(path: string, text: string | Iterable<string>, what = "--output"): Promise<void> {
  const fix = `give ${what} a file path in a writable directory`;
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new ConfigError(`cannot write ${what} ${path}: it is a directory`, what, `name a file, e.g. ${join(path, "dora-report")}`);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    // Chunks (a long backfill file) stream with backpressure: memory holds a chunk or two.
    if (typeof text === "string") await writeFile(temporary, text);
    else await pipeline(Readable.from(text, { objectMode: false }), createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw fileWriteError(error, path, what, fix);
  }
}

/** Appends to a file the environment names ($GITHUB_STEP_SUMMARY); the error names the variable. */
export async function appendToNamedFile(path: string, text: string, variable: string): Promise<void> {
  try {
    await appendFile(path, text);
  } catch (error) {
    const mapped = fileWriteError(error, path, `$${variable}`, `point ${variable} at a file in an existing, writable directory (GitHub Actions sets it for each step)`);
    // The path comes from the runner, not from the command line: a broken one is the environment's (exit 3).
    throw mapped instanceof ConfigError ? new OutputError(mapped.message, { path, hint: mapped.hint }) : mapped;
  }
}
