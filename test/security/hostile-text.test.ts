import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultBench, type FaultBench } from "../faults/harness.js";

// Hostile text enters through the APIs (an incident title, a workflow name) and flows through the
// whole CLI: every output format must neutralise it for its reader (terminal, spreadsheet, Markdown
// renderer, browser), and JSON must keep it exactly (it is data, and JSON escapes control characters).
const HOSTILE =
  "=HYPERLINK(\"http://evil\")|cmd \x1b[31mRED\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 a|b\nnext line\r\t<script>alert(1)</script> \u202Eevil\x00";
const WORKFLOW = "deploy-search-xsqjv"; // the first search deployment: also named in a warning

/** RFC 4180 rows → objects keyed by the header (quoted fields, "" escapes, CRLF or LF). */
function parseCsv(text: string, _options: { columns: true }): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ""])));
}

let bench: FaultBench;
const render = async (...flags: string[]) => {
  const run = await bench.report(["--format", ...flags]);
  expect(run.code).toBe(0);
  return run.stdout;
};

beforeAll(async () => {
  bench = await startFaultBench();
  bench.proxy.rules = [
    {
      source: "incident",
      path: /QueryIncidentPreviews$/,
      fault: {
        kind: "mutate",
        mutate: (body) => {
          const page = body as { incidentPreviews: Array<{ incidentID: string; title: string }> };
          for (const preview of page.incidentPreviews) if (preview.incidentID === "1041") preview.title = HOSTILE;
          return page;
        },
      },
    },
    {
      source: "argo",
      path: /^\/api\/v1\/archived-workflows\/[^?/]+$/,
      fault: {
        kind: "mutate",
        mutate: (body) => {
          const workflow = body as { metadata: { name: string } };
          if (workflow.metadata.name === WORKFLOW) workflow.metadata.name = `${WORKFLOW} ${HOSTILE}`;
          return workflow;
        },
      },
    },
  ];
});
afterAll(() => bench.close());

/** No terminal escape, carriage return, NUL or bidi override survives. */
function expectNoControls(text: string) {
  expect(text).not.toMatch(/[\x00\x07\x1b\r\u202e\x9b]/);
}

describe("hostile titles and names through the whole CLI", () => {
  it("json keeps the exact text (JSON escapes the controls)", async () => {
    const text = await render("json");
    expect(text).not.toMatch(/[\x00\x1b\x07\r]/);
    const report = JSON.parse(text);
    expect(report.incidents.find((incident: { id: string }) => incident.id === "1041").title).toBe(HOSTILE);
    expect(report.deployments.some((deployment: { name: string }) => deployment.name === `${WORKFLOW} ${HOSTILE}`)).toBe(true);
  });

  it("table: no escape sequence or control reaches the terminal, the name stays on one line", async () => {
    const text = await render("table");
    expectNoControls(text);
    // The first-deployment warning names the workflow; its newline became a space.
    expect(text).toMatch(/deploy-search-xsqjv =HYPERLINK\("http:\/\/evil"\)\|cmd RED link a\|b next line  <script>alert\(1\)<\/script> evil/); // newline, CR and tab each became a space
    expect(text).not.toMatch(/^next line/m);
  });

  it("csv: cells that start a formula are prefixed with ', controls stripped", async () => {
    const incidents = parseCsv(await render("csv", "--csv", "incidents"), { columns: true }) as Array<Record<string, string>>;
    const row = incidents.find((incident) => incident.id === "1041")!;
    expect(row.title!.startsWith("'=HYPERLINK")).toBe(true);
    const raw = await render("csv", "--csv", "incidents");
    expect(raw).not.toMatch(/[\x00\x07\x1b\u202e]/);
    const deployments = parseCsv(await render("csv", "--csv", "deployments"), { columns: true }) as Array<Record<string, string>>;
    // The name starts with "deploy-", so it is no formula; its controls are gone all the same.
    expect(deployments.some((deployment) => deployment.name!.startsWith(`${WORKFLOW} =HYPERLINK`))).toBe(true);
  });

  it("markdown: | and < are escaped, one table row stays one line", async () => {
    const text = await render("markdown");
    expectNoControls(text);
    const line = text.split("\n").find((candidate) => candidate.includes("HYPERLINK"));
    expect(line).toBeDefined();
    expect(line).toContain("a\\|b next line");
    expect(line).toContain("\\<script\\>");
    expect(line).not.toMatch(/(?<!\\)<script>/);
  });

  it("html: the script is inert text", async () => {
    const text = await render("html");
    expectNoControls(text);
    expect(text).not.toMatch(/<script>alert/);
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
