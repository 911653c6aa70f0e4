// Languages named in the reader's language ("anglais", "inglés"), not by the endonyms of the language menu: the
// notices that a lesson or course is shown in another language. Kept apart from formatters.ts, whose growth once split
// it into a chunk of its own on the cold lesson page (ADR 0041).

export function languageName(readerLanguage: string, code: string): string {
  return languageNames(readerLanguage, [code])[0];
}

/** "anglais et français". */
export function languageList(readerLanguage: string, codes: readonly string[]): string {
  return new Intl.ListFormat(readerLanguage, { type: "conjunction" }).format(languageNames(readerLanguage, codes));
}

/** One DisplayNames for all the codes of a notice, not one per code. */
function languageNames(readerLanguage: string, codes: readonly string[]): string[] {
  const names = new Intl.DisplayNames(readerLanguage, { type: "language" });
  return codes.map((code) => names.of(code) ?? code);
}
