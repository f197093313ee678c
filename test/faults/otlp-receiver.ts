// A local OTLP/HTTP receiver that records every request body and answers as told: 200 by default,
// or per request (a 503, a partialSuccess, or never — to kill the sender mid-request).

import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  signal: "traces" | "metrics";
  /** sha256 of the body: identical batches have identical digests. */
  digest: string;
  bytes: number;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export interface OtlpReceiver {
  endpoint: string;
  received: Received[];
  /** Decides the answer to the n-th request (1-based); default 200 with an empty body. */
  answer: (n: number, signal: Received["signal"]) => Answer;
  /** Called for every request, after it was recorded. */
  onRequest?: (n: number) => void;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const receiver: OtlpReceiver = { endpoint: "", received: [], answer: () => ({ status: 200 }), close: async () => {} };
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const signal = req.url?.endsWith("/v1/traces") ? "traces" : "metrics";
      const n = ++count;
      const answer = receiver.answer(n, signal);
      // A request the receiver never answers was not accepted: it is not counted as received.
      if (answer !== "hang" && answer.status === 200 && !answer.body?.includes("partialSuccess")) {
        receiver.received.push({ signal, digest: createHash("sha256").update(body).digest("hex"), bytes: body.length });
      }
      receiver.onRequest?.(n);
      if (answer === "hang") return;
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
