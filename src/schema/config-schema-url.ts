import { VERSION } from "../version.js";

// Where editors find the JSON Schema of dora.config.yaml (`dora init` writes it on the first line
// as `# yaml-language-server: $schema=…`). A versioned CDN URL of the published package works
// wherever the config lives and however dora was installed (npx, global, a project's
// node_modules), and it is the schema of the very version that wrote the file. docs/configuration.md
// says how to point at the copy in node_modules instead (offline editors).
export const CONFIG_SCHEMA_FILE = "schemas/dora-config.schema.json";
export const CONFIG_SCHEMA_URL = `https://cdn.jsdelivr.net/npm/dora-metrics-cli@${VERSION}/${CONFIG_SCHEMA_FILE}`;
/** The comment line (without its `#`) that tells the YAML language server which schema to use. */
export const CONFIG_SCHEMA_MODELINE = `yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`;
