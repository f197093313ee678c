import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatError } from "../../src/cli/exit-codes.js";
import { redactorOf } from "../../src/util/redact.js";
import { runCli, type CliRun } from "../cli/run-cli.js";
import { startFaultBench, NOW, FAST, type FaultBench } from "../faults/harness.js";

// Distinct tokens per source, the GitHub one read from a file (GITHUB_TOKEN_FILE), the Argo one with
// a "Bearer " prefix. Every channel dora writes to is searched for each of them.
const GITHUB = "ghp_SECRETgithub0123456789abcdef";
const ARGO = "eyJhbGciOiJSUzI1NiJ9.SECRETargo.sig";
const GRAFANA = "glsa_SECRETgrafana_0123456789";
const TOKENS = [GITHUB, ARGO, GRAFANA];

let bench: FaultBench;
let env: NodeJS.ProcessEnv;
const outputs: string[] = [];

/** Every file under a directory, as text. */
function filesUnder(dir: string): string[] {
  const texts: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) texts.push(...filesUnder(path));
    else texts.push(readFileSync(path, "utf8"));
  }
  return texts;
}

const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> => {
  const result = await runCli(args, { env: { ...env, ...extraEnv }, now: NOW });
  outputs.push(result.stdout, result.stderr);
  return result;
};

beforeAll(async () => {
  bench = await startFaultBench();
  const tokenFile = join(bench.work, "github-token");
  writeFileSync(tokenFile, `${GITHUB}\n`);
  env = { GITHUB_TOKEN_FILE: tokenFile, ARGO_TOKEN: `Bearer ${ARGO}`, GRAFANA_TOKEN: GRAFANA, ...FAST };
});
afterAll(() => bench.close());
beforeEach(async () => {
  await bench.proxy.idle();
  bench.proxy.reset();
});

describe("tokens never reach any output channel", () => {
  const base = () => ["--config", bench.configPath, "--since", "90d"];

  it("a verbose report, a cached report written to a file, a recording: no token in stdout, stderr or any file", async () => {
    const cacheDir = join(bench.work, "cache");
    const out = join(bench.work, "out");
    mkdirSync(out, { recursive: true });
    expect((await run(["report", ...base(), "--verbose", "--no-cache"])).code).toBe(0);
    expect((await run(["report", ...base(), "--cache-dir", cacheDir, "--format", "csv", "--csv", "deployments", "--output", join(out, "d.csv")])).code).toBe(0);
    expect((await run(["report", ...base(), "--cache-dir", cacheDir, "--format", "markdown", "--output", join(out, "r.md")])).code).toBe(0);
    expect((await run(["record", ...base(), "--out", join(out, "recording")])).code).toBe(0);
    // The tokens were really sent, each as a Bearer or token header.
    const sent = [...bench.proxy.authorizations].join("\n");
    for (const token of TOKENS) expect(sent).toContain(token);

    const files = [...filesUnder(cacheDir), ...filesUnder(out)];
    expect(files.length).toBeGreaterThan(100); // cache entries, two reports, the recording's exchanges
    for (const text of [...outputs, ...files]) for (const token of TOKENS) expect(text).not.toContain(token);
    // The recording keeps no request or Set-Cookie header.
    for (const text of filesUnder(join(out, "recording"))) expect(text).not.toMatch(/authorization|set-cookie|"cookie"/i);
  });

  it("an API that echoes the token in its error, with --verbose and DORA_DEBUG: masked everywhere", async () => {
    bench.proxy.rules = [
      { source: "argo", path: /archived-workflows\?/, fault: { kind: "status", status: 401, body: JSON.stringify({ message: `token Bearer ${ARGO} is expired` }) } },
    ];
    const argo = await run(["report", ...base(), "--verbose", "--no-cache"], { DORA_DEBUG: "1" });
    expect(argo.code).toBe(3);
    expect(argo.stderr).toMatch(/HTTP 401 Unauthorized: token Bearer \*\*\* is expired/);

    bench.proxy.rules = [
      { source: "github", path: /compare/, fault: { kind: "status", status: 403, body: JSON.stringify({ message: `Bad credentials ${GITHUB}` }), headers: { "set-cookie": `session=${GITHUB}` } } },
    ];
    const github = await run(["report", ...base(), "--verbose", "--no-cache"], { DORA_DEBUG: "1" });
    expect(github.code).toBe(3);
    expect(github.stderr).toMatch(/HTTP 403 Bad credentials \*\*\*/);

    bench.proxy.rules = [{ source: "incident", fault: { kind: "status", status: 200, body: JSON.stringify({ error: `invalid key ${GRAFANA}` }) } }];
    const grafana = await run(["report", ...base(), "--verbose", "--no-cache"], { DORA_DEBUG: "1" });
    expect(grafana.code).toBe(3);
    expect(grafana.stderr).toMatch(/error: invalid key \*\*\*/);
    for (const text of outputs) for (const token of TOKENS) expect(text).not.toContain(token);
  });

  it("crash output: an internal error's message and DORA_DEBUG stack trace are masked", () => {
    const crash = new TypeError(`cannot read ${GITHUB}`);
    const printed = formatError(crash, { debug: true, redactor: redactorOf(GITHUB) });
    expect(printed).toMatch(/internal error: cannot read \*\*\*/);
    expect(printed).toMatch(/at /); // the stack trace is there
    expect(printed).not.toContain(GITHUB);
  });

  it("a URL with user:password@ is refused before any request, without echoing the password", async () => {
    const result = await run(["report", ...base(), "--no-cache"], { ARGO_SERVER: "http://admin:hunter2-password@127.0.0.1:9/argo" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/argo.server \(or ARGO_SERVER\) holds a user name or password: http:\/\/127\.0\.0\.1:9\/argo/);
    expect(result.stderr).toMatch(/fix: remove the credentials from the URL and put the token in ARGO_TOKEN/);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).not.toContain("admin");
  });
});

describe("tokens come from the environment only", () => {
  it("no flag takes a token: --token and --github-token are unknown options (exit 2)", async () => {
    for (const flag of ["--token", "--github-token", "--argo-token", "--grafana-token"]) {
      const result = await runCli(["report", "--demo", flag, "x"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/unknown option/);
    }
    const help = (await runCli(["report", "--help"])).stdout;
    expect(help).not.toMatch(/--\S*token/i);
  });

  it("a token file that cannot be read stops the run naming the variable, not the content", async () => {
    const result = await runCli(["report", "--config", bench.configPath], { env: { GITHUB_TOKEN_FILE: "/nonexistent/token" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read GITHUB_TOKEN_FILE \(\/nonexistent\/token\): ENOENT/);
  });
});
