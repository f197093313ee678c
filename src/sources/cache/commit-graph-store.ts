import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommitGraphRecord } from "../../model/commit.js";
import type { CommitGraphStore } from "../types.js";

const FULL_SHA = /^[0-9a-f]{40}$/;
/** Bumped when the record's meaning changes: an old file is then ignored, never misread. */
const FORMAT = 1;

interface StoredGraph {
  format: number;
  record: CommitGraphRecord;
}

/**
 * The commit graphs of the repositories in `dir/github-graphs`, one file per GitHub host and
 * repository (two GitHub Enterprise hosts never mix). Commits are immutable by SHA, so a graph only
 * grows: the next night asks GitHub only for what is newer than its tip. Only full SHAs are kept.
 */
export function createCommitGraphStore(dir: string, apiUrl: string): CommitGraphStore {
  const pathFor = (repo: string) => {
    const key = createHash("sha256").update(`${apiUrl.replace(/\/+$/, "")}\n${repo.toLowerCase()}`).digest("hex");
    return join(dir, "github-graphs", `${key}.json`);
  };
  return {
    async load(repos) {
      const records: CommitGraphRecord[] = [];
      for (const repo of new Set(repos)) {
        try {
          const stored = JSON.parse(await readFile(pathFor(repo), "utf8")) as StoredGraph;
          if (stored.format === FORMAT && stored.record.repo === repo && Array.isArray(stored.record.commits)) records.push(stored.record);
        } catch {
          // Missing or unreadable: the graph is fetched again.
        }
      }
      return records;
    },
    async save(records) {
      for (const record of records) {
        const kept: CommitGraphRecord = {
          ...record,
          commits: record.commits.filter((commit) => FULL_SHA.test(commit.sha)),
          ...(record.unreachable ? { unreachable: record.unreachable.filter((sha) => FULL_SHA.test(sha)) } : {}),
        };
        if (kept.commits.length === 0) continue;
        const path = pathFor(record.repo);
        try {
          await mkdir(join(path, ".."), { recursive: true });
          const temporary = `${path}.${process.pid}.tmp`;
          await writeFile(temporary, JSON.stringify({ format: FORMAT, record: kept } satisfies StoredGraph));
          await rename(temporary, path);
        } catch {
          // A cache that cannot be written only costs requests next time.
        }
      }
    },
  };
}
