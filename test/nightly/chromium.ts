import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_MISSING = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (Debian: apt-get install -y chromium); the headless HTML tests are skipped`;

const run = promisify(execFile);

/** Headless Chromium with no network side-channels (updates, sync, first-run) and a throwaway profile. */
async function chromium(args: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "dora-chromium-"));
  try {
    const { stdout } = await run(
      CHROMIUM,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, ...args,
      ],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM after Chromium parsed (and laid out) the file, serialized. */
export function dumpDom(file: string): Promise<string> {
  return chromium(["--dump-dom", `file://${file}`]);
}

export async function screenshot(file: string, png: string): Promise<void> {
  await chromium([`--screenshot=${png}`, "--window-size=1280,2000", "--hide-scrollbars", `file://${file}`]);
}
