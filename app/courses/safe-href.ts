// One rule for every link target that comes from course files (courses/README.md, URLs), in a module of its own
// so that pages can ask it without pulling the course format's schemas into the browser bundle.

/**
 * Whether a link target may be rendered: http(s) URLs and, where `allowRelative`, same-site paths and fragments.
 * The validator and the pages both ask this one function, so a `javascript:` or `data:` URL that slipped past
 * one of them is still refused by the other.
 */
export function isSafeHref(href: string, { allowRelative = false }: { allowRelative?: boolean } = {}): boolean {
  const value = href.trim();
  if (value === "" || /[\u0000-\u001f\u007f]/.test(value)) return false;
  // A scheme is letters, digits, + . - before the first colon; anything without one is a relative reference,
  // except one starting with two slashes or a backslash, which browsers resolve to another host.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
  if (!scheme) return allowRelative && !/^[\\/]{2}/.test(value) && !value.startsWith("\\");
  if (!["http", "https"].includes(scheme[1].toLowerCase())) return false;
  try {
    const url = new URL(value);
    return url.hostname !== "";
  } catch {
    return false;
  }
}
