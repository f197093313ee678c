import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { absoluteLinks, emulatorFor, splitSourcePath } from "./api-emulator.js";
import { parseBodyText } from "./replay-fetch.js";
import { REPLAY_SOURCES, type Recording, type ReplaySource } from "./recording.js";

export interface ReplayServer {
  /** Base URL per source: `http://127.0.0.1:PORT/<source>`. */
  baseUrls: Record<ReplaySource, string>;
  /** Every request received, in order (path relative to the source's base URL). */
  requests: Array<{ source: ReplaySource; method: string; path: string }>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Serves a recording over HTTP on 127.0.0.1 (random port), routing `/argo`, `/github`, `/incident`. */
export async function startReplayServer(recording: Recording): Promise<ReplayServer> {
  const emulator = emulatorFor(recording);
  const requests: ReplayServer["requests"] = [];
  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      const bodyText = await readBody(req);
      const split = splitSourcePath(req.url ?? "/");
      if (!split.source) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `dora replay: unknown source in ${req.url ?? "/"} (use /argo, /github, /incident, /pagerduty or /github-issues)` }));
        return;
      }
      const method = (req.method ?? "GET").toUpperCase();
      requests.push({ source: split.source, method, path: split.path });
      const answer = emulator.handle(split.source, { method, path: split.path, body: parseBodyText(bodyText) });
      res.writeHead(answer.status, absoluteLinks(answer.headers, `${origin}/${split.source}`));
      res.end(answer.status === 204 ? undefined : JSON.stringify(answer.body));
    })().catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `dora replay: ${(error as Error).message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrls: Object.fromEntries(REPLAY_SOURCES.map((source) => [source, `${origin}/${source}`])) as Record<ReplaySource, string>,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
