import type { Db } from "./db.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    /** The client's address as the server sees it (behind a proxy: as TRUST_PROXY allows). */
    clientAddress: string;
    /** This response's Content-Security-Policy nonce, for the scripts Remix renders inline. */
    cspNonce: string;
  }
}

export {};
