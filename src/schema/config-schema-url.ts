// Where editors find the JSON Schema of dora.config.yaml: `dora init` writes it on the config's
// first line as `# yaml-language-server: $schema=…`. The path is relative to the config file and
// points into the node_modules of the project that installed dora next to it (how the nightly CI
// example installs it): it works offline, for a package installed from a tarball (dora is not on
// the npm registry, so a CDN URL would not resolve), and it is always the schema of the installed
// version. docs/configuration.md says how to point at another copy.
export const CONFIG_SCHEMA_FILE = "schemas/dora-config.schema.json";
export const CONFIG_SCHEMA_PATH = `./node_modules/dora-metrics-cli/${CONFIG_SCHEMA_FILE}`;
/** The comment line (without its `#`) that tells the YAML language server which schema to use. */
export const CONFIG_SCHEMA_MODELINE = `yaml-language-server: $schema=${CONFIG_SCHEMA_PATH}`;
