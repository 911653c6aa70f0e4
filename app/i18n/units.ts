// A part of a locale that a page needs, named by its place: a whole top-level section (course) or one group of a
// section (studio.nav). scripts/i18n-sections.ts computes which units each route uses (ADR 0031).
export type Translations = { [key: string]: string | Translations };

/** Is `unit` covered by what `loaded` already holds (itself, or the whole section it belongs to)? */
export function isCovered(unit: string, loaded: ReadonlySet<string>): boolean {
  return loaded.has(unit) || loaded.has(unit.split(".")[0]);
}

/** The part of `resources` that `units` name, shaped like the locale file, to merge into i18next's resources. */
export function pickUnits(resources: Translations, units: Iterable<string>): Translations {
  const picked: Translations = {};
  for (const unit of units) {
    const [section, group] = unit.split(".");
    const value = resources[section];
    if (value === undefined) continue;
    if (group === undefined || typeof value !== "object") {
      picked[section] = value;
    } else if (value[group] !== undefined && picked[section] !== value) {
      const into = (picked[section] ??= {}) as Translations;
      into[group] = value[group];
    }
  }
  return picked;
}
