import { randomBytes } from "node:crypto";
import * as build from "@remix-run/dev/server-build";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { demoOrganisationExists } from "~/models/demo.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { isAllowedOrigin, securityHeaders } from "~/utils/http-security.server";

async function main() {
  const env = getEnv();
  const db = await getDb();
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
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => ({
        db,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: String(res.locals.cspNonce),
      }),
    }),
  );

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
