// Languages named in the reader's language ("anglais", "inglés"), not by the endonyms of the language menu: the
// notices that a lesson or course is shown in another language. Kept apart from formatters.ts, whose growth once split
// it into a chunk of its own on the cold lesson page (ADR 0041).

export function languageName(readerLanguage: string, code: string): string {
  return new Intl.DisplayNames(readerLanguage, { type: "language" }).of(code) ?? code;
}

/** "anglais et français". */
export function languageList(readerLanguage: string, codes: readonly string[]): string {
  return new Intl.ListFormat(readerLanguage, { type: "conjunction" }).format(codes.map((code) => languageName(readerLanguage, code)));
}
