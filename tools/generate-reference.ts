// Writes the reference files that are generated from the code: docs/warnings.md from the warning
// catalog, and the JSON Schemas in schemas/ from the zod schemas (shipped in the package). `--check` writes nothing and exits 1 naming each file that is stale (the tests run it).
//
//   npx tsx tools/generate-reference.ts          # regenerate
//   npx tsx tools/generate-reference.ts --check  # fail when a committed file differs

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSON_SCHEMA_FILES } from "../src/schema/json-schemas.js";
import { warningsMarkdown } from "./reference/warnings-markdown.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const outputs: Record<string, () => string> = {
  "docs/warnings.md": warningsMarkdown,
  ...Object.fromEntries(Object.entries(JSON_SCHEMA_FILES).map(([path, schema]) => [path, () => `${JSON.stringify(schema(), null, 2)}\n`])),
};

const check = process.argv.includes("--check");
const stale: string[] = [];
for (const [path, generate] of Object.entries(outputs)) {
  const file = join(root, path);
  const wanted = generate();
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current === wanted) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, wanted);
  }
}
if (check && stale.length > 0) {
  console.error(`stale generated files (run npm run generate:reference): ${stale.join(", ")}`);
  process.exit(1);
}
if (!check) console.log(stale.length === 0 ? "generated files are up to date" : `wrote ${stale.join(", ")}`);
