// A fault-injecting HTTP proxy on 127.0.0.1 in front of the replay server (which answers like the
// Argo archive, GitHub and Grafana Incident APIs from fixtures/demo). Each rule matches requests by
// source, method and path, lets `skip` matching requests through, then injects its fault `times` times.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { CoreReplaySource, ReplaySource } from "../../src/emulator/index.js";

export type Fault =
  /** Answer this instead of forwarding. */
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  /** Forward, send the headers and half the body (with the full Content-Length), then reset the connection. */
  | { kind: "reset-mid-body" }
  /** Never answer (the client's timeout must fire). */
  | { kind: "hang" }
  /** Forward, but send only the first half of the body as if it were all of it. */
  | { kind: "truncate" }
  /** Forward and rewrite the JSON body (status and content type kept). */
  | { kind: "mutate"; mutate: (body: unknown, path: string) => unknown }
  /** Answer with what `answer` computes for the n-th injection (1-based), without forwarding. */
  | { kind: "answer"; answer: (path: string, n: number) => { status: number; headers?: Record<string, string>; body: string } }
  /** Send the headers, then one byte of the body every `everyMs`, never finishing. */
  | { kind: "trickle"; everyMs: number };

export interface FaultRule {
  source: ReplaySource;
  method?: string;
  /** Tested against the path after /<source>, query included. */
  path?: RegExp;
  /** Matching requests passed through before the fault starts. Default 0. */
  skip?: number;
  /** How many matching requests get the fault. Default: all. */
  times?: number;
  /** Inject only when this says so for the n-th matching request (1-based), e.g. 30 % of them. */
  when?: (n: number) => boolean;
  fault: Fault;
  /** Matching requests seen (filled in by the proxy). */
  seen?: number;
  /** Faults injected (filled in by the proxy). */
  injected?: number;
}

export interface FaultProxy {
  baseUrls: Record<CoreReplaySource, string>;
  rules: FaultRule[];
  /** Requests per source. */
  counts: Record<CoreReplaySource, number>;
  /** The Authorization header of every request (to prove the tokens were really sent). */
  authorizations: Set<string>;
  reset(): void;
  /**
   * Resolves once no request has been open or arrived for `quietMs`. A run that failed leaves the
   * other requests of its batch running (and retrying): they must not eat the next test's faults.
   */
  idle(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the proxy forwarding to `upstreamOrigin` (http://127.0.0.1:PORT of the replay server). */
export async function startFaultProxy(upstreamOrigin: string, tls?: { key: string; cert: string }): Promise<FaultProxy> {
  const proxy: FaultProxy = {
    baseUrls: { argo: "", github: "", incident: "" },
    rules: [],
    counts: { argo: 0, github: 0, incident: 0 },
    authorizations: new Set(),
    reset() {
      proxy.rules = [];
      proxy.counts = { argo: 0, github: 0, incident: 0 };
    },
    idle: async (quietMs = 150) => {
      while (inFlight > 0 || Date.now() - lastActivity < quietMs) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    close: async () => {},
  };
  let inFlight = 0;
  let lastActivity = 0;

  const pickRule = (source: ReplaySource, method: string, path: string): FaultRule | undefined => {
    for (const rule of proxy.rules) {
      if (rule.source !== source || (rule.method && rule.method !== method) || (rule.path && !rule.path.test(path))) continue;
      rule.seen = (rule.seen ?? 0) + 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && (rule.injected ?? 0) >= rule.times) continue;
      if (rule.when && !rule.when(rule.seen)) continue;
      rule.injected = (rule.injected ?? 0) + 1;
      return rule;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = req.url ?? "/";
    const source = (/^\/(argo|github|incident)(?=\/|$)/.exec(url)?.[1] ?? "argo") as CoreReplaySource;
    const path = url.slice(source.length + 1);
    const method = (req.method ?? "GET").toUpperCase();
    proxy.counts[source]++;
    if (req.headers.authorization) proxy.authorizations.add(req.headers.authorization);
    const rule = pickRule(source, method, path);
    const fault = rule?.fault;
    if (fault?.kind === "hang") return; // the socket stays open until the client gives up
    if (fault?.kind === "answer") {
      const answer = fault.answer(path, rule!.injected ?? 1);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body);
      return;
    }
    if (fault?.kind === "trickle") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const timer = setInterval(() => res.write(" "), fault.everyMs);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(fault.body ?? "");
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host") headers[name] = value;
    const upstream = await fetch(`${upstreamOrigin}${url}`, { method, headers, body: body.length > 0 ? body : undefined, redirect: "manual" });
    let text = Buffer.from(await upstream.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (name !== "content-length" && name !== "content-encoding" && name !== "transfer-encoding" && name !== "connection") outHeaders[name] = value;
    });
    if (fault?.kind === "mutate") text = Buffer.from(JSON.stringify(fault.mutate(JSON.parse(text.toString("utf8")), path)));
    if (fault?.kind === "reset-mid-body") {
      res.writeHead(upstream.status, { ...outHeaders, "content-length": String(text.length) });
      res.write(text.subarray(0, Math.floor(text.length / 2)), () => setTimeout(() => req.socket.destroy(), 5));
      return;
    }
    if (fault?.kind === "truncate") text = text.subarray(0, Math.floor(text.length / 2));
    res.writeHead(upstream.status, { ...outHeaders, "content-length": String(text.length) });
    res.end(text);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    lastActivity = Date.now();
    res.on("close", () => {
      inFlight--;
      lastActivity = Date.now();
    });
    handle(req, res).catch((error: unknown) => {
      res.writeHead(599, { "content-type": "text/plain" });
      res.end(`fault proxy: ${(error as Error).message}`);
    });
  };
  const server = tls ? createTlsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const origin = `${tls ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.baseUrls = { argo: `${origin}/argo`, github: `${origin}/github`, incident: `${origin}/incident` };
  proxy.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return proxy;
}
