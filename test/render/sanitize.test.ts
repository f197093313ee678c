import { describe, expect, it } from "vitest";
import { escapeMarkdownCell, neutralizeCsvCell, stripControl } from "../../src/render/sanitize.js";

describe("stripControl", () => {
  it("removes SGR colour sequences", () => {
    expect(stripControl("\u001b[31mred\u001b[0m")).toBe("red");
  });

  it("removes OSC 8 hyperlinks (BEL and ST terminated) but keeps their text", () => {
    expect(stripControl("\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007")).toBe("click");
    expect(stripControl("\u001b]0;pwned title\u001b\\ok")).toBe("ok");
  });

  it("removes cursor movement, screen clears and other escapes", () => {
    expect(stripControl("a\u001b[2J\u001b[1;1Hb\u001bcc\u001b(Bd")).toBe("abcd");
  });

  it("removes 8-bit CSI and other C0/C1 controls", () => {
    expect(stripControl("x\u009b31my\u0000\u0007\u007f\u0085z")).toBe("xyz");
  });

  it("turns newlines and tabs into one space each (CRLF counts once)", () => {
    expect(stripControl("a\nb\tc\r\nd\re")).toBe("a b c d e");
  });

  it("removes bidi overrides that reorder displayed text", () => {
    expect(stripControl("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
  });

  it("leaves ordinary Unicode alone", () => {
    expect(stripControl("Zürich – 東京 🚀 ok")).toBe("Zürich – 東京 🚀 ok");
  });
});

describe("escapeMarkdownCell", () => {
  it("escapes pipes and puts the cell on one line", () => {
    expect(escapeMarkdownCell("a|b\nc")).toBe("a\\|b c");
  });

  it("escapes HTML and Markdown syntax with backslashes", () => {
    expect(escapeMarkdownCell("<img src=x onerror=alert(1)>")).toBe("\\<img src=x onerror=alert(1)\\>");
    expect(escapeMarkdownCell("*bold* _it_ `code` [l](u) ~s~ &amp;")).toBe(
      "\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) \\~s\\~ \\&amp;",
    );
  });

  it("escapes a backslash so it cannot un-escape a following pipe", () => {
    expect(escapeMarkdownCell("a\\|b")).toBe("a\\\\\\|b");
  });

  it("strips terminal escapes too", () => {
    expect(escapeMarkdownCell("\u001b[31mred\u001b[0m")).toBe("red");
  });
});

describe("neutralizeCsvCell", () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["@SUM(1)", "'@SUM(1)"],
    ["-2+3", "'-2+3"],
    ["+1", "'+1"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["  =1", "'  =1"],
  ])("prefixes %j with a quote", (input, expected) => {
    expect(neutralizeCsvCell(input)).toBe(expected);
  });

  it.each(["backstage", "a=b", "1042", "", "2026-09-01T16:00:00.000Z"])("leaves %j alone", (input) => {
    expect(neutralizeCsvCell(input)).toBe(input);
  });
});
