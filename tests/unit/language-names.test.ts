import { expect, it } from "vitest";
import { languageList, languageName } from "~/ui/language-names";

it("names languages in the reader's language, alone and as a list", () => {
  expect(languageName("en", "fr")).toBe("French");
  expect(languageName("fr", "en")).toBe("anglais");
  expect(languageList("es", ["en", "fr"])).toBe("inglés y francés");
  expect(languageList("fr", ["en", "fr", "es"])).toBe("anglais, français et espagnol");
  expect(languageList("fr", ["fr"])).toBe("français");
});
