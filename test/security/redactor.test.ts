import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readCredentials } from "../../src/config/environment.js";
import { Redactor, redactorOf } from "../../src/util/redact.js";
import { runCli } from "../cli/run-cli.js";
import { startFaultBench, NOW, FAST, type FaultBench } from "../faults/harness.js";

// Redaction is a value per run: what one run learns of its tokens is not kept for the next, and
// each run masks its own tokens — the cases a process-wide set of secrets gets wrong.
const FIRST = "ghp_FIRSTrun0123456789abcdef";
const SECOND = "ghp_SECONDrun9876543210fedcba";

describe("Redactor", () => {
  it("masks a token inside a URL's userinfo and query, and in any text", () => {
    const redactor = redactorOf(FIRST);
    // userinfo is dropped, the token-like `access_token` parameter is REDACTED, the token under any other name is ***.
    expect(redactor.url(`https://x-access:${FIRST}@api.example.com/repos?access_token=${FIRST}&state=open&q=${FIRST}`)).toBe(
      "https://api.example.com/repos?access_token=REDACTED&state=open&q=***",
    );
    expect(redactor.url(`https://${FIRST}@api.example.com/`)).toBe("https://api.example.com/");
    expect(redactor.text(`GET https://user:${FIRST}@h.example/x failed: Bad credentials ${FIRST}`)).toBe("GET https://h.example/x failed: Bad credentials ***");
  });

  it("knows the secrets it was given only: a Bearer prefix or PagerDuty's Token token= is stripped, short values ignored", () => {
    const redactor = new Redactor().secret(`Bearer ${FIRST}`).secret("Token token=pd_key_123").secret("abc").secret(undefined);
    expect(redactor.text(`${FIRST} pd_key_123 abc`)).toBe("*** *** abc");
    expect(new Redactor().text(FIRST)).toBe(FIRST);
  });

  it("two credential reads in one process each fill their own redactor; nothing is shared", () => {
    const first = new Redactor();
    const second = new Redactor();
    expect(readCredentials({ GITHUB_TOKEN: FIRST }, first).githubToken).toBe(FIRST);
    expect(readCredentials({ GH_TOKEN: SECOND }, second).githubToken).toBe(SECOND);
    expect(first.text(`${FIRST} ${SECOND}`)).toBe(`*** ${SECOND}`);
    expect(second.text(`${FIRST} ${SECOND}`)).toBe(`${FIRST} ***`);
  });
});

describe("two runs in one process with different tokens", () => {
  let bench: FaultBench;
  beforeAll(async () => {
    bench = await startFaultBench();
  });
  afterAll(() => bench.close());
  beforeEach(async () => {
    await bench.proxy.idle();
    bench.proxy.reset();
  });

  it("each masks its own token, echoed by the API into the error, the --verbose log and DORA_DEBUG output", async () => {
    for (const token of [FIRST, SECOND]) {
      bench.proxy.rules = [{ source: "github", path: /compare/, fault: { kind: "status", status: 403, body: JSON.stringify({ message: `Bad credentials ${token}` }) } }];
      const result = await runCli(["report", "--config", bench.configPath, "--since", "90d", "--verbose", "--no-cache"], {
        env: { GITHUB_TOKEN: token, DORA_DEBUG: "1", ...FAST },
        now: NOW,
      });
      expect(result.code).toBe(3);
      expect([...bench.proxy.authorizations].join("\n")).toContain(token); // the token was really sent
      expect(result.stderr).toMatch(/HTTP 403 Bad credentials \*\*\*/);
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(FIRST);
        expect(text).not.toContain(SECOND);
      }
    }
  });
});
