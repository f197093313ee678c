import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ExportError } from "../../src/errors.js";
import { resolveOtlpTarget } from "../../src/otlp/otlp-endpoints.js";
import { retryAfterMs, sendOtlp } from "../../src/otlp/otlp-sender.js";
import { runBackfill } from "../../src/otlp/run-backfill.js";
import { tinyData } from "./tiny-dataset.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A local OTLP receiver answering with the scripted responses in turn. */
async function receiver(script: ((req: IncomingMessage, res: ServerResponse, body: Buffer) => void)[]) {
  const received: { url: string; headers: IncomingMessage["headers"]; body: Buffer }[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      received.push({ url: req.url ?? "", headers: req.headers, body });
      (script[received.length - 1] ?? script.at(-1)!)(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, received };
}

const ok = (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { "content-type": "application/x-protobuf" }).end();

// ExportTraceServiceResponse{ partial_success{ rejected_spans: 3, error_message: "too old" } }:
// field 1 (len) { field 1 varint 3, field 2 len "too old" }.
const partialTraces = Buffer.from([0x0a, 0x0b, 0x08, 0x03, 0x12, 0x07, ...Buffer.from("too old")]);

describe("OTLP delivery", () => {
  it("treats a 200 with partialSuccess rejected spans as a failure naming the endpoint", async () => {
    const { url } = await receiver([(_req, res) => res.writeHead(200, { "content-type": "application/x-protobuf" }).end(partialTraces)]);
    const error = await sendOtlp({ url: `${url}/v1/traces`, headers: {} }, "traces", new Uint8Array([1]), 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toBe("the backend rejected 3 of 10 spans: too old");
    expect((error as ExportError).details).toMatchObject({ endpoint: `${url}/v1/traces`, status: 200, rejected: 3 });
  });

  it("reads a JSON partialSuccess for metrics too", async () => {
    const { url } = await receiver([(_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ partialSuccess: { rejectedDataPoints: "2", errorMessage: "out of bounds" } }))]);
    await expect(sendOtlp({ url: `${url}/v1/metrics`, headers: {} }, "metrics", new Uint8Array([1]), 5)).rejects.toThrow("the backend rejected 2 of 5 data points: out of bounds");
  });

  it("retries 503 honouring Retry-After, then succeeds, sending the headers each time", async () => {
    const { url, received } = await receiver([(_req, res) => res.writeHead(503, { "retry-after": "7" }).end("busy"), ok]);
    const sleeps: number[] = [];
    const notice = await sendOtlp({ url: `${url}/v1/traces`, headers: { "X-Scope-OrgID": "tenant-1" } }, "traces", new Uint8Array([1, 2]), 2, { sleep: async (ms) => void sleeps.push(ms) });
    expect(notice).toBeUndefined();
    expect(received).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
    expect(received[1]!.headers["x-scope-orgid"]).toBe("tenant-1");
    expect(received[1]!.headers["content-type"]).toBe("application/x-protobuf");
  });

  it("gives up after the attempts with an ExportError carrying the status; 400 is not retried", async () => {
    const { url, received } = await receiver([(_req, res) => res.writeHead(502).end("bad gateway")]);
    const error = await sendOtlp({ url: `${url}/v1/metrics`, headers: {} }, "metrics", new Uint8Array([1]), 1, { maxAttempts: 3, sleep: async () => {} }).catch((e: unknown) => e);
    expect(received).toHaveLength(3);
    expect((error as ExportError).details.status).toBe(502);
    const second = await receiver([(_req, res) => res.writeHead(400).end("bad request")]);
    await expect(sendOtlp({ url: second.url, headers: {} }, "metrics", new Uint8Array([1]), 1, { sleep: async () => {} })).rejects.toThrow("HTTP 400: bad request");
    expect(second.received).toHaveLength(1);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("2015-10-21T07:28:00Z"))).toBe(10_000);
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  it("sends traces in explicit batches to /v1/traces of the base endpoint", async () => {
    const { url, received } = await receiver([ok]);
    const target = resolveOtlpTarget("traces", { endpoint: `${url}/otlp/`, headers: ["Authorization=Bearer s3cret"] }, {})!;
    expect(target.url).toBe(`${url}/otlp/v1/traces`);
    const summary = await runBackfill(tinyData(), { signals: ["traces"], targets: { traces: target }, spansPerBatch: 4 });
    // D1: 6 spans, D2: 4 (root, DAG, build, deploy-production; no change), incidents I3, I1, I2: 1 each = 13.
    expect(summary.spans).toBe(13);
    // Batches flush once they reach 4 spans, at trace boundaries: [6], [4], [1, 1, 1] = 3 requests.
    expect(received.map((request) => request.url)).toEqual(["/otlp/v1/traces", "/otlp/v1/traces", "/otlp/v1/traces"]);
    expect(received[0]!.headers.authorization).toBe("Bearer s3cret");
  });
});

describe("OTLP endpoints from the environment", () => {
  it("appends /v1/<signal> to a base endpoint, uses per-signal endpoints as is, merges headers", () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://mimir:8080/otlp/v1/metrics",
      OTEL_EXPORTER_OTLP_HEADERS: "X-Scope-OrgID=team-a,Authorization=Basic%20abc",
    };
    expect(resolveOtlpTarget("traces", {}, env)).toEqual({ url: "http://collector:4318/v1/traces", headers: { "X-Scope-OrgID": "team-a", Authorization: "Basic abc" } });
    expect(resolveOtlpTarget("metrics", { headers: ["X-Scope-OrgID=team-b"] }, env)).toEqual({ url: "http://mimir:8080/otlp/v1/metrics", headers: { "X-Scope-OrgID": "team-b", Authorization: "Basic abc" } });
    expect(resolveOtlpTarget("metrics", {}, {})).toBeUndefined();
    expect(() => resolveOtlpTarget("traces", { endpoint: "collector:4318" }, {})).toThrow("is not an http(s) URL");
  });
});
