import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { REPLAY_SOURCES, type Exchange, type RecordingMeta } from "./recording.js";

/** A short readable file-name part from an exchange's path. */
export function exchangeSlug(path: string): string {
  const pathname = path.split("?")[0] ?? "";
  const slug = pathname
    .replace(/^\/api\/plugins\/[^/]+\/resources\/api\/v1\//, "/")
    .replace(/^\/api\/v1\//, "/")
    .replace(/^\/repos\/[^/]+\//, "/")
    .replace(/\b([0-9a-f]{12})[0-9a-f]{28}\b/gi, "$1")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "root" : slug;
}

export const jsonText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Writes a fixture directory: meta.json, the config (when given) and one file per exchange,
 * `exchanges/<source>/<NNNN>-<slug>.json`, numbered per source in the order of `exchanges`.
 * Refuses a directory that already holds exchanges, so two recordings never mix.
 */
export async function writeRecording(dir: string, exchanges: Exchange[], meta: RecordingMeta, configText?: string): Promise<void> {
  const exchangesDir = join(dir, "exchanges");
  let existing: string[] = [];
  try {
    existing = await readdir(exchangesDir);
  } catch {
    // a fresh directory
  }
  if (existing.length > 0) {
    throw new ConfigError(`${exchangesDir} already holds a recording`, "--out", "record into an empty or new directory");
  }
  // A recording holds whole workflow documents (every parameter), commit messages, author names
  // and e-mails, incident titles and the config: owner-only, like the cache.
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await writeFile(join(dir, "meta.json"), jsonText(meta), { mode: PRIVATE_FILE });
  if (configText !== undefined) {
    await writeFile(join(dir, "dora.config.yaml"), configText.endsWith("\n") ? configText : `${configText}\n`, { mode: PRIVATE_FILE });
  }
  for (const source of REPLAY_SOURCES) {
    const ofSource = exchanges.filter((exchange) => exchange.source === source);
    await mkdir(join(exchangesDir, source), { recursive: true, mode: PRIVATE_DIR });
    for (const [index, exchange] of ofSource.entries()) {
      const name = `${String(index + 1).padStart(4, "0")}-${exchangeSlug(exchange.request.path)}.json`;
      await writeFile(join(exchangesDir, source, name), jsonText({ source, request: exchange.request, response: exchange.response }), { mode: PRIVATE_FILE });
    }
  }
}
