// The emulator over HTTP on 127.0.0.1 (random port): `/argo`, `/github`, `/incident`, `/pagerduty`
// and `/github-issues` answer like those APIs from a recording. What `dora record`'s replay, the
// fault harness and every test that needs a server start; tests add the hooks they need (token
// checks, injected answers, a request log) through EmulatorOptions.

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { absoluteLinks, createApiEmulator, splitSourcePath, type ApiEmulator } from "./api-emulator.js";
import type { ArgoBehaviour } from "./argo-emulator.js";
import type { GithubBehaviour } from "./github-emulator.js";
import type { IncidentBehaviour } from "./incident-emulator.js";
import type { PagerDutyBehaviour } from "./pagerduty-emulator.js";
import { parseBodyText } from "./replay-fetch.js";
import { REPLAY_SOURCES, type EmulatorResponse, type Recording, type ReplaySource } from "./recording.js";

/** One request the emulator received; the path is relative to the source's base URL, with the query. */
export interface ReceivedRequest {
  source: ReplaySource;
  method: string;
  path: string;
  /** The Authorization header, when one was sent. */
  authorization?: string;
  /** The headers named in `recordHeaders` that were sent (lower-case names). */
  headers?: Record<string, string>;
  /** The parsed JSON body (text when not JSON, null when empty). */
  body?: unknown;
}

/** An answer a test injects: `body` is sent as JSON, `text` as it is (a broken or truncated body). */
export interface InjectedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  text?: string;
}

export interface EmulatorOptions {
  /** What the APIs hold. Exchanges pushed to it later are answered too (the emulator re-indexes). */
  recording: Pick<Recording, "exchanges">;
  /** The one token each source accepts (any of `Bearer`, `token`, `Token token=`); others get 401. */
  tokens?: Partial<Record<ReplaySource, string>>;
  /**
   * Answers a request instead of the emulator (an injected status, a 429, a broken page), given the
   * request and its 1-based number; `undefined` lets the emulator answer. Runs after the token check.
   */
  fault?: (request: ReceivedRequest, count: number) => InjectedAnswer | undefined;
  /** Request headers to keep in `requests` (e.g. `accept`), besides Authorization. */
  recordHeaders?: string[];
  /** Called after each answer (e.g. to archive a run between two list pages). */
  afterAnswer?: (request: ReceivedRequest, count: number) => void;
  /** How the emulated Argo Server behaves (older releases); read at each request, so a test may change it. */
  argo?: ArgoBehaviour;
  /** Answers paths without a `/<source>` prefix as this source's: a client given `origin` as its URL. */
  rootSource?: ReplaySource;
  /** How the emulated GitHub behaves (a complete synthetic history answers 404 for what it lacks). */
  github?: GithubBehaviour;
  /** How the emulated Grafana IRM pages (a page-size cap, the cursor's form). */
  incident?: IncidentBehaviour;
  /** How the emulated PagerDuty behaves (a complete synthetic set of incidents answers any range). */
  pagerduty?: PagerDutyBehaviour;
}

export interface RunningEmulator {
  /** Base URL per source: `http://127.0.0.1:PORT/<source>`. */
  baseUrls: Record<ReplaySource, string>;
  /** `http://127.0.0.1:PORT`: the base URL of `rootSource`, when one was given. */
  origin: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const UNAUTHORIZED: Record<ReplaySource, unknown> = {
  argo: { code: 16, message: "token not valid" },
  github: { message: "Bad credentials" },
  "github-issues": { message: "Bad credentials" },
  incident: { message: "invalid API key" },
  pagerduty: { error: { message: "Authentication Failed", code: 2006 } },
};

/** The API's answer to a refused token. */
export function unauthorized(source: ReplaySource): InjectedAnswer {
  return { status: 401, body: UNAUTHORIZED[source] };
}

/** The token of an Authorization header in any scheme the APIs use (`Bearer`, `token`, `Token token=`). */
const tokenOf = (authorization: string | undefined) => authorization?.replace(/^(Bearer|token)\s+/i, "").replace(/^token=/i, "");

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { recording } = options;
  let emulator: ApiEmulator | undefined;
  let indexed = -1;
  const emulatorNow = () => {
    if (indexed !== recording.exchanges.length) {
      emulator = createApiEmulator(recording, { argo: options.argo, github: options.github, incident: options.incident, pagerduty: options.pagerduty });
      indexed = recording.exchanges.length;
    }
    return emulator!;
  };
  const requests: ReceivedRequest[] = [];
  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      const bodyText = await readBody(req);
      const parsed = splitSourcePath(req.url ?? "/");
      const split = parsed.source || !options.rootSource ? parsed : { source: options.rootSource, path: req.url ?? "/" };
      if (!split.source) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `dora emulator: unknown source in ${req.url ?? "/"} (use /argo, /github, /incident, /pagerduty or /github-issues)` }));
        return;
      }
      const received: ReceivedRequest = { source: split.source, method: (req.method ?? "GET").toUpperCase(), path: split.path };
      if (req.headers.authorization !== undefined) received.authorization = req.headers.authorization;
      const recorded = (options.recordHeaders ?? []).flatMap((name) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? [] : [[name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value] as const];
      });
      if (recorded.length > 0) received.headers = Object.fromEntries(recorded);
      const body = parseBodyText(bodyText);
      if (body !== null) received.body = body;
      requests.push(received);
      const count = requests.length;
      const token = options.tokens?.[split.source];
      const refused = token !== undefined && tokenOf(req.headers.authorization) !== token;
      const injected: InjectedAnswer | undefined = refused ? unauthorized(split.source) : options.fault?.(received, count);
      if (injected) {
        res.writeHead(injected.status, { "content-type": "application/json", ...injected.headers });
        res.end(injected.text ?? (injected.body === undefined ? "" : JSON.stringify(injected.body)));
      } else {
        const answer: EmulatorResponse = emulatorNow().handle(split.source, { method: received.method, path: split.path, body });
        res.writeHead(answer.status, absoluteLinks(answer.headers, parsed.source ? `${origin}/${split.source}` : origin));
        res.end(answer.status === 204 ? undefined : JSON.stringify(answer.body));
      }
      options.afterAnswer?.(received, count);
    })().catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `dora emulator: ${(error as Error).message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrls: Object.fromEntries(REPLAY_SOURCES.map((source) => [source, `${origin}/${source}`])) as Record<ReplaySource, string>,
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
