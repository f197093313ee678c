import { mkdtempSync, readFileSync, rmSync, statSync, openSync, readSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeOutputFile } from "../../src/cli/output-file.js";
import { renderReportChunks } from "../../src/render/index.js";
import { largeReport } from "./large-report.js";

// Opt-in (DORA_SLOW_TESTS=1, ~1 min): a JSON report larger than V8's largest string (2^29 - 24
// characters, ~512 MiB), written to a file through the CLI's atomic writer, with the process's
// peak resident memory read from the kernel. Before #18 this threw "RangeError: Invalid string length".

/** A field of /proc/self/status in bytes ("VmRSS", "VmHWM": the current and the peak resident set). */
function procStatusBytes(field: "VmRSS" | "VmHWM"): number {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((entry) => entry.startsWith(`${field}:`));
  return Number(/(\d+) kB/.exec(line ?? "")?.[1]) * 1024;
}

/** `bytes` bytes of the file from `position` (negative: from the end), without reading the rest. */
function readAt(path: string, position: number, bytes: number): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    readSync(fd, buffer, 0, bytes, position < 0 ? statSync(path).size + position : position);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}

describe.runIf(process.env.DORA_SLOW_TESTS === "1")("a JSON report larger than any string", () => {
  it("is written to a file with bounded memory", async () => {
    // 5,000 services × 100 daily buckets: 500,000 bucket slots, ~615 MB of JSON.
    const report = largeReport(5_000, 100);
    const dir = mkdtempSync(join(tmpdir(), "dora-large-json-"));
    try {
      const path = join(dir, "report.json");
      const before = procStatusBytes("VmRSS");
      await writeOutputFile(path, renderReportChunks("json", report, { csvTable: "summary", color: false, timezone: "UTC" }));
      const peak = procStatusBytes("VmHWM");
      const size = statSync(path).size;
      expect(size).toBeGreaterThan(600_000_000);
      expect(readAt(path, 0, 24)).toBe('{\n  "schemaVersion": 1,\n');
      // The sample's last warning closes the document.
      expect(readAt(path, -12, 12)).toBe("    }\n  ]\n}\n");
      // The file is ~615 MB; the writer's growth over the report already in memory stays far below it.
      const grown = peak - before;
      console.log(`wrote ${size} bytes; RSS before ${Math.round(before / 2 ** 20)} MiB, peak ${Math.round(peak / 2 ** 20)} MiB (+${Math.round(grown / 2 ** 20)} MiB)`);
      expect(grown).toBeLessThan(256 * 2 ** 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
