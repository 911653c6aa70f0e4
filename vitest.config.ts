import { defineConfig } from "vitest/config";
import { i18nSections } from "./scripts/i18n-sections";

export default defineConfig({
  // Server modules import the route → locale units table the plugin makes (ADR 0031).
  plugins: [i18nSections()],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname, "#db": new URL("./db", import.meta.url).pathname } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    setupFiles: ["tests/setup-env.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
