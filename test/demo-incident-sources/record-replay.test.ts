import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadRecording, startReplayServer, type ReplayServer } from "../../src/emulator/index.js";
import { runCli } from "../cli/run-cli.js";

// The live clients over HTTP against the demo-through-PagerDuty/GitHub-issues recordings served on
// 127.0.0.1, then `dora record` and `report --fixtures`: the replay reproduces the live run exactly,
// and no token reaches the recording or the output.
const NOW = new Date("2026-11-16T00:00:00Z");
const env = { GITHUB_TOKEN: "ghp_rr_test_token_31337", ARGO_TOKEN: "argo-rr-token-42", PAGERDUTY_TOKEN: "pd_rr_token_u+8080" };

for (const source of ["pagerduty", "github-issues"] as const) {
  describe(`record and replay with incidents from ${source}`, () => {
    let server: ReplayServer;
    let work: string;
    let configPath: string;

    beforeAll(async () => {
      const dir = `fixtures/demo-incident-sources/${source}`;
      server = await startReplayServer(await loadRecording(dir));
      work = mkdtempSync(`/tmp/dora-${source}-rr-`);
      const config = YAML.parse(readFileSync(join(dir, "dora.config.yaml"), "utf8"));
      config.argo.server = server.baseUrls.argo;
      // Commits and incident issues share github.apiUrl, as live: the replay answers both under /github.
      config.github = { apiUrl: server.baseUrls.github };
      if (source === "pagerduty") config.incidents.pagerduty.apiUrl = server.baseUrls.pagerduty;
      configPath = join(work, "dora.config.yaml");
      writeFileSync(configPath, YAML.stringify(config));
    });
    afterAll(() => server.close());

    it("a live run, recorded, replays to the same JSON", async () => {
      const args = ["--config", configPath, "--since", "30d"];
      const live = await runCli(["report", ...args, "--format", "json", "--no-cache"], { env, now: NOW });
      expect(live.code, live.stderr).toBe(0);
      const incidentPaths = server.requests.map((request) => request.path).filter((path) => path.startsWith(source === "pagerduty" ? "/incidents" : "/repos/acme/search/issues?"));
      expect(incidentPaths.length).toBeGreaterThan(0);
      const out = join(work, "recorded");
      const record = await runCli(["record", ...args, "--out", out], { env, now: NOW });
      expect(record.code, record.stderr).toBe(0);
      const replay = await runCli(["report", "--fixtures", out, "--format", "json"]);
      expect(replay.code, replay.stderr).toBe(0);
      expect(replay.stdout).toBe(live.stdout);
      expect(execSync(`grep -rl -e ${env.GITHUB_TOKEN} -e ${env.ARGO_TOKEN} -e '${env.PAGERDUTY_TOKEN}' ${out} || true`).toString()).toBe("");
      expect(live.stdout + live.stderr).not.toContain(env.PAGERDUTY_TOKEN);
    });

    if (source === "pagerduty") {
      it("without PAGERDUTY_TOKEN: a usage error naming it (exit 2), no request sent", async () => {
        server.requests.length = 0;
        const run = await runCli(["report", "--config", configPath, "--since", "30d"], { env: { ...env, PAGERDUTY_TOKEN: "" }, now: NOW });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("PAGERDUTY_TOKEN is not set");
        expect(server.requests).toEqual([]);
      });
    }
  });
}
