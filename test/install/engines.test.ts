import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

// `npm install` must not warn EBADENGINE: every package of the lock supports the Node versions our
// own `engines` declares (from its minimum up). content-type@3 (through @octokit/request@10.0.15+)
// wants Node ≥ 22, jsep@1.6 (through the Kubernetes client's jsonpath-plus) Node ≥ 20.16: package.json's
// overrides pin @octokit/request to 10.0.14 (content-type@2, Node ≥ 18) and jsep to 1.4.0 (Node ≥ 10.16).

const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }> };

describe("the dependency tree supports the Node versions dora declares", () => {
  const minimum = semver.minVersion(manifest.engines.node)!.version;

  // Users install the production tree (engines: the declared minimum); contributors the whole tree
  // (vitest's rolldown wants 20.19+), so dev packages are checked against the Node running the tests.
  it(`every production package accepts Node ${minimum}, and every package the current ${process.versions.node}`, () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !range) continue;
      for (const version of entry.dev ? [process.versions.node] : [minimum, process.versions.node]) {
        if (!semver.satisfies(version, range)) refusing.push(`${path.replace(/^.*node_modules\//, "")} (node ${range}) refuses ${version}`);
      }
    }
    expect(refusing).toEqual([]);
  });
});
