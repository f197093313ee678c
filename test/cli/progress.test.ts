import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { createProgressDisplay } from "../../src/cli/progress.js";
import { formatDuration } from "../../src/util/duration.js";
import { runCli } from "./run-cli.js";

function display(tty: boolean) {
  let clock = 0;
  const lines: string[] = [];
  const io = { stderr: (text: string) => lines.push(text), stderrIsTTY: tty } as unknown as CliIo;
  const progress = createProgressDisplay(io, () => clock);
  return { progress, lines, tick: (ms: number) => (clock += ms) };
}

describe("the progress display", () => {
  it("draws a bar with rate and ETA where the total is known", () => {
    const { progress, lines, tick } = display(true);
    progress.update({ source: "github", kind: "compares", done: 0, total: 40 });
    tick(2000);
    progress.update({ source: "github", kind: "compares", done: 10, total: 40 });
    // 10 done in 2 s = 5/s; 30 left / 5/s = 6 s; 10/40 of 20 cells = 5 filled.
    expect(lines.at(-1)).toBe("\r\x1b[2Kgithub: compares [█████░░░░░░░░░░░░░░░] 10/40 5.0/s ETA 6s");
  });

  it("spins where there is no total", () => {
    const { progress, lines, tick } = display(true);
    progress.update({ source: "argo", kind: "pages", done: 1 });
    tick(150);
    progress.update({ source: "argo", kind: "pages", done: 2 });
    expect(lines.map((line) => line.replace("\r\x1b[2K", ""))).toEqual(["⠋ 1 pages", "⠙ 2 pages"].map((text) => `argo: ${text}`));
  });

  it("adds up the rounds of a counter instead of letting its total shrink (49/66 then 13/13 → 62/79)", () => {
    const { progress, lines, tick } = display(true);
    progress.update({ source: "github", kind: "compares", done: 49, total: 66 });
    progress.update({ source: "github", kind: "compares", done: 66, total: 66 });
    tick(1000);
    progress.update({ source: "github", kind: "compares", done: 13, total: 13 });
    // Round 1: 66 of 66; round 2: 13 of 13 → 66 + 13 = 79 of 66 + 13 = 79.
    expect(lines.at(-1)).toContain(" 79/79 ");
    expect(lines.join("")).not.toContain("13/13");
  });

  it("is off when stderr is not a terminal (unless --progress)", async () => {
    const run = await runCli(["report", "--demo", "--format", "json"], { tty: false });
    expect(run.stderr).not.toMatch(/pages|compares|\[█/);
  });
});

describe("durations never skip a unit", () => {
  it.each([
    [6 * 3600 + 35, "6h 0m 35s"],
    [86_400 + 17 * 60, "1d 0h 17m"],
    [86_400 + 2 * 3600 + 57 * 60, "1d 2h"],
    [8 * 3600, "8h"],
    [62_545, "17h 22m"],
    [35, "35s"],
  ])("%i s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
