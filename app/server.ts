import { randomBytes } from "node:crypto";
import * as build from "@remix-run/dev/server-build";
// The Express adapter's own request conversion, so the Fetch-level handler can be wrapped in between.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type AppLoadContext } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { demoOrganisationExists } from "~/models/demo.server";
import { configureProviderFromEnvironment } from "~/models/identity-provider.server";
import { environmentProvider } from "~/schemas/identity-provider";
import { answeringDatabaseFaults, isDatabaseUnavailable } from "~/utils/database-faults.server";
import { getDb, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isAllowedOrigin, securityHeaders } from "~/utils/http-security.server";
import { limitingRequestSize } from "~/utils/request-limits.server";
import { withContentLength } from "~/utils/response-length.server";

const START_RETRY_MAX_MS = 10_000;

/** The database, opened and migrated; if it is away at start, tried again until it answers. */
async function openWhenReachable(): Promise<Db> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getDb();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const delay = Math.min(START_RETRY_MAX_MS, 250 * 2 ** attempt);
      console.error(`Database unavailable at start (${error instanceof Error ? error.message : String(error)}); trying again in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function main() {
  const env = getEnv();
  const oidcProvider = environmentProvider(env);
  const db = await openWhenReachable();
  if (oidcProvider) await configureProviderFromEnvironment(db, oidcProvider);
  if (env.mode === "production" && (await demoOrganisationExists(db))) {
    throw new Error("This database holds the demo data: demo accounts never run in production. Use another database.");
  }

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", env.TRUST_PROXY);
  // Event streams must reach the browser as they are written, not when a compression buffer fills.
  app.use(compression({ filter: (req, res) => !req.path.endsWith("/events") && compression.filter(req, res) }));

  app.use((req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(nonce, env.mode));
    const ownOrigin = `${req.protocol}://${req.get("host")}`;
    if (!isAllowedOrigin(req.method, { origin: req.get("origin"), referer: req.get("referer") }, ownOrigin)) {
      res.status(403).type("text/plain").send("Cross-origin request refused.");
      return;
    }
    next();
  });

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  // Remix's Fetch-level handler, wrapped so a request that met an unavailable database gets 503.
  const handleRequest = limitingRequestSize(answeringDatabaseFaults<AppLoadContext>(createRequestHandler(build, build.mode)), env.IMPORT_MAX_MB);
  app.all("*", async (req, res, next) => {
    try {
      const context: AppLoadContext = {
        db,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: String(res.locals.cspNonce),
      };
      await sendRemixResponse(res, await withContentLength(await handleRequest(createRemixRequest(req, res), context)));
    } catch (error) {
      next(error);
    }
  });

  const server = app.listen(env.PORT, () => {
    const database = env.DATABASE_URL ? "PostgreSQL" : `PGlite in ${env.DATA_DIR}`;
    console.log(`Planboard (${env.mode}) listening on http://localhost:${env.PORT} (${database})`);
  });

  const shutdown = () => {
    server.close(() => void db.destroy().finally(() => process.exit(0)));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
