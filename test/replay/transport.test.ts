import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import {
  createRecordingFetch,
  createReplayFetch,
  loadRecording,
  startReplayServer,
  writeRecording,
  type Exchange,
  type Recording,
} from "../../src/emulator/index.js";

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "dora-replay-"));
  temps.push(dir);
  return dir;
}

const PULL_COMMITS = "/repos/acme/app/pulls/7/commits?per_page=1";
const recording: Recording = {
  dir: "/none",
  configPath: "/none/dora.config.yaml",
  meta: { now: "2026-01-10T00:00:00Z", description: "test" },
  exchanges: [
    {
      source: "github",
      request: { method: "GET", path: PULL_COMMITS, body: null },
      response: { status: 200, headers: { "content-type": "application/json", link: '</repositories/1/pulls/7/commits?per_page=1&page=2>; rel="next"' }, body: [{ sha: "a" }] },
    },
  ],
};

describe("replay transports", () => {
  it("createReplayFetch strips the /<source> base path and makes recorded links absolute", async () => {
    const replayFetch = createReplayFetch(recording, "github");
    const response = await replayFetch(`http://replay.invalid/github${PULL_COMMITS}`);
    expect(response.status).toBe(200);
    expect(response.url).toBe(`http://replay.invalid/github${PULL_COMMITS}`); // Octokit's paginator reads it
    expect(await response.json()).toEqual([{ sha: "a" }]);
    expect(response.headers.get("link")).toBe('<http://replay.invalid/github/repositories/1/pulls/7/commits?per_page=1&page=2>; rel="next"');
    const missing = await replayFetch(new URL("http://replay.invalid/github/repos/acme/app/commits/abc"));
    expect(missing.status).toBe(501);
  });

  it("startReplayServer routes per source and counts requests", async () => {
    const server = await startReplayServer(recording);
    try {
      expect(server.baseUrls.github).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/github$/);
      const ok = await fetch(`${server.baseUrls.github}${PULL_COMMITS}`);
      expect(await ok.json()).toEqual([{ sha: "a" }]);
      expect(ok.headers.get("link")).toContain(`<${server.baseUrls.github}/repositories/1/pulls/7/commits`);
      const argo = await fetch(`${server.baseUrls.argo}/api/v1/archived-workflows/x`);
      expect(argo.status).toBe(404);
      expect(server.requests).toEqual([
        { source: "github", method: "GET", path: PULL_COMMITS },
        { source: "argo", method: "GET", path: "/api/v1/archived-workflows/x" },
      ]);
    } finally {
      await server.close();
    }
  });
});

describe("recording", () => {
  it("keeps paths relative to the base URL and drops Authorization, Cookie and Set-Cookie", async () => {
    const seen: Array<string | null> = [];
    const inner = (async (input: string | URL | Request, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("authorization"));
      const url = String(input);
      return new Response(JSON.stringify({ incidentPreviews: [], url }), {
        status: 200,
        headers: {
          "content-type": "application/json",
          "set-cookie": "grafana_session=secret-cookie",
          "x-ratelimit-remaining": "10",
          link: '<https://grafana.example/sub/api/x?page=2>; rel="next"',
        },
      });
    }) as typeof fetch;
    const sink: Exchange[] = [];
    const recordingFetch = createRecordingFetch(inner, "incident", sink, "https://grafana.example/sub");
    const response = await recordingFetch("https://grafana.example/sub/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews", {
      method: "POST",
      headers: { Authorization: "Bearer glsa_supersecret", Cookie: "a=b", "content-type": "application/json" },
      body: JSON.stringify({ query: { limit: 100 } }),
    });
    expect(seen).toEqual(["Bearer glsa_supersecret"]); // the real request still authenticates
    expect((await response.json()) as unknown).toMatchObject({ incidentPreviews: [] });

    const dir = await tempDir();
    await writeRecording(dir, sink, { now: "2026-01-10T00:00:00Z", description: "t" }, "services: []\n");
    const files = await readdir(join(dir, "exchanges", "incident"));
    expect(files).toEqual(["0001-incidentsservice.queryincidentpreviews.json"]);
    const text = await readFile(join(dir, "exchanges", "incident", files[0]!), "utf8");
    expect(text).not.toMatch(/authorization|cookie|supersecret/i);
    const saved = JSON.parse(text) as Exchange;
    expect(saved.request).toEqual({
      method: "POST",
      path: "/api/plugins/grafana-irm-app/resources/api/v1/IncidentsService.QueryIncidentPreviews",
      body: { query: { limit: 100 } },
    });
    expect(saved.response.headers).toEqual({ "content-type": "application/json", "x-ratelimit-remaining": "10", link: '</api/x?page=2>; rel="next"' });

    const loaded = await loadRecording(dir);
    expect(loaded.exchanges).toEqual([saved]);
    await expect(writeRecording(dir, sink, loaded.meta)).rejects.toBeInstanceOf(ConfigError);
  });

  it("loadRecording names the missing or invalid path", async () => {
    await expect(loadRecording("/nonexistent/dora-fixture")).rejects.toThrow(/\/nonexistent\/dora-fixture/);
    const dir = await tempDir();
    await writeRecording(dir, [], { now: "2026-01-10T00:00:00Z", description: "t" }, "x: 1\n");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "meta.json"), "{not json");
    const error = await loadRecording(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(join(dir, "meta.json"));
  });
});
