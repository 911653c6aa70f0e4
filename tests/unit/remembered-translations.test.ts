// The server's i18next instances keep what `t` returned (rememberingTranslations, ADR 0038): these tests hold every
// key of every locale, through the same fixed `t` react-i18next uses, to a fresh instance that remembers nothing, and
// check what is remembered and what is passed through.
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LANGUAGES, i18nConfig } from "~/i18n/config";
import { i18nFor, rememberingTranslations, resources } from "~/i18n/i18next.server";

function leafKeys(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([name, value]) =>
    value && typeof value === "object" ? leafKeys(value as Record<string, unknown>, `${prefix}${name}.`) : [`${prefix}${name}`],
  );
}

// Plural keys are looked up by their base name with a count; the rest as they are.
const callKeys = (locale: (typeof SUPPORTED_LANGUAGES)[number]) => [
  ...new Set(leafKeys(resources[locale].translation).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ""))),
];

describe("remembered translations", () => {
  it.each(SUPPORTED_LANGUAGES)("gives, in %s, for every key, plain and with values, what a fresh instance gives, on first and later calls", (locale) => {
    const fresh = createInstance();
    void fresh.init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
    // The fixed `t` react-i18next's useTranslation makes: lng null, one namespace.
    const remembering = i18nFor(locale).getFixedT(null, "translation");
    const plain = fresh.getFixedT(null, "translation");
    const keys = callKeys(locale);
    expect(keys.length).toBeGreaterThan(500);
    for (let round = 0; round < 2; round++) {
      for (const key of keys) {
        for (const options of [undefined, { count: 1 }, { count: 7, name: "Ana", date: "1 May", percent: 80, languages: "English" }]) {
          expect(remembering(key, options), `${key} ${JSON.stringify(options)}`).toBe(plain(key, options));
        }
      }
    }
    // Different values after the same key: each call's own text, not the first one remembered.
    expect(remembering("catalog.hours", { count: 1 })).not.toBe(remembering("catalog.hours", { count: 3 }));
  });

  it("translates a call once per key and values, and passes through calls it cannot key", () => {
    const calls: unknown[][] = [];
    const t = rememberingTranslations((...args: unknown[]) => {
      calls.push(args);
      return `text ${calls.length}`;
    });
    expect(t("a")).toBe("text 1");
    expect(t("a")).toBe("text 1");
    expect(t("a", { count: 2, lngs: null })).toBe("text 2");
    expect(t("a", { count: 2, lngs: null })).toBe("text 2");
    // The same value as a string and as a number, or null and "null", are different calls.
    expect(t("a", { count: "2", lngs: null })).toBe("text 3");
    expect(t("a", { count: 2, lngs: "null" })).toBe("text 4");
    // A value that spells out other options does not pass for them.
    expect(t("a", { name: "x|5:countn1:3" })).toBe("text 5");
    expect(t("a", { name: "x", count: 3 })).toBe("text 6");
    // Objects and arrays among the options, or a third argument: translated on every call.
    expect(t("a", { list: ["x"] })).toBe("text 7");
    expect(t("a", { list: ["x"] })).toBe("text 8");
    expect(t("a", {}, "default")).toBe("text 9");
    expect(t("a", {}, "default")).toBe("text 10");
    expect(calls).toHaveLength(10);
  });

  it("makes react-i18next's fixed `t` once per language, namespace and key prefix, and keeps its options apart", () => {
    const en = i18nFor("en");
    // useTranslation asks for it on every render: the same function each time, in front of i18next's.
    expect(en.getFixedT(null, "translation")).toBe(en.getFixedT(null, "translation"));
    expect(en.getFixedT(null, "translation")).not.toBe(en.getFixedT(null, "translation", "catalog"));
    expect((en.getFixedT(null, "translation") as unknown as { ns: string }).ns).toBe("translation");
    // A key prefix, a language named in the call, and the instance's own language each give their own text.
    const fresh = createInstance();
    void fresh.init({ ...i18nConfig, lng: "en", resources, initImmediate: false });
    expect(en.getFixedT(null, "translation", "catalog")("title")).toBe(fresh.t("catalog.title"));
    expect(en.getFixedT("fr", "translation")("catalog.title")).toBe(fresh.t("catalog.title", { lng: "fr" }));
    expect(en.getFixedT("fr", "translation")("catalog.title")).not.toBe(en.getFixedT(null, "translation")("catalog.title"));
    expect(i18nFor("es").getFixedT(null, "translation")("catalog.title")).toBe(fresh.t("catalog.title", { lng: "es" }));
    // Not plain strings: i18next's own fixed `t`, made on each call, still right.
    const both = en.getFixedT(["fr", "en"], "translation");
    expect(both).not.toBe(en.getFixedT(["fr", "en"], "translation"));
    expect(both("catalog.title")).toBe(fresh.t("catalog.title", { lng: "fr" }));
  });

  it("does not keep what is not a string", () => {
    let n = 0;
    const t = rememberingTranslations((..._args: unknown[]) => ({ n: ++n }));
    expect(t("tree", { returnObjects: true })).toEqual({ n: 1 });
    expect(t("tree", { returnObjects: true })).toEqual({ n: 2 });
  });
});
