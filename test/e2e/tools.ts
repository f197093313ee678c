import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";

export const TOOLS_BIN = resolve(import.meta.dirname, "../../.tools/bin");
export const tool = (name: string) => resolve(TOOLS_BIN, name);
export const haveTools = ["victoria-metrics", "prometheus", "promtool"].every((name) => existsSync(tool(name)));
export const MISSING_TOOLS_MESSAGE = "e2e skipped: VictoriaMetrics/Prometheus/promtool not found in .tools/bin — run tools/e2e/install-tools.sh";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Starts a binary and waits until `readyUrl` answers 200; kill() stops exactly this process. */
export async function startServer(binary: string, args: string[], readyUrl: string): Promise<{ process: ChildProcess; log: () => string; kill: () => Promise<void> }> {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(readyUrl)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${binary} did not become ready:\n${log}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    process: child,
    log: () => log,
    kill: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** An instant PromQL query; returns the result vector as [labels, value]. */
export async function instantQuery(baseUrl: string, query: string, timeSeconds: number): Promise<{ metric: Record<string, string>; value: number }[]> {
  const url = new URL("/api/v1/query", baseUrl);
  const body = new URLSearchParams({ query, time: String(timeSeconds), nocache: "1" });
  const response = await fetch(url, { method: "POST", body });
  const json = (await response.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (json.status !== "success") throw new Error(`query failed: ${query}: ${json.error}`);
  return json.data.result.map((entry) => ({ metric: entry.metric, value: Number(entry.value[1]) }));
}
