import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
import { FORMATS } from "../../src/render/index.js";

/** Runs the bash completion function for a command line (the last word is being completed). */
function bashComplete(script: string, words: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "dora-completion-"));
  writeFileSync(join(dir, "dora.bash"), script);
  const array = words.map((word) => `'${word}'`).join(" ");
  const out = execFileSync("bash", ["-c", `source ${join(dir, "dora.bash")}; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _dora_completion; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    encoding: "utf8",
    cwd: dir,
  });
  return out.split("\n").filter(Boolean);
}

describe("dora completion", () => {
  it("bash completes commands, flags and choices taken from the program", async () => {
    const run = await runCli(["completion", "bash"]);
    expect(run.code).toBe(0);
    expect(bashComplete(run.stdout, ["dora", ""])).toEqual(expect.arrayContaining(["report", "record", "backfill", "init", "doctor", "completion", "--version"]));
    expect(bashComplete(run.stdout, ["dora", "d"])).toEqual(["doctor"]);
    expect(bashComplete(run.stdout, ["dora", "report", "--format", ""])).toEqual([...FORMATS]);
    expect(bashComplete(run.stdout, ["dora", "report", "--bucket", "w"])).toEqual(["week"]);
    expect(bashComplete(run.stdout, ["dora", "init", "--source", ""])).toEqual(["archive", "cluster"]);
    expect(bashComplete(run.stdout, ["dora", "completion", ""])).toEqual(["bash", "zsh", "fish"]);
    // explain completes its subcommands, and the flags they take.
    expect(bashComplete(run.stdout, ["dora", "explain", ""])).toEqual(["deployment", "incident", "service"]);
    expect(bashComplete(run.stdout, ["dora", "explain", "--met"])).toEqual(["--metric"]);
    expect(bashComplete(run.stdout, ["dora", "doctor", "--otlp"])).toEqual(["--otlp-endpoint", "--otlp-header"]);
    // Flags of one command are not offered for another.
    expect(bashComplete(run.stdout, ["dora", "init", "--fo"])).toEqual(["--force"]);
  });

  it("zsh and fish scripts list the same commands, flags and choices", async () => {
    const zsh = (await runCli(["completion", "zsh"])).stdout;
    expect(zsh.startsWith("#compdef dora\n")).toBe(true);
    expect(zsh).toContain("'doctor:check that every configured source is reachable");
    expect(zsh).toContain(`'(-f --format)'{-f,--format}'[output format]:format:(${FORMATS.join(" ")})'`);
    expect(zsh).toContain("'*--otlp-header[");
    expect(zsh).toContain("'1:completion:(bash zsh fish)'");
    const fish = (await runCli(["completion", "fish"])).stdout;
    expect(fish).toContain(`complete -c dora -n '__fish_seen_subcommand_from report' -s f -l format -x -a '${FORMATS.join(" ")}' -d 'output format'`);
    expect(fish).toContain("complete -c dora -n '__fish_seen_subcommand_from init' -l source -x -a 'archive cluster'");
    expect(fish).toContain("complete -c dora -n '__fish_seen_subcommand_from report' -s c -l config -r -F");
    expect(fish).toContain("complete -c dora -n 'not __fish_seen_subcommand_from report record backfill init doctor completion explain' -a doctor");
  });

  it("rejects an unknown shell with exit 2", async () => {
    const run = await runCli(["completion", "tcsh"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bash, zsh, fish");
  });
});
