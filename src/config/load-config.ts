import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import YAML from "yaml";
import { ConfigError } from "../errors.js";
import { configSchema, type DoraConfig } from "./schema.js";
import { formatConfigIssues } from "./format-issues.js";

export const CONFIG_FILE_NAMES = ["dora.config.yaml", "dora.config.yml", "dora.config.json"] as const;

/** Finds the config file: the given path, else the first of CONFIG_FILE_NAMES in cwd. */
export function findConfigFile(cwd: string, explicitPath?: string): string {
  if (explicitPath) {
    const path = resolve(cwd, explicitPath);
    if (!existsSync(path)) throw new ConfigError(`config file ${path} does not exist`, "--config", "check the path given to --config");
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new ConfigError(
    `no config file found in ${cwd} (looked for ${CONFIG_FILE_NAMES.join(", ")})`,
    "--config",
    "write one with dora init (or see the README's configuration section), or pass --config FILE; to see dora without a config: dora report --demo",
  );
}

/**
 * YAML.parse would print its warnings (an unknown `!tag`) on stderr itself; a config that needs a
 * warning is refused instead, like any other mistake in it.
 */
function parseYaml(text: string): unknown {
  const document = YAML.parseDocument(text, { prettyErrors: true });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw problem;
  refuseProtoKeys(document);
  return document.toJS();
}

/**
 * A `__proto__` key would set the prototype of the object it is read into (or be dropped), not be
 * data: refused with its path, wherever it is (a label key is free text, so it could be anywhere).
 */
function refuseProtoKeys(document: YAML.Document): void {
  YAML.visit(document, {
    Pair(_key, pair, path) {
      if (YAML.isScalar(pair.key) && pair.key.value === "__proto__") {
        const keys = path.filter(YAML.isPair).map((each) => (YAML.isScalar(each.key) ? String(each.key.value) : "?"));
        throw new ConfigKeyError([...keys, "__proto__"].join("."));
      }
    },
  });
}

class ConfigKeyError extends Error {
  constructor(readonly key: string) {
    super(`${key}: "__proto__" cannot be a key (it is an object's prototype, not data)`);
  }
}

/**
 * JSON.parse lets the last of a repeated key silently win; the YAML parser (JSON is YAML 1.2)
 * reports it, so a JSON config is read by JSON.parse for its syntax errors, then checked by YAML
 * for repeated keys.
 */
function parseJson(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  const document = YAML.parseDocument(text, { uniqueKeys: true });
  const duplicate = document.errors.find((error) => error.code === "DUPLICATE_KEY");
  if (duplicate) {
    const [line, column] = duplicate.linePos?.[0] ? [duplicate.linePos[0].line, duplicate.linePos[0].col] : [undefined, undefined];
    throw new Error(`a key is repeated${line === undefined ? "" : ` at line ${line}, column ${column}`}; each key may appear once`);
  }
  refuseProtoKeys(document);
  return value;
}

/** Parses and validates config text; errors name the file, the key path and the expected form. */
export function parseConfig(text: string, fileName: string): DoraConfig {
  let raw: unknown;
  try {
    raw = fileName.endsWith(".json") ? parseJson(text) : parseYaml(text);
  } catch (error) {
    if (error instanceof ConfigKeyError) throw new ConfigError(`${fileName} is invalid:\n  ${error.message}`, error.key, "rename the key");
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(`${fileName} is not valid ${fileName.endsWith(".json") ? "JSON" : "YAML"}: ${detail}`);
  }
  if (raw === null || raw === undefined) raw = {};
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = formatConfigIssues(result.error.issues, raw);
    throw new ConfigError(`${fileName} is invalid:\n  ${lines.join("\n  ")}`, lines[0]?.split(":")[0]);
  }
  return result.data;
}

export async function loadConfigFile(path: string): Promise<DoraConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, "--config");
  }
  return parseConfig(text, path);
}
