import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";

// Every relative link of README.md and docs/*.md resolves to a file (or folder) of the repository,
// and its #anchor to a heading of that page, with GitHub's own anchor rules (github-slugger).
// Links are found with a regular expression outside fenced code blocks and code spans: the pages
// use plain [text](target) links only, which a Markdown parser would not find differently.
const PAGES = ["README.md", ...readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => join("docs", name))];

const withoutFences = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
const withoutCode = (markdown: string) => withoutFences(markdown).replace(/`[^`\n]*`/g, "");

const anchorsCache = new Map<string, Set<string>>();
function anchorsOf(page: string): Set<string> {
  let anchors = anchorsCache.get(page);
  if (!anchors) {
    const slugger = new GithubSlugger();
    // A heading's anchor is made from its rendered text: code spans keep their text, links their label.
    const headings = withoutFences(readFileSync(page, "utf8")).match(/^#{1,6} .*$/gm) ?? [];
    anchors = new Set(headings.map((heading) => slugger.slug(heading.replace(/^#+ /, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, ""))));
    anchorsCache.set(page, anchors);
  }
  return anchors;
}

function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const match of withoutCode(readFileSync(page, "utf8")).matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1]!;
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [path, anchor] = target.split("#") as [string, string | undefined];
    const file = path === "" ? page : normalize(join(dirname(page), path));
    if (!existsSync(file)) {
      broken.push(`${page}: ${target} (no file ${file})`);
      continue;
    }
    if (anchor !== undefined && !(statSync(file).isFile() && file.endsWith(".md") && anchorsOf(file).has(anchor))) {
      broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`);
    }
  }
  return broken;
}

describe("links of README.md and docs/", () => {
  it.each(PAGES)("every relative link of %s resolves", (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it("finds links and anchors the way GitHub does", () => {
    expect(anchorsOf("docs/backfill.md").has("endpoint-headers-protocol-compression")).toBe(true);
    expect(brokenLinks("README.md").length).toBe(0);
    expect(withoutCode("a `[x](nowhere.md)` b").includes("nowhere")).toBe(false);
  });
});
