// Made by the Vite plugin in scripts/i18n-sections.ts: route id → the locale units its import graph uses.
declare module "virtual:lexmigra/route-sections" {
  const routeUnits: Record<string, string[]>;
  export default routeUnits;
}
