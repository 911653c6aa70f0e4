import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "./remix.config.js";
import { browserI18next, i18nSections } from "./scripts/i18n-sections";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [browserI18next(), remix(remixOptions), i18nSections()],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname, "#db": new URL("./db", import.meta.url).pathname } },
  server: { port: 3000 },
  // Vite's dependency scan follows route modules into their server-only imports and, in `npm run dev`, tried to
  // bundle the native password hasher for the browser; that failure left every pre-bundled dependency outdated
  // (504s, route modules that would not load). The browser never imports it.
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  build: {
    target: "es2022",
    // Chunks of a kilobyte or two (the language list, formatters, locale loader) each cost a request on a cold
    // load; Rollup folds chunks under 3 kB into a chunk that is loaded with them anyway (ADR 0021).
    rollupOptions: { output: { experimentalMinChunkSize: 3_000 } },
  },
});
