// The browser's small i18next (app/i18n/browser/) must write exactly what the real i18next writes on the server for
// every key of every locale, with and without values and counts: a difference would be a hydration mismatch, or a
// page that changes its words once JavaScript starts (ADR 0052).
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { BrowserI18n } from "~/i18n/browser/i18next";
import { i18nConfig } from "~/i18n/config";
import { leaves, LOCALES, PLURAL, type Tree } from "./locale-tree";

async function both(lng: string, resources: Record<string, { translation: Tree }>) {
  const real = createInstance();
  await real.init({ ...i18nConfig, lng, resources, initImmediate: false });
  const small = new BrowserI18n();
  await small.init({ ...i18nConfig, lng, resources });
  return { real: real.getFixedT(lng), small: small.getFixedT(lng) };
}

describe("the browser's i18next", () => {
  for (const [lng, tree] of Object.entries(LOCALES)) {
    it(`writes what i18next writes for every key in ${lng}`, async () => {
      // Only the page's language is in the browser, as in a real page; the server's fallback is not shipped.
      const { real, small } = await both(lng, { [lng]: { translation: tree } });
      const keys = new Map<string, Set<string>>();
      for (const [key, text] of leaves(tree)) {
        const base = key.replace(PLURAL, "");
        const names = keys.get(base) ?? new Set<string>();
        for (const m of text.matchAll(/\{\{(.+?)\}\}/g)) names.add(m[1].trim());
        keys.set(base, names);
      }
      let compared = 0;
      for (const [key, names] of keys) {
        const values = Object.fromEntries([...names].map((n) => [n, `«${n}»`]));
        const cases = [undefined, {}, values, ...[0, 1, 2, 5, 21, 1.5].map((count) => ({ ...values, count }))];
        for (const options of cases) {
          expect(small(key, options), `${lng} ${key} ${JSON.stringify(options)}`).toBe(real(key, options));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(1000);
    });
  }

  it("treats missing keys, objects, absent and empty values, defaults and the fallback language as i18next does", async () => {
    const resources = {
      fr: { translation: { a: "x {{v}} y {{ w }} {{o.p}}", n_one: "{{count}} un", n_other: "{{count}} plus", obj: { k: "v" }, only: "juste {{count}}" } },
      en: { translation: { onlyEnglish: "English {{v}}", n_one: "one", n_other: "{{count}} many" } },
    };
    const { real, small } = await both("fr", resources);
    const cases: [string, Record<string, unknown>?][] = [
      ["a"],
      ["a", {}],
      ["a", { v: 1, w: null, o: { p: "P" } }],
      ["a", { v: undefined, w: true }],
      ["n", { count: 0 }],
      ["n", { count: 2 }],
      ["n"],
      ["missing.key"],
      ["missing.key", { defaultValue: "d {{v}}", v: 2 }],
      ["obj"],
      ["obj.k"],
      ["only", { count: 3 }],
      ["onlyEnglish", { v: "!" }],
    ];
    for (const [key, options] of cases) expect(small(key, options), `${key} ${JSON.stringify(options)}`).toBe(real(key, options));
  });
});
