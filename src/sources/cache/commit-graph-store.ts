import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommitGraphRecord } from "../../model/commit.js";
import { graphRecordOf, graphTableOf, type CommitGraphTable } from "../../model/commit-table.js";
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
 * On disk a graph is JSON, a commit an object; in memory the metrics read it as columns
 * (model/commit-table.ts), made one repository at a time.
 */
export function createCommitGraphStore(dir: string, apiUrl: string): CommitGraphStore {
  const pathFor = (repo: string) => {
    const key = createHash("sha256").update(`${apiUrl.replace(/\/+$/, "")}\n${repo.toLowerCase()}`).digest("hex");
    return join(dir, "github-graphs", `${key}.json`);
  };
  const read = async (repo: string): Promise<CommitGraphRecord | undefined> => {
    try {
      const stored = JSON.parse(await readFile(pathFor(repo), "utf8")) as StoredGraph;
      if (stored.format === FORMAT && stored.record.repo === repo && Array.isArray(stored.record.commits)) return stored.record;
    } catch {
      // Missing or unreadable: the graph is fetched again.
    }
    return undefined;
  };
  // Runs of one process (a report and its --compare previous) save one after the other, each
  // merging into what the other wrote.
  let saving: Promise<void> = Promise.resolve();

  return {
    async load(repos) {
      await saving;
      const tables: CommitGraphTable[] = [];
      for (const repo of new Set(repos)) {
        const record = await read(repo);
        if (record) tables.push(graphTableOf(record));
      }
      return tables;
    },
    save(graphs) {
      saving = saving.then(() => saveAll(graphs));
      return saving;
    },
  };

  async function saveAll(graphs: readonly CommitGraphTable[]): Promise<void> {
      for (const graph of graphs) {
        const fresh = graphRecordOf(graph);
        const old = await read(fresh.repo);
        const record = old ? mergeGraphRecords(old, fresh) : fresh;
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
  }
}

/**
 * One graph holding both, when one holds the other's root: then every commit's parents are in the
 * union or below the older root (commit-graph.ts's invariant). Otherwise the fresh one wins.
 */
export function mergeGraphRecords(old: CommitGraphRecord, fresh: CommitGraphRecord): CommitGraphRecord {
  const oldShas = new Set(old.commits.map((commit) => commit.sha));
  const freshShas = new Set(fresh.commits.map((commit) => commit.sha));
  const owner = fresh.root !== undefined && oldShas.has(fresh.root) ? old : old.root !== undefined && freshShas.has(old.root) ? fresh : undefined;
  if (!owner) return fresh;
  const other = owner === old ? fresh : old;
  const otherShas = owner === old ? freshShas : oldShas;
  const unreachable = [...new Set([...(old.unreachable ?? []), ...(fresh.unreachable ?? [])])];
  return {
    repo: fresh.repo,
    ...(owner.root === undefined ? {} : { root: owner.root }),
    commits: [...other.commits, ...owner.commits.filter((commit) => !otherShas.has(commit.sha))],
    // Known below the owner's root only: the other graph's were below a root now inside the union.
    ...(owner.belowRoot ? { belowRoot: owner.belowRoot } : {}),
    ...(unreachable.length > 0 ? { unreachable } : {}),
  };
}
