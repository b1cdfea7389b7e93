import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import * as entry from "~/entry.server";
import { answeringDatabaseFaults } from "~/utils/database-faults.server";
import { appRoutes, remixConfig } from "./routes";

/**
 * Remix's own request handler over the app's routes, wrapped as `app/server.ts` wraps it: what
 * the Express server hands each request to, minus Express (origin check, headers, static files).
 * The routes and entry module are the app's, loaded by vitest; the browser assets manifest is a
 * stand-in, since no client bundle is built (documents name script URLs nobody fetches).
 */
export function appRequestHandler(): (request: Request, context: AppLoadContext) => Promise<Response> {
  const build: ServerBuild = {
    mode: "production",
    entry: { module: entry },
    routes: Object.fromEntries(
      appRoutes.map((route) => [
        route.remixId,
        { id: route.remixId, parentId: route.parentId, path: route.path || undefined, index: route.index, module: route.module as never },
      ]),
    ),
    assets: {
      entry: { module: "/build/entry.client.js", imports: [] },
      routes: Object.fromEntries(
        appRoutes.map((route) => [
          route.remixId,
          {
            id: route.remixId,
            parentId: route.parentId,
            path: route.path || undefined,
            index: route.index,
            module: `/build/${route.remixId}.js`,
            imports: [],
            hasAction: Boolean(route.module.action),
            hasLoader: Boolean(route.module.loader),
            hasClientAction: false,
            hasClientLoader: false,
            hasErrorBoundary: Boolean(route.module.ErrorBoundary),
          },
        ]),
      ),
      url: "/build/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: remixConfig.future as ServerBuild["future"],
    isSpaMode: false,
  };
  return answeringDatabaseFaults<AppLoadContext>(createRequestHandler(build, "production"));
}
