import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { CONFIG_SCHEMA_PATH } from "../../src/schema/config-schema-url.js";

// The shipped JSON Schemas (schemas/, generated from the zod schemas; generated-reference.test.ts
// checks they are current) checked with a real JSON Schema validator against what dora writes and
// reads: the demo's JSON reports and the bundled example configs.
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats.default(ajv);
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
const validateConfig = ajv.compile(readJson("schemas/dora-config.schema.json"));
const validateReport = ajv.compile(readJson("schemas/report.schema.json"));
const errors = (validate: typeof validateConfig) => ajv.errorsText(validate.errors);

const EXAMPLE_CONFIGS = [
  "fixtures/demo/dora.config.yaml",
  "fixtures/demo-incident-sources/github-issues/dora.config.yaml",
  "fixtures/demo-incident-sources/pagerduty/dora.config.yaml",
];

describe("schemas/dora-config.schema.json", () => {
  it.each(EXAMPLE_CONFIGS)("accepts %s", (path) => {
    const config = YAML.parse(readFileSync(path, "utf8"));
    expect(validateConfig(config), errors(validateConfig)).toBe(true);
  });

  it("accepts the config of examples/kubernetes/dora-cronjob.yaml's ConfigMap", () => {
    const documents = YAML.parseAllDocuments(readFileSync("examples/kubernetes/dora-cronjob.yaml", "utf8")).map((document) => document.toJS());
    const configMap = documents.find((document) => document?.kind === "ConfigMap");
    const config = YAML.parse(configMap.data["dora.config.yaml"]);
    expect(validateConfig(config), errors(validateConfig)).toBe(true);
  });

  it("rejects an unknown key, a wrong type and a missing service list, naming each", () => {
    const config = YAML.parse(readFileSync("fixtures/demo/dora.config.yaml", "utf8"));
    expect(validateConfig({ ...config, lookbak: "30d" })).toBe(false);
    expect(validateConfig.errors?.[0]).toMatchObject({ keyword: "additionalProperties", params: { additionalProperty: "lookbak" } });
    expect(validateConfig({ ...config, incidents: { includeDrills: "yes" } })).toBe(false);
    expect(validateConfig.errors?.[0]).toMatchObject({ instancePath: "/incidents/includeDrills", keyword: "type" });
    const { services: _, ...withoutServices } = config;
    expect(validateConfig(withoutServices)).toBe(false);
    expect(validateConfig.errors?.[0]).toMatchObject({ keyword: "required", params: { missingProperty: "services" } });
  });

  it("is the file `dora init` points editors at, inside the installed package", () => {
    expect(readJson("package.json")).toMatchObject({ name: "dora-metrics-cli", files: expect.arrayContaining(["schemas"]) });
    expect(CONFIG_SCHEMA_PATH).toBe("./node_modules/dora-metrics-cli/schemas/dora-config.schema.json");
  });
});

describe("schemas/report.schema.json", () => {
  const report = async (...args: string[]) => {
    const run = await runCli(["report", "--demo", "--format", "json", ...args]);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };

  it.each([[[]], [["--bucket", "week"]], [["--compare", "previous", "--since", "30d"]]])("accepts the demo's report %j", async (args) => {
    const document = await report(...args);
    expect(validateReport(document), errors(validateReport)).toBe(true);
    // The variants exercise the optional parts.
    if (args.includes("--bucket")) expect((document.buckets as unknown[]).length).toBeGreaterThan(0);
    if (args.includes("--compare")) expect(document.previous).toBeDefined();
  }, 60_000);

  it("rejects a report with a missing figure, an extra key or an unknown warning code", async () => {
    const document = await report();
    const overall = document.overall as { leadTime: Record<string, unknown> };
    const { medianSeconds: _, ...leadTime } = overall.leadTime;
    expect(validateReport({ ...document, overall: { ...overall, leadTime } })).toBe(false);
    expect(validateReport.errors?.[0]).toMatchObject({ instancePath: "/overall/leadTime", params: { missingProperty: "medianSeconds" } });
    expect(validateReport({ ...document, extra: 1 })).toBe(false);
    expect(validateReport({ ...document, warnings: [{ code: "no-such-warning", message: "x" }] })).toBe(false);
    expect(validateReport.errors?.[0]).toMatchObject({ instancePath: "/warnings/0/code", keyword: "enum" });
  }, 60_000);
});
