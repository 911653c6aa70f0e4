// The Remix options, kept in their own file so tools other than Vite (and readers) find them; vite.config.ts imports
// them. All v3 future flags are on so the upgrade to React Router 7 is a rename, not a migration.
/** @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/*.test.*"],
  // A second build beside the usual one (benchmarks, profiling) without disturbing a server running from build/.
  buildDirectory: process.env.REMIX_BUILD_DIR ?? "build",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: false,
  },
};
