import type { Db } from "./db.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
  }
}

export {};
