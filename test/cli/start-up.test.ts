import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { buildProgram, COMMANDS } from "../../src/cli/program.js";
import type { CliIo } from "../../src/cli/io.js";

// Start-up costs what a command needs: `dora --version` and `dora report --help` must not load the
// Kubernetes client, OpenTelemetry or Octokit (together over a second of CPU). The timing itself is
// `npm run bench -- --only startup`; here the imports are checked, which cannot flake.

const HEAVY = /^@(kubernetes|opentelemetry|octokit)\//;
const dir = mkdtempSync(join(tmpdir(), "dora-imports-"));

function packagesLoaded(args: string[]): string[] {
  const log = join(dir, `${args.join("_").replace(/\W/g, "")}.log`);
  writeFileSync(log, "");
  execFileSync(process.execPath, ["--import", "tsx", "--import", pathToFileURL("test/cli/start-up/register.mjs").href, "src/cli/run.ts", ...args], {
    env: { ...process.env, DORA_IMPORT_LOG: log },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))];
}

describe("start-up loads only what the command needs", () => {
  it.each([[["--version"]], [["report", "--help"]], [["--help"]]])("dora %s loads no Kubernetes, OpenTelemetry or Octokit package", (args) => {
    const loaded = packagesLoaded(args);
    expect(loaded).toContain("commander");
    expect(loaded.filter((name) => HEAVY.test(name))).toEqual([]);
  });

  it("dora report --demo does load Octokit (the check above would see a heavy import)", () => {
    expect(packagesLoaded(["report", "--demo", "--format", "json", "-o", join(dir, "r.json")]).some((name) => name.startsWith("@octokit/"))).toBe(true);
  });

  it("each command's help listing says what the command itself says", async () => {
    const io: CliIo = { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: process.cwd(), now: () => new Date() };
    const full = await buildProgram(io);
    expect(full.commands.map((command) => [command.name(), command.description()])).toEqual(COMMANDS.map((entry) => [entry.name, entry.description]));
  });
});
