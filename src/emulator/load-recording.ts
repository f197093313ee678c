import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { isRecord } from "../util/json-guards.js";
import { REPLAY_SOURCES, type Exchange, type Recording, type RecordingMeta, type ReplaySource } from "./recording.js";

const CONFIG_NAMES = ["dora.config.yaml", "dora.config.yml", "dora.config.json"];
const FORMAT_HINT = "see fixtures/README.md for the fixture format";

/** Reads a fixture directory (meta.json, dora.config.yaml, exchanges/<source>/*.json). */
export async function loadRecording(dir: string): Promise<Recording> {
  const root = resolve(dir);
  if (!(await isDirectory(root))) {
    throw new ConfigError(`fixture directory ${root} does not exist`, "--fixtures", `point --fixtures at a directory written by \`dora record\`; ${FORMAT_HINT}`);
  }
  const meta = parseMeta(await readJson(join(root, "meta.json")), join(root, "meta.json"));
  const configPath = await findConfig(root);
  const exchangesDir = join(root, "exchanges");
  if (!(await isDirectory(exchangesDir))) {
    throw new ConfigError(`fixture directory ${root} has no exchanges/ folder`, "--fixtures", `add exchanges/<argo|github|incident|pagerduty|github-issues>/*.json; ${FORMAT_HINT}`);
  }
  const exchanges: Exchange[] = [];
  const baseDir = meta.base === undefined ? undefined : resolve(root, meta.base);
  if (baseDir === root) throw invalid(join(root, "meta.json"), '"base" must name another fixture directory');
  const base = baseDir === undefined ? undefined : await loadRecording(baseDir);
  for (const source of REPLAY_SOURCES) {
    const sourceDir = join(exchangesDir, source);
    if (!(await isDirectory(sourceDir))) {
      exchanges.push(...(base?.exchanges.filter((exchange) => exchange.source === source) ?? []));
      continue;
    }
    const files = (await readdir(sourceDir)).filter((name) => name.endsWith(".json")).sort();
    for (const file of files) {
      const path = join(sourceDir, file);
      exchanges.push(parseExchange(await readJson(path), path, source));
    }
  }
  return { dir: root, meta, configPath, exchanges };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new ConfigError(`cannot read fixture file ${path}`, path, `create it; ${FORMAT_HINT}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`fixture file ${path} is not valid JSON: ${(error as Error).message}`, path, "fix the JSON syntax");
  }
}

async function findConfig(root: string): Promise<string> {
  for (const name of CONFIG_NAMES) {
    const path = join(root, name);
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // try the next name
    }
  }
  throw new ConfigError(
    `fixture directory ${root} has no dora.config.yaml`,
    join(root, "dora.config.yaml"),
    "copy the config the responses were recorded with into the fixture directory",
  );
}

function parseMeta(value: unknown, path: string): RecordingMeta {
  if (!isRecord(value)) throw invalid(path, "expected an object {now, since?, description}");
  const { now, since, description, base } = value;
  if (typeof now !== "string" || Number.isNaN(Date.parse(now))) {
    throw invalid(path, 'expected "now" to be an ISO instant such as "2026-11-16T00:00:00Z"');
  }
  if (since !== undefined && typeof since !== "string") throw invalid(path, 'expected "since" to be a duration such as "90d"');
  if (base !== undefined && typeof base !== "string") throw invalid(path, 'expected "base" to be a fixture directory such as "../demo"');
  return {
    now,
    ...(since === undefined ? {} : { since }),
    description: typeof description === "string" ? description : "",
    ...(base === undefined ? {} : { base }),
  };
}

function parseExchange(value: unknown, path: string, source: ReplaySource): Exchange {
  if (!isRecord(value)) throw invalid(path, "expected an object {source, request, response}");
  if (value.source !== undefined && value.source !== source) {
    throw invalid(path, `"source" is "${String(value.source)}" but the file is under exchanges/${source}/`);
  }
  const { request, response } = value;
  if (!isRecord(request) || typeof request.method !== "string" || typeof request.path !== "string" || !request.path.startsWith("/")) {
    throw invalid(path, 'expected "request" {method, path (starting with "/"), body}');
  }
  if (!isRecord(response) || typeof response.status !== "number") {
    throw invalid(path, 'expected "response" {status (number), headers, body}');
  }
  const headers: Record<string, string> = {};
  if (isRecord(response.headers)) {
    for (const [key, header] of Object.entries(response.headers)) headers[key.toLowerCase()] = String(header);
  }
  return {
    source,
    request: { method: request.method.toUpperCase(), path: request.path, body: request.body ?? null },
    response: { status: response.status, headers, body: response.body ?? null },
  };
}

function invalid(path: string, expected: string): ConfigError {
  return new ConfigError(`invalid fixture file ${path}: ${expected}`, path, FORMAT_HINT);
}
