// CSV exports (compliance reports, question analytics). One place decides how a cell is written, so every export
// opens the same way in spreadsheet programs and none can smuggle a formula into them.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | null | undefined | Date;

// OWASP's CSV-injection guidance: a cell a spreadsheet would evaluate (starting with =, +, -, @, tab or carriage
// return) is written with a leading apostrophe, which spreadsheets show as text and never evaluate. Numbers are
// written as numbers, so a negative figure stays a number.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The CSV text of a table: a header row then the rows, RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order
 * mark so that Excel reads accented and non-Latin names correctly (LibreOffice and Numbers ignore the mark).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const body = stringify([header.map(csvCell), ...rows.map((row) => row.map(csvCell))], { record_delimiter: "\r\n" });
  return `\uFEFF${body}`;
}

/** A download response for a CSV table; the file name is sent both ASCII-safe and in full (RFC 6266 / 5987). */
export function csvResponse(fileName: string, header: readonly string[], rows: readonly (readonly CsvCell[])[]): Response {
  const asciiName = fileName.replace(/[^A-Za-z0-9._-]+/g, "_");
  return new Response(toCsv(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
