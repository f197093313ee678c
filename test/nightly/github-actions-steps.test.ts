import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The GitHub Actions example, run as written: every `run:` block in order, with bash as Actions runs
// it (-eo pipefail), against the demo. `dora` on PATH is this checkout with --demo and a config that
// adds a breached threshold; `npm` on PATH records the install. The `uses:` steps are GitHub's own.
// The workflow is also linted with action-validator (the workflow JSON schema, from the registry).

const ROOT = process.cwd();
const WORKFLOW = "examples/github-actions/dora-nightly.yml";
const workflow = YAML.parse(readFileSync(WORKFLOW, "utf8"));
const job = workflow.jobs.dora;
type Step = { name?: string; run?: string; uses?: string; if?: string; env?: Record<string, string> };
const steps: Step[] = job.steps;

const work = mkdtempSync(join(tmpdir(), "dora-actions-"));
const bin = join(work, "bin");
const workspace = join(work, "workspace");
const summary = join(work, "step-summary.md");
const npmLog = join(work, "npm.log");
let otlpRequests = 0;
const receiver = createServer((request, response) => {
  otlpRequests++;
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/x-protobuf" });
    response.end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  mkdirSync(bin);
  mkdirSync(workspace);
  // The demo's config with a threshold it breaches: its median lead time is 17h 22m.
  const config = join(work, "dora.config.yaml");
  writeFileSync(config, readFileSync("fixtures/demo/dora.config.yaml", "utf8") + "thresholds:\n  leadTime: 1h\n");
  const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  writeFileSync(join(bin, "dora"), `#!/bin/sh\nexec "${process.execPath}" --import ${tsx} "${ROOT}/src/cli/run.ts" "$@" --demo --config "${config}"\n`);
  writeFileSync(join(bin, "npm"), `#!/bin/sh\necho "$@" >> "${npmLog}"\n`);
  chmodSync(join(bin, "dora"), 0o755);
  chmodSync(join(bin, "npm"), 0o755);
});
afterAll(() => receiver.close());

/** The step's environment: the job's and the step's, with `${{ … }}` expressions given test values. */
function environment(step: Step): NodeJS.ProcessEnv {
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const values: Record<string, string> = {
    "github.workspace": workspace,
    "inputs.since || '30d'": "30d",
    "secrets.OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
    "secrets.OTEL_EXPORTER_OTLP_HEADERS": "X-Scope-OrgID=demo",
  };
  const expand = (text: string) => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => values[expression] ?? "");
  const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: work, GITHUB_STEP_SUMMARY: summary, XDG_CACHE_HOME: join(work, "cache") };
  for (const [name, value] of Object.entries({ ...job.env, ...step.env })) env[name] = expand(String(value));
  return env;
}

function runStep(step: Step): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], { cwd: workspace, env: environment(step), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

describe(`${WORKFLOW}, run step by step against the demo`, () => {
  it("passes action-validator (the workflow schema)", () => {
    execFileSync(join(ROOT, "node_modules/.bin/action-validator"), [WORKFLOW], { stdio: "pipe" });
  });

  it("runs every run: block in order; a breached threshold fails only the last report step, after the summary and the HTML", async () => {
    const outcomes: { name: string; status: number | null; stderr: string }[] = [];
    for (const step of steps.filter((entry) => entry.run)) {
      // Asynchronously: the OTLP receiver lives in this process and must answer meanwhile.
      const run = await runStep(step);
      outcomes.push({ name: step.name ?? step.run!, ...run });
    }
    expect(outcomes.map(({ name, status }) => [name, status])).toEqual([
      ["Install dora", 0],
      ["Backfill Tempo and Mimir (OTLP)", 0],
      ["Report as JSON (artifact)", 0],
      ["Report to the step summary and as HTML; fail on thresholds", 1],
    ]);
    // The install names the packed tarball of this version, relative to the checkout.
    const version = JSON.parse(readFileSync("package.json", "utf8")).version;
    expect(readFileSync(npmLog, "utf8").trim()).toBe(`install --global --no-audit --no-fund ./tools/dora-metrics-cli-${version}.tgz`);
    expect(otlpRequests).toBeGreaterThan(0);
    // REPORT_WINDOW 30d of the demo, [2026-10-17, 2026-11-16): runs whose deploy-production succeeded
    // then, counted in fixtures/demo/exchanges/argo: backstage 12 + checkout 6 + search 3 = 21.
    expect(JSON.parse(readFileSync(join(workspace, "dora.json"), "utf8")).overall.deploymentFrequency.deployments).toBe(21);
    expect(readFileSync(join(workspace, "dora-report.html"), "utf8")).toContain("<html");
    expect(readFileSync(summary, "utf8")).toContain("### Thresholds: 1 breached");
    expect(outcomes.at(-1)!.stderr).toContain("threshold breached");
    expect(existsSync(join(workspace, ".dora", "backfill-state.json"))).toBe(true);
  }, 240_000);

  it("keeps the report steps after a failed backfill, and the uploads and the cache save after anything", () => {
    const reports = steps.filter((step) => step.run?.includes("dora report"));
    for (const step of reports) expect(step.if).toBe("${{ !cancelled() }}");
    for (const step of steps.filter((entry) => entry.uses?.startsWith("actions/upload-artifact@") || entry.uses?.startsWith("actions/cache/save@"))) {
      expect(step.if).toBe("always()");
    }
  });
});
