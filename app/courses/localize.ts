import type { Localized } from "#db/schema/courses";

/** The text in the reader's language, else in the course's default language (courses/README.md, Translations). */
export function localize<T>(text: Localized<T>, locale: string, defaultLanguage: string): T {
  const value = text[locale as keyof Localized<T>] ?? text[defaultLanguage as keyof Localized<T>];
  if (value === undefined) throw new Error(`no text in ${locale} or ${defaultLanguage}`);
  return value;
}
