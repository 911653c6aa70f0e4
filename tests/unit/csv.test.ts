import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvResponse, toCsv } from "~/csv.server";

describe("CSV exports", () => {
  it.each([
    ["=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["Ana-María", "Ana-María"],
  ])("writes %j as text a spreadsheet will not evaluate", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("keeps numbers, including negative ones, as numbers", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(null)).toBe("");
  });

  it("round-trips quotes, commas, line breaks and non-ASCII names behind a BOM with CRLF line ends", () => {
    const text = toCsv(["name", "note"], [["Ñúñez, \"Zoë\"", "line one\nline two"], ["王芳", 7]]);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain("\r\n");
    const rows = parse(text, { bom: true });
    expect(rows).toEqual([["name", "note"], ["Ñúñez, \"Zoë\"", "line one\nline two"], ["王芳", "7"]]);
  });

  it("sends the file name safely in both header forms", () => {
    const response = csvResponse("conformité été.csv", ["a"], [["1"]]);
    expect(response.headers.get("Content-Disposition")).toBe(
      "attachment; filename=\"conformit_t_.csv\"; filename*=UTF-8''conformit%C3%A9%20%C3%A9t%C3%A9.csv",
    );
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  });
});
