// The course bibliography as learners read it: each instrument under its official name in their language
// (courses/README.md, Localised bibliography), and only fields meant for them.
import type { Language } from "./format";
import { isSafeHref } from "./safe-href";

export type SourceNames = { title: string; short: string };

export type StoredSource = SourceNames & {
  key: string;
  year: number;
  reference?: string;
  url?: string;
  localized?: Partial<Record<Language, SourceNames>>;
};

/** The entry's title and short name in `language`, else the course's default-language ones. */
export function sourceIn(entry: SourceNames & { localized?: Partial<Record<Language, SourceNames>> }, language: string | undefined): SourceNames {
  const localized = language ? entry.localized?.[language as Language] : undefined;
  return localized ? { title: localized.title, short: localized.short } : { title: entry.title, short: entry.short };
}

export type LearnerSource = SourceNames & { key: string; year: number; reference: string | null; url: string | null };

/**
 * A bibliography entry for a learner page, built field by field so that nothing else the format stores
 * (reviewer notes, the other languages) reaches the browser; a URL that is not http(s) is not rendered.
 */
export function learnerSource(entry: StoredSource, language: string): LearnerSource {
  return {
    key: entry.key,
    ...sourceIn(entry, language),
    year: entry.year,
    reference: entry.reference ?? null,
    url: entry.url !== undefined && isSafeHref(entry.url) ? entry.url : null,
  };
}
