import * as build from "@remix-run/dev/server-build";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { getDb } from "~/utils/db.server";
import { readEnv } from "~/utils/env.server";

async function main() {
  const env = readEnv();
  const db = await getDb();

  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: build.mode, getLoadContext: () => ({ db }) }));

  const server = app.listen(env.PORT, () => {
    const database = env.DATABASE_URL ? "PostgreSQL" : `PGlite in ${env.DATA_DIR}`;
    console.log(`Planboard listening on http://localhost:${env.PORT} (${database})`);
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
