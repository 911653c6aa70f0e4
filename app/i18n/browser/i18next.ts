// The browser's i18next: what Lexmigra's pages use of it (one namespace, `{{name}}` interpolation without escaping,
// plurals by Intl.PluralRules with `_one`/`_other`…, `defaultValue`, a fallback language, changeLanguage) in 1 kB
// instead of i18next's 14 kB on every cold page (ADR 0052). The client build resolves "i18next" here
// (scripts/i18n-sections.ts); the server renders with the real i18next, and tests/unit/browser-i18next.test.ts checks
// that both give the same text for every key of every locale, so hydration never sees a difference.
import type { Translations } from "../units";

type Options = { [name: string]: unknown; count?: unknown; defaultValue?: unknown };
type InitOptions = { lng?: string; fallbackLng?: string | false; resources?: Record<string, { translation?: Translations }> };
export type TFunction = (key: string, options?: Options) => string;

const INTERPOLATION = /\{\{(.+?)\}\}/g;

function lookup(tree: Translations | undefined, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Translations)[part];
  }
  return node;
}

function merge(into: Translations, from: Translations) {
  for (const [name, value] of Object.entries(from)) {
    const held = into[name];
    if (typeof value === "object" && typeof held === "object") merge(held, value);
    else into[name] = typeof value === "object" ? merge({}, value) : value;
  }
  return into;
}

// i18next's rules: a name the options do not have stays as written; one they have as undefined or null is empty.
function interpolate(text: string, options: Options | undefined): string {
  if (!options) return text;
  return text.replace(INTERPOLATION, (whole, name: string) => {
    const path = name.trim().split(".");
    let node: unknown = options;
    for (const part of path) {
      if (typeof node !== "object" || node === null || !(part in node)) return whole;
      node = (node as Record<string, unknown>)[part];
    }
    return node === undefined || node === null ? "" : String(node);
  });
}

export class BrowserI18n {
  language = "";
  isInitialized = false;
  private fallbackLng: string | false = false;
  private readonly bundles = new Map<string, Translations>();
  private readonly listeners = new Set<(lng: string) => void>();
  private readonly plurals = new Map<string, Intl.PluralRules>();

  use(_plugin: unknown) {
    return this;
  }

  async init(options: InitOptions) {
    for (const [lng, namespaces] of Object.entries(options.resources ?? {})) this.addResourceBundle(lng, "translation", namespaces.translation ?? {});
    this.fallbackLng = options.fallbackLng ?? false;
    this.language = options.lng ?? (this.fallbackLng || "en");
    this.isInitialized = true;
    return this.t;
  }

  addResourceBundle(lng: string, _ns: string, resources: Translations, _deep = true, _overwrite = true) {
    const held = this.bundles.get(lng) ?? {};
    this.bundles.set(lng, merge(held, resources));
    return this;
  }

  async changeLanguage(lng: string) {
    this.language = lng;
    for (const listener of this.listeners) listener(lng);
    return this.t;
  }

  on(_event: "languageChanged", listener: (lng: string) => void) {
    this.listeners.add(listener);
  }

  off(_event: "languageChanged", listener: (lng: string) => void) {
    this.listeners.delete(listener);
  }

  private find(lng: string, key: string, count: unknown): string | undefined {
    const tree = this.bundles.get(lng);
    if (typeof count === "number") {
      let rules = this.plurals.get(lng);
      if (!rules) this.plurals.set(lng, (rules = new Intl.PluralRules(lng)));
      const plural = lookup(tree, `${key}_${rules.select(count)}`) ?? lookup(tree, `${key}_other`);
      if (typeof plural === "string") return plural;
    }
    const value = lookup(tree, key);
    if (typeof value === "string") return value;
    if (value !== undefined) return `key '${key} (${lng})' returned an object instead of string.`;
    return undefined;
  }

  getFixedT(lng: string): TFunction {
    return (key, options) => {
      const count = options?.count;
      let text = this.find(lng, key, count);
      if (text === undefined && this.fallbackLng && this.fallbackLng !== lng) text = this.find(this.fallbackLng, key, count);
      if (text === undefined) text = typeof options?.defaultValue === "string" ? options.defaultValue : key;
      return interpolate(text, options);
    };
  }

  t: TFunction = (key, options) => this.getFixedT(this.language)(key, options);
}

const i18next = new BrowserI18n();
export default i18next;
