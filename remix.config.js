/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The Express server is compiled with the app, so one `node build/index.js` serves everything.
  server: "./app/server.ts",
  serverBuildPath: "build/index.js",
  serverModuleFormat: "esm",
  future: {
    v3_fetcherPersist: true,
    v3_lazyRouteDiscovery: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
  },
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
};
