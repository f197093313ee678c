import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultBench, type FaultBench } from "./harness.js";
import { MATRIX } from "./fault-matrix.js";
import { cleanRun, runMatrixCase } from "./run-matrix-case.js";

// Issue #19's fault matrix, one case per finding (see fault-matrix.ts; `npm run faults` runs the
// same cases as real processes and prints the table of docs/failure-modes.md). Each case asserts the
// exit code, the message (source and cause), that the run ended well within its deadline with no
// request sent after it ended, and that stdout holds nothing unless the figures are whole.

/** No case may take longer: hangs must be bounded by dora, not by this test. */
const DEADLINE_SECONDS = 10;

let bench: FaultBench;
let clean: string;
beforeAll(async () => {
  bench = await startFaultBench();
  clean = await cleanRun(bench, "in-process");
  // fixtures/demo/EXPECTED.md: 76 deployments in the 90 days.
  expect(JSON.parse(clean).overall.deploymentFrequency.deployments).toBe(76);
}, 60_000);
afterAll(() => bench.close());

describe("fault matrix", () => {
  it.each(MATRIX.map((matrixCase) => [`${matrixCase.bullet}: ${matrixCase.name}`, matrixCase] as const))(
    "%s",
    async (_name, matrixCase) => {
      const run = await runMatrixCase(bench, matrixCase, "in-process");
      expect(run.code, run.stderr).toBe(matrixCase.code);
      for (const pattern of matrixCase.stderr) expect(run.stderr).toMatch(pattern);
      expect(run.seconds).toBeLessThan(DEADLINE_SECONDS);
      // Nothing keeps running after the end: every in-flight request and retry was cancelled.
      expect(run.requestsAfterEnd).toBe(0);
      if (matrixCase.stdout === "none") expect(run.stdout).toBe("");
      if (matrixCase.stdout === "clean") expect(run.stdout).toBe(clean);
      if (matrixCase.stdout === "report") matrixCase.report!(JSON.parse(run.stdout), JSON.parse(clean));
    },
    DEADLINE_SECONDS * 1000 + 5000,
  );
});
