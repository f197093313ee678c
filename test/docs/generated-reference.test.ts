import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The generator is run, not imported: tests do not import tools/.
describe("generated reference files", () => {
  it("docs/warnings.md and schemas/ are what tools/generate-reference.ts writes from the code", () => {
    const run = () => execFileSync(process.execPath, ["--import", "tsx", "tools/generate-reference.ts", "--check"], { encoding: "utf8", stdio: "pipe" });
    expect(run).not.toThrow();
  }, 60_000);
});
