import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, ExportError } from "../../src/errors.js";
import { resolveOtlpTarget } from "../../src/otlp/otlp-endpoints.js";
import { measureEndpoint, sendOtlp, type WaitNotice } from "../../src/otlp/otlp-sender.js";
import { runBackfill } from "../../src/otlp/run-backfill.js";
import { tinyData } from "./tiny-dataset.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A receiver answering `status(n)` to the n-th request, recording headers and raw bodies. */
async function receiver(status: (n: number) => { code: number; headers?: Record<string, string> } = () => ({ code: 200 })) {
  const received: { headers: IncomingMessage["headers"]; body: Buffer }[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const answer = status(received.length);
      res.writeHead(answer.code, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, received };
}

describe("OTLP compression", () => {
  it("OTEL_EXPORTER_OTLP_COMPRESSION=gzip sends Content-Encoding: gzip bodies that inflate to the protobuf", async () => {
    const { url, received } = await receiver();
    const target = resolveOtlpTarget("metrics", { endpoint: url }, { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" })!;
    expect(target.compression).toBe("gzip");
    const raw: Uint8Array[] = [];
    const summary = await runBackfill(tinyData(), { signals: ["metrics"], stepSeconds: 60, targets: { metrics: target }, onRequest: (_signal, body) => raw.push(body) });
    expect(received.length).toBe(raw.length);
    for (const [index, request] of received.entries()) {
      expect(request.headers["content-encoding"]).toBe("gzip");
      expect(new Uint8Array(gunzipSync(request.body))).toEqual(raw[index]);
    }
    // The summary counts both: the protobuf and what went over the wire (smaller: labels repeat).
    expect(summary.wireBytes.metrics).toBe(received.reduce((sum, request) => sum + request.body.length, 0));
    expect(summary.wireBytes.metrics).toBeLessThan(summary.bytes.metrics / 3);
  });

  it("sends plain protobuf without it; the flag and the per-signal variable win; other values are usage errors", async () => {
    const { url, received } = await receiver();
    await sendOtlp(resolveOtlpTarget("traces", { endpoint: url }, {})!, "traces", new Uint8Array([1]), 1);
    expect(received[0]!.headers["content-encoding"]).toBeUndefined();
    expect(resolveOtlpTarget("traces", { endpoint: url, compression: "none" }, { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" })!.compression).toBeUndefined();
    expect(resolveOtlpTarget("traces", { endpoint: url }, { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip", OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "none" })!.compression).toBeUndefined();
    expect(() => resolveOtlpTarget("traces", { endpoint: url }, { OTEL_EXPORTER_OTLP_COMPRESSION: "zstd" })).toThrow('OTEL_EXPORTER_OTLP_COMPRESSION="zstd" is not a supported compression');
  });
});

describe("OTLP endpoint checks", () => {
  it("refuses OTEL_EXPORTER_OTLP_PROTOCOL=grpc (and http/json) with a usage error saying http/protobuf is supported", () => {
    for (const [name, value] of [["OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"], ["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/json"]] as const) {
      const error = (() => {
        try {
          resolveOtlpTarget("metrics", { endpoint: "http://collector:4318" }, { [name]: value });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(`${name}="${value}" is not supported: dora backfill sends OTLP over HTTP with protobuf bodies (http/protobuf)`);
    }
    expect(resolveOtlpTarget("metrics", { endpoint: "http://collector:4318" }, { OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" })!.url).toBe("http://collector:4318/v1/metrics");
  });

  it("refuses an endpoint with user:password@ without repeating the password", () => {
    const attempt = () => resolveOtlpTarget("traces", { endpoint: "https://alice:s3cret-pw@tempo.example.com/otlp" }, {});
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow("--otlp-endpoint carries credentials in the URL (user:password@tempo.example.com)");
    expect(() => resolveOtlpTarget("traces", {}, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://bob:pw@collector:4318" })).toThrow("OTEL_EXPORTER_OTLP_ENDPOINT carries credentials");
  });
});

describe("throttling patience", () => {
  it("waits out 429s with Retry-After for as long as the patience allows, telling what it waits for", async () => {
    // 429 ×3 (Retry-After 20 s), then 200: 60 s of (injected) waiting, well inside 30 min.
    const { url, received } = await receiver((n) => (n <= 3 ? { code: 429, headers: { "retry-after": "20" } } : { code: 200 }));
    const notices: WaitNotice[] = [];
    const sleeps: number[] = [];
    await sendOtlp({ url, headers: {} }, "metrics", new Uint8Array([1]), 1, { sleep: async (ms) => void sleeps.push(ms), onWait: (notice) => notices.push(notice) });
    expect(received).toHaveLength(4);
    expect(sleeps).toEqual([20_000, 20_000, 20_000]);
    expect(notices.map((notice) => [notice.reason, notice.waitMs, notice.waitedMs, notice.retryAfter])).toEqual([
      ["HTTP 429", 20_000, expect.any(Number), true],
      ["HTTP 429", 20_000, 20_000, true],
      ["HTTP 429", 20_000, 40_000, true],
    ]);
    expect(notices[0]!.patienceMs).toBe(30 * 60_000);
  });

  it("gives up with exit-3 ExportError once the patience is spent, saying how long it waited", async () => {
    const { url, received } = await receiver(() => ({ code: 503 }));
    // Backoff 1 s, 2 s, 4 s, then the last 3 s of a 10 s patience: 4 waits, 5 attempts.
    const sleeps: number[] = [];
    const error = await sendOtlp({ url, headers: {} }, "traces", new Uint8Array([1]), 7, { patienceMs: 10_000, baseDelayMs: 1000, sleep: async (ms) => void sleeps.push(ms) }).catch((caught: unknown) => caught);
    expect(sleeps).toEqual([1000, 2000, 4000, 3000]);
    expect(received).toHaveLength(5);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toMatch(/^the OTLP traces endpoint answered HTTP 503 after 5 attempts and 10s of waiting: /);
    expect((error as ExportError).details.hint).toContain("--otlp-patience");
  });
});

describe("dry run measurement", () => {
  it("measures an endpoint with empty requests only: three for the round trip, one padded with an unknown field", async () => {
    const { url, received } = await receiver();
    const rate = await measureEndpoint({ url, headers: {} }, "metrics");
    expect(received.map((request) => request.body.length)).toEqual([0, 0, 0, 5 + 1024 * 1024]);
    // Field 1000, wire type 2 (length-delimited), length 1 MiB: a reader skips it, the request holds no data.
    expect([...received[3]!.body.subarray(0, 5)]).toEqual([0xc2, 0x3e, 0x80, 0x80, 0x40]);
    expect(rate.roundTripMs).toBeGreaterThan(0);
    expect(rate.bytesPerSecond).toBeGreaterThan(0);
  });
});
