import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCachingFetch } from "../../../src/sources/cache/caching-fetch.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url!);
    if (request.url!.includes("broken")) {
      response.writeHead(200, { "content-type": "application/json" }).end('{"truncated":');
      return;
    }
    if (request.url!.includes(`commits/${B}`)) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
      return;
    }
    response.writeHead(200, { "content-type": "application/json", "set-cookie": "s=secret" }).end(JSON.stringify({ url: request.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createCachingFetch", () => {
  it("answers an immutable GET from the cache on the second call, and nothing else", async () => {
    const dir = mkdtempSync("/tmp/dora-cache-");
    const stats = { hits: 0, misses: 0 };
    const cached = createCachingFetch(fetch, dir, stats);
    hits.length = 0;
    const compare = `${base}/repos/acme/api/compare/${A}...${A.replace(/a/g, "c")}?per_page=100&page=1`;
    const first = await (await cached(compare, { headers: { authorization: "Bearer tok-123" } })).json();
    const second = await (await cached(compare)).json();
    expect(second).toEqual(first);
    await cached(`${base}/api/v1/archived-workflows?listOptions.limit=100`);
    await cached(`${base}/api/v1/archived-workflows?listOptions.limit=100`);
    await cached(`${base}/api/v1/archived-workflows/cb4f47aa-0433-47a9-be7f-0df86e723441`);
    await cached(`${base}/api/v1/archived-workflows/cb4f47aa-0433-47a9-be7f-0df86e723441`);
    // compare once, list twice (never cached), archived workflow by uid once.
    expect(hits).toEqual([
      `/repos/acme/api/compare/${A}...${"c".repeat(40)}?per_page=100&page=1`,
      "/api/v1/archived-workflows?listOptions.limit=100",
      "/api/v1/archived-workflows?listOptions.limit=100",
      "/api/v1/archived-workflows/cb4f47aa-0433-47a9-be7f-0df86e723441",
    ]);
    expect(stats).toEqual({ hits: 2, misses: 2 });
    const stored = readdirSync(dir).flatMap((sub) => readdirSync(join(dir, sub)).map((file) => readFileSync(join(dir, sub, file), "utf8")));
    expect(stored).toHaveLength(2);
    expect(stored.join("")).not.toMatch(/tok-123|secret|set-cookie/);
  });

  it("keeps neither errors nor truncated bodies", async () => {
    const dir = mkdtempSync("/tmp/dora-cache-");
    const cached = createCachingFetch(fetch, dir);
    hits.length = 0;
    expect((await cached(`${base}/repos/acme/api/commits/${B}`)).status).toBe(404);
    expect((await cached(`${base}/repos/acme/api/commits/${B}`)).status).toBe(404);
    await cached(`${base}/repos/broken/api/commits/${A}`).then((r) => r.text());
    await cached(`${base}/repos/broken/api/commits/${A}`).then((r) => r.text());
    expect(hits).toHaveLength(4);
  });

  it("does not cache short SHAs or branch names", async () => {
    const dir = mkdtempSync("/tmp/dora-cache-");
    const cached = createCachingFetch(fetch, dir);
    hits.length = 0;
    await cached(`${base}/repos/acme/api/compare/main...${A}`);
    await cached(`${base}/repos/acme/api/compare/main...${A}`);
    expect(hits).toHaveLength(2);
  });

  describe("an entry that does not verify is discarded and fetched again, with a note", () => {
    const uidUrl = () => `${base}/api/v1/archived-workflows/cb4f47aa-0433-47a9-be7f-0df86e723441`;
    const otherUrl = () => `${base}/api/v1/archived-workflows/0d2b8e4c-1111-2222-3333-444455556666`;
    /** A cache holding the right entry, then the file corrupted by `corrupt`. */
    async function corrupted(corrupt: (path: string, dir: string) => void) {
      const dir = mkdtempSync("/tmp/dora-cache-");
      await (await createCachingFetch(fetch, dir)(uidUrl())).text();
      await (await createCachingFetch(fetch, dir)(otherUrl())).text();
      const files = readdirSync(dir).flatMap((sub) => readdirSync(join(dir, sub)).map((file) => join(dir, sub, file)));
      const path = files.find((file) => readFileSync(file, "utf8").includes("cb4f47aa"))!;
      const other = files.find((file) => file !== path)!;
      corrupt(path, other);
      hits.length = 0;
      const notes: string[] = [];
      const stats = { hits: 0, misses: 0 };
      const body = await (await createCachingFetch(fetch, dir, stats, { debug: (line) => notes.push(line) })(uidUrl())).json();
      return { body, notes, stats, path };
    }
    const cases: Array<[string, (path: string, other: string) => void, RegExp]> = [
      ["{}", (path) => writeFileSync(path, "{}"), /not a cache entry|another format/],
      ["not JSON", (path) => writeFileSync(path, "\u0000\u0000garbage"), /not JSON/],
      ["a stored 500", (path) => {
        const entry = JSON.parse(readFileSync(path, "utf8"));
        writeFileSync(path, JSON.stringify({ ...entry, status: 500 }));
      }, /a stored HTTP 500/],
      ["a body that does not match its checksum", (path) => {
        const entry = JSON.parse(readFileSync(path, "utf8"));
        writeFileSync(path, JSON.stringify({ ...entry, body: '{"url":"/elsewhere"}' }));
      }, /checksum/],
      ["a directory", (path) => {
        rmSync(path);
        mkdirSync(path);
      }, /unreadable \(EISDIR\)/],
      ["valid JSON of another workflow (the other entry's file)", (path, other) => writeFileSync(path, readFileSync(other)), /answers another request/],
    ];
    it.each(cases)("%s", async (_name, corrupt, why) => {
      const { body, notes, stats, path } = await corrupted(corrupt);
      expect(body).toEqual({ url: "/api/v1/archived-workflows/cb4f47aa-0433-47a9-be7f-0df86e723441" });
      expect(hits).toEqual(["/api/v1/archived-workflows/cb4f47aa-0433-47a9-be7f-0df86e723441"]);
      expect(stats).toEqual({ hits: 0, misses: 1 });
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/^cache: discarded the entry of http:\/\/127\.0\.0\.1:\d+\/api\/v1\/archived-workflows\/cb4f47aa-0433-47a9-be7f-0df86e723441 \(/);
      expect(notes[0]).toMatch(why);
      // Repaired: the next run is a hit again.
      expect(JSON.parse(readFileSync(path, "utf8")).request).toMatch(/cb4f47aa/);
    });
  });

  it("is owner-only: 0700 directories, 0600 files, even in a cache an older version left 0755", async () => {
    const dir = mkdtempSync("/tmp/dora-cache-");
    const { chmodSync } = await import("node:fs");
    chmodSync(dir, 0o755);
    await (await createCachingFetch(fetch, dir)(`${base}/repos/acme/api/commits/${A}`)).text();
    const [sub] = readdirSync(dir);
    const [file] = readdirSync(join(dir, sub!));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, sub!)).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, sub!, file!)).mode & 0o777).toBe(0o600);
  });
});
