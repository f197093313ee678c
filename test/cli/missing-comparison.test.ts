import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

// A previous window that could not be read is a missing comparison, never a comparison against
// zeros ("5.9/week (+5.9)"). The demo recording is copied with its archive lists narrowed to
// what the current window needs (from 2026-05-01): the previous window's list is then not recorded.

function recordingWithoutPreviousWindow(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "dora-no-previous-")), "recording");
  cpSync("fixtures/demo", dir, { recursive: true });
  const argo = join(dir, "exchanges", "argo");
  for (const name of readdirSync(argo).filter((file) => file.includes("-list-"))) {
    const path = join(argo, name);
    writeFileSync(path, readFileSync(path, "utf8").replace("spec.startedAt%3E2026-01-01T00%3A00%3A00Z", "spec.startedAt%3E2026-05-01T00%3A00%3A00Z"));
  }
  return dir;
}

describe("--compare previous --allow-partial when the previous window cannot be read", () => {
  const fixtures = recordingWithoutPreviousWindow();

  it("fails without --allow-partial (exit 3)", async () => {
    const run = await runCli(["report", "--fixtures", fixtures, "--compare", "previous"]);
    expect(run.code).toBe(3);
  });

  it("prints the window's figures without any change column, says the comparison is missing, and exits 3", async () => {
    const run = await runCli(["report", "--fixtures", fixtures, "--compare", "previous", "--allow-partial"]);
    expect(run.code).toBe(3);
    // 76 deployments in 90 days: 76 / 90 × 7 = 5.91/week — and no "(+5.9)" against an unread window.
    expect(run.stdout).toContain("5.9/week ");
    expect(run.stdout).not.toMatch(/\(\+5\.9\)|\+\d+(\.\d+)? pp/);
    expect(run.stdout).not.toContain("Changes against the previous window");
    expect(run.stdout).toContain("previous window (no comparison shown)");
  });

  it("JSON has no `previous` figures rather than zeros", async () => {
    const run = await runCli(["report", "--fixtures", fixtures, "--compare", "previous", "--allow-partial", "--format", "json"]);
    const json = JSON.parse(run.stdout);
    expect(json.previous).toBeUndefined();
    expect(json.warnings.some((warning: { code: string; message: string }) => warning.code.startsWith("incomplete-") && warning.message.startsWith("previous window"))).toBe(true);
  });
});
