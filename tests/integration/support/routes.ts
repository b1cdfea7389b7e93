import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";
import { readConfig } from "@remix-run/dev/dist/config.js";

type Handler = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;
export interface RouteModule {
  loader?: Handler;
  action?: Handler;
  default?: unknown;
  ErrorBoundary?: unknown;
  /** The intents the action accepts... */
  intents?: readonly string[];
  /** ...or a mark that it does one thing and reads no intent. */
  singleIntent?: true;
}
export interface Route {
  /** As in Remix's route ids, without the `routes/` prefix: `plans.$planId_.settings`. */
  id: string;
  /** Remix's own route id (`routes/plans.$planId_.settings`) and its parent's. */
  remixId: string;
  parentId: string | undefined;
  /** The URL pattern Remix mounts it at: `plans/:planId/settings`. */
  path: string;
  index: boolean;
  module: RouteModule;
}

// Every route Remix itself mounts, read from its own route manifest: folders with index or route
// files, .js/.jsx modules and whatever else the conventions allow, so none can escape the tests.
export const remixConfig = await readConfig(fileURLToPath(new URL("../../..", import.meta.url)));
export const appRoutes: Route[] = await Promise.all(
  Object.values(remixConfig.routes).map(async (route) => ({
    id: route.id.replace(/^routes\//, ""),
    remixId: route.id,
    parentId: route.parentId,
    path: route.path ?? "",
    index: route.index ?? false,
    module: (await import(/* @vite-ignore */ join(remixConfig.appDirectory, route.file))) as RouteModule,
  })),
);
