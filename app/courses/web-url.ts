// The only links course content may carry: http:, https:, or a path on this site. `javascript:`, `data:`,
// `vbscript:` and the like would run in the reader's page (only the CSP stands in their way), so they are refused
// by the course check AND dropped again when a page renders, in case a value reached the database another way.

const BASE = "https://course-link.invalid";

export function isWebUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return false;
  // URL parsers drop tabs and newlines and ignore leading spaces (`java\tscript:` is `javascript:`): refuse them.
  if (/[\u0000-\u0020\u007f]/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return false;
  }
  return url.protocol === "https:" || url.protocol === "http:";
}

/** The URL when it may be a link, else undefined (render the text without a link). */
export function webHref(value: unknown): string | undefined {
  return isWebUrl(value) ? value : undefined;
}
