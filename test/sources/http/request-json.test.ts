import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { requestJson } from "../../../src/sources/http/request-json.js";
import { parseRetryAfterMs } from "../../../src/sources/http/retry-after.js";
import { SourceError } from "../../../src/errors.js";

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let server: Server;
let base = "";
let handler: Handler;
const seen: Array<{ method: string; url: string; contentType?: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      seen.push({ method: request.method!, url: request.url!, contentType: request.headers["content-type"], body });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
});

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
};
const fail = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a failure"); }, (error: unknown) => error as SourceError);

describe("requestJson", () => {
  it("parses JSON and logs the redacted URL, status and time", async () => {
    handler = (_req, res) => json(res, 200, { items: [1, 2] });
    const lines: string[] = [];
    const result = await requestJson({
      source: "argo",
      fetch,
      url: `${base}/ok?token=abc123&x=1`,
      logger: { debug: (line) => lines.push(line) },
    });
    expect(result).toEqual({ items: [1, 2] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^GET ${base}/ok\\?token=REDACTED&x=1 → 200 \\(\\d+ ms\\)$`));
  });

  it("sends a POST body as JSON", async () => {
    handler = (_req, res, body) => json(res, 200, { echo: JSON.parse(body) as unknown });
    const result = await requestJson({ source: "incident", fetch, url: `${base}/rpc`, method: "POST", body: { query: { limit: 100 } } });
    expect(result).toEqual({ echo: { query: { limit: 100 } } });
    expect(seen[0]).toMatchObject({ method: "POST", contentType: "application/json" });
  });

  it("retries 503, 502 and 504, then returns the answer", async () => {
    const statuses = [503, 502, 504];
    handler = (_req, res) => {
      const status = statuses.shift();
      if (status) json(res, status, { message: "busy" });
      else json(res, 200, { ok: true });
    };
    const lines: string[] = [];
    // The jitter pinned at its top: the backoff doubles from retryBaseMs: 1, 2, 4 ms.
    const policy = { random: () => 1 };
    expect(await requestJson({ source: "argo", fetch, url: `${base}/flaky`, retryBaseMs: 1, policy, logger: { debug: (l) => lines.push(l) } })).toEqual({ ok: true });
    expect(seen).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith("argo: retrying")).map((l) => /in (\d+) ms/.exec(l)![1])).toEqual(["1", "2", "4"]);
  });

  it("gives up after the retries with the status, the URL and the API's message", async () => {
    handler = (_req, res) => json(res, 500, { code: 13, message: "database is locked" });
    const error = await fail(requestJson({ source: "argo", fetch, url: `${base}/broken`, retries: 2, retryBaseMs: 1 }));
    expect(error).toBeInstanceOf(SourceError);
    expect(seen).toHaveLength(3);
    expect(error.message).toMatch(new RegExp(`^argo: GET ${base}/broken → HTTP 500 Internal Server Error: database is locked \\(after 3 attempts in \\d+\\.\\d s\\)$`));
    expect(error.details).toMatchObject({ url: `${base}/broken`, status: 500 });
  });

  it("does not retry a 404 and gives a hint per source", async () => {
    handler = (_req, res) => json(res, 404, { code: 5, message: "not found" });
    const argo = await fail(requestJson({ source: "argo", fetch, url: `${base}/missing`, retryBaseMs: 1 }));
    expect(seen).toHaveLength(1);
    expect(argo.details.hint).toContain("argo.server");
    const incident = await fail(requestJson({ source: "incident", fetch, url: `${base}/missing`, retryBaseMs: 1 }));
    expect(incident.details.hint).toContain("incidents.plugin");
  });

  it("explains a 501 from replay", async () => {
    handler = (_req, res) => json(res, 501, { message: "dora replay: no recorded response for GET /x" });
    const error = await fail(requestJson({ source: "argo", fetch, url: `${base}/x`, retryBaseMs: 1 }));
    expect(seen).toHaveLength(1);
    expect(error.message).toContain("dora replay: no recorded response for GET /x");
    expect(error.details.hint).toContain("the recording does not contain this request");
  });

  it("masks the token when the body echoes it, and cuts long bodies", async () => {
    const token = "glsa_secret_value_0815";
    handler = (_req, res) => {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end(`forbidden for ${token} ${"x".repeat(1000)}`);
    };
    const error = await fail(requestJson({ source: "incident", fetch, url: `${base}/private`, headers: { authorization: `Bearer ${token}` } }));
    expect(error.details).toMatchObject({ status: 403, hint: "check the token in GRAFANA_TOKEN and its permissions" });
    expect(error.message).not.toContain(token);
    expect(error.message).toContain("forbidden for ***");
    // prefix "incident: GET <url> → HTTP 403 Forbidden: " + 200 characters + "…"
    const detail = error.message.split("Forbidden: ")[1]!;
    expect(detail).toHaveLength(201);
  });

  it("rejects a 200 that is not JSON (an HTML login page)", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Please sign in</body></html>");
    };
    const error = await fail(requestJson({ source: "argo", fetch, url: `${base}/login` }));
    expect(seen).toHaveLength(1);
    expect(error.message).toContain("expected JSON");
    expect(error.message).toContain("Please sign in");
    expect(error.details.status).toBe(200);
  });

  it("retries network errors and names the failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const address = closed.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const lines: string[] = [];
    const error = await fail(
      requestJson({ source: "argo", fetch, url: `http://127.0.0.1:${port}/x`, retries: 1, retryBaseMs: 1, logger: { debug: (l) => lines.push(l) } }),
    );
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toMatch(/\(after 2 attempts in \d+\.\d s\)$/);
    expect(error.details.status).toBeUndefined();
    expect(lines.filter((l) => l.includes("→ failed"))).toHaveLength(2);
  });

  it("times out a request that gets no answer and retries it", async () => {
    handler = () => {}; // never answers
    const error = await fail(requestJson({ source: "incident", fetch, url: `${base}/hang`, timeoutMs: 50, retries: 1, retryBaseMs: 1 }));
    expect(seen).toHaveLength(2);
    expect(error.message).toMatch(new RegExp(`^incident: GET ${base}/hang failed: no answer within 50 ms \\(after 2 attempts in \\d+\\.\\d s\\)$`));
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:27:30 GMT");
  it("reads seconds and HTTP dates, uncapped (the policy's cap decides what is too long)", () => {
    expect(parseRetryAfterMs("2", now)).toBe(2000);
    expect(parseRetryAfterMs("2.5", now)).toBe(2500);
    expect(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(30_000);
    expect(parseRetryAfterMs("3600", now)).toBe(3_600_000);
    expect(parseRetryAfterMs("2026-11-16", now)).toBeUndefined(); // not an HTTP date
    expect(parseRetryAfterMs("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0); // in the past
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});
