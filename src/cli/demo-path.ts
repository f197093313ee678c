import { fileURLToPath } from "node:url";

/** The bundled demo recording (fixtures/demo), found relative to this module in src/ or dist/. */
export function demoFixturesDir(): string {
  return fileURLToPath(new URL("../../fixtures/demo", import.meta.url));
}
