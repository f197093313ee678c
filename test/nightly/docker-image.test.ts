import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createRequire } from "node:module";
import type { Ignore } from "@balena/dockerignore";
import { beforeAll, describe, expect, it } from "vitest";

// examples/kubernetes/Dockerfile without a Docker engine: the build context is computed with
// Docker's own .dockerignore rules (@balena/dockerignore), the final stage's COPY instructions are
// replayed into a directory (dist compiled here, as the build stage's `npm ci` does through prepare),
// and the CLI is run from that layout.

const ROOT = process.cwd();
const dockerfile = readFileSync("examples/kubernetes/Dockerfile", "utf8");
// CommonJS (module.exports = factory) whose types declare an ES default export: required as what it is.
const ignore = createRequire(import.meta.url)("@balena/dockerignore") as () => Ignore;
const ignored = ignore().add(readFileSync(".dockerignore", "utf8"));

/** Every file Docker would send as the build context (ignored directories are not walked). */
function contextFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = relative(ROOT, join(dir, entry.name));
    if (ignored.ignores(entry.isDirectory() ? `${path}/` : path)) continue;
    if (entry.isDirectory()) files.push(...contextFiles(join(dir, entry.name)));
    else files.push(path);
  }
  return files;
}

/** The final stage's `COPY --from=build /src/X ./Y` pairs. */
const finalCopies = [...dockerfile.split(/^FROM /m).at(-1)!.matchAll(/^COPY --from=build \/src\/(\S+) (\S+)$/gm)].map((match) => ({ from: match[1]!, to: match[2]! }));
/** What the build stage's RUN npm ci && npm prune makes: not in the context. */
const BUILT = new Set(["dist", "node_modules"]);

describe("the image's build context (.dockerignore)", () => {
  const files = contextFiles();

  it("leaves out node_modules, dist, .git and .tools", () => {
    expect(files.filter((file) => /^(node_modules|dist|\.git|\.tools)(\/|$)|\/node_modules\//.test(file))).toEqual([]);
  });

  it("holds what the build stage needs: the manifest and lock, the sources, the compiler config and the demo", () => {
    for (const file of ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "bin/dora.js", "src/cli/run.ts", "fixtures/demo/meta.json", "fixtures/demo/dora.config.yaml"]) {
      expect(files).toContain(file);
    }
  });

  it("every path the final stage copies comes from the context or from the build stage's npm ci", () => {
    expect(finalCopies.map((copy) => copy.from)).toEqual(["package.json", "bin", "dist", "node_modules", "fixtures/demo"]);
    for (const { from } of finalCopies) {
      expect(BUILT.has(from) || files.some((file) => file === from || file.startsWith(`${from}/`)), from).toBe(true);
    }
  });
});

describe("the image's file layout", () => {
  const image = join(mkdtempSync(join(tmpdir(), "dora-image-")), "opt-dora");
  beforeAll(() => {
    mkdirSync(image);
    const files = contextFiles();
    for (const { from, to } of finalCopies) {
      const target = join(image, to === "./" ? from : to);
      if (from === "dist") execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", target], { cwd: ROOT, stdio: "inherit" });
      else if (from === "node_modules") symlinkSync(join(ROOT, "node_modules"), target, "dir");
      else for (const file of files.filter((path) => path === from || path.startsWith(`${from}/`))) cpSync(join(ROOT, file), join(target, relative(from, file) || ""), { recursive: true });
    }
  }, 300_000);

  it("runs dora --version and dora report --demo from /opt/dora (the demo is in the image)", () => {
    const run = (args: string[]) => execFileSync(process.execPath, [join(image, "bin", "dora.js"), ...args], { cwd: tmpdir(), encoding: "utf8", env: { PATH: process.env.PATH, HOME: tmpdir() } });
    expect(run(["--version"]).trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    expect(JSON.parse(run(["report", "--demo", "--format", "json", "--no-progress"])).overall.deploymentFrequency.deployments).toBe(76);
  });
});
