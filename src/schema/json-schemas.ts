import { z } from "zod";
import { configSchema } from "../config/schema.js";
import { reportDocumentSchema } from "./report-schema.js";
import { CONFIG_SCHEMA_FILE } from "./config-schema-url.js";

// The JSON Schemas shipped in the package's schemas/, generated from the zod schemas by
// tools/generate-reference.ts, as draft-07: the newest draft the YAML language server reads. Refinements (durations, time zones, duplicate names) are not
// expressible in JSON Schema and are dropped: `dora` itself still checks them.

/** dora.config.yaml as written (defaults not required). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema.meta({ title: "dora.config.yaml", description: "The configuration of dora (docs/configuration.md)" }), {
    target: "draft-7",
    io: "input",
  });
}

/** The `--format json` report, schemaVersion 1. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reportDocumentSchema, { target: "draft-7", io: "output" });
}

/** Path in the package → the schema. */
export const JSON_SCHEMA_FILES: Record<string, () => Record<string, unknown>> = {
  [CONFIG_SCHEMA_FILE]: configJsonSchema,
  "schemas/report.schema.json": reportJsonSchema,
};
