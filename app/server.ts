import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import * as build from "@remix-run/dev/server-build";
// The Express adapter's own request conversion, so the Fetch-level handler can be wrapped in between.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler, type AppLoadContext } from "@remix-run/node";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import { demoOrganisationExists } from "~/models/demo.server";
import { configureProviderFromEnvironment } from "~/models/identity-provider.server";
import { rememberSessions } from "~/models/remembered-sessions.server";
import { environmentProvider } from "~/schemas/identity-provider";
import { answeringDatabaseFaults, isDatabaseUnavailable } from "~/utils/database-faults.server";
import { keepingVacuumed } from "~/utils/embedded-vacuum.server";
import { endEventStreams } from "~/utils/event-stream.server";
import { liveHubFor } from "~/utils/live-events.server";
import { getDb, type Db } from "~/utils/db.server";
import { getEnv, type Env } from "~/utils/env.server";
import { isAllowedOrigin, securityHeaders } from "~/utils/http-security.server";
import { limitingRequestSize } from "~/utils/request-limits.server";
import { withContentLength } from "~/utils/response-length.server";

const START_RETRY_MAX_MS = 10_000;

/** The database, opened (and migrated unless `migrated`); if it is away at start, tried again until it answers. */
async function openWhenReachable(options: { migrated?: boolean } = {}): Promise<Db> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getDb(options);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const delay = Math.min(START_RETRY_MAX_MS, 250 * 2 ** attempt);
      console.error(`Database unavailable at start (${error instanceof Error ? error.message : String(error)}); trying again in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The database migrated and the environment's provider written: once per start, before any request. */
async function prepareDatabase(env: Env): Promise<Db> {
  const oidcProvider = environmentProvider(env);
  const db = await openWhenReachable();
  if (oidcProvider) await configureProviderFromEnvironment(db, oidcProvider);
  if (env.mode === "production" && (await demoOrganisationExists(db))) {
    throw new Error("This database holds the demo data: demo accounts never run in production. Use another database.");
  }
  return db;
}

/** A process that exits is replaced after this long, doubled for each one that exits before it serves. */
const REPLACE_AFTER_MS = 1_000;
const REPLACE_AFTER_MAX_MS = 30_000;
/** On SIGTERM, how long requests under way get to finish (live streams end at once). */
const REQUESTS_FINISH_MS = 8_000;
/** On SIGTERM, how long live events published and not yet sent get, once requests are done. */
const EVENTS_SEND_MS = 500;
/**
 * How long an idle keep-alive connection stays open. Node's 5 s is shorter than what proxies
 * (nginx's upstream keepalive, cloud load balancers: 60 s) and HTTP clients without a timeout of
 * their own hold theirs: the server then closes a connection just as the client sends on it, and
 * that request fails with a reset. Longer than 60 s, the client closes first.
 */
const IDLE_CONNECTION_MS = 65_000;
/** On SIGTERM, how long the processes get to stop before the supervisor kills them. */
const STOP_GRACE_MS = 9_000;

/**
 * Several server processes on one port (PostgreSQL only): this one migrates the database, starts
 * the others, replaces one that exits, and stops them all on SIGTERM. Live events reach every
 * process through the database's NOTIFY, as they would reach several instances.
 */
async function supervise(env: Env) {
  await (await prepareDatabase(env)).destroy();
  const running = new Map<number, Worker>();
  const listening = new Set<number>();
  let started = false;
  let stopping = false;
  let replaceAfterMs = REPLACE_AFTER_MS;
  const start = () => {
    const worker = cluster.fork();
    running.set(worker.id, worker);
  };
  const stop = (exitCode: number) => {
    stopping = true;
    process.exitCode = Math.max(Number(process.exitCode ?? 0), exitCode);
    if (running.size === 0) process.exit();
    for (const worker of running.values()) worker.process.kill("SIGTERM");
    setTimeout(() => {
      console.error(`Server processes ${[...running.values()].map((worker) => worker.process.pid).join(", ")} did not stop in ${STOP_GRACE_MS} ms; killed`);
      for (const worker of running.values()) worker.process.kill("SIGKILL");
      process.exit();
    }, STOP_GRACE_MS).unref();
  };
  cluster.on("listening", (worker) => {
    listening.add(worker.id);
    replaceAfterMs = REPLACE_AFTER_MS;
    if (!started && listening.size === env.serverProcesses) {
      started = true;
      console.log(`Planboard (${env.mode}) listening on http://localhost:${env.PORT} (PostgreSQL, ${env.serverProcesses} processes)`);
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    running.delete(worker.id);
    const served = listening.delete(worker.id);
    if (stopping) {
      if (running.size === 0) process.exit();
    } else if (!started) {
      // One failed before the server ever served (a taken port, a bad setting): the others would fail alike.
      console.error(`Server process ${worker.process.pid} exited at start (${signal ?? code}); stopping`);
      stop(1);
    } else {
      // Once the server has served, the others go on serving while this one is replaced, however often it fails.
      console.error(`Server process ${worker.process.pid} exited (${signal ?? code}); starting another in ${replaceAfterMs} ms`);
      setTimeout(() => void (stopping || start()), replaceAfterMs);
      if (!served) replaceAfterMs = Math.min(REPLACE_AFTER_MAX_MS, replaceAfterMs * 2);
    }
  });
  for (let count = 0; count < env.serverProcesses; count++) start();
  process.once("SIGINT", () => stop(0));
  process.once("SIGTERM", () => stop(0));
}

/** Serves requests: the only process, or one of several (`supervise` prepared the database then). */
async function serve(env: Env) {
  const db = cluster.isWorker ? await openWhenReachable({ migrated: true }) : await prepareDatabase(env);
  // The process before this one may have stopped with moves committed and their events unsent.
  liveHubFor(db).announceEventsLost();
  rememberSessions(db);
  // PostgreSQL vacuums by itself; PGlite, which has no autovacuum, is vacuumed by its one process.
  const stopVacuuming = env.DATABASE_URL ? undefined : keepingVacuumed(db);

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

  // The build's scripts and stylesheets as `npm run build` compressed them (scripts/precompress-assets.mjs).
  app.use("/build", expressStaticGzip("public/build", { enableBrotli: true, orderPreference: ["br", "gzip"], serveStatic: { immutable: true, maxAge: "1y" } }));
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
    if (cluster.isWorker) return;
    const database = env.DATABASE_URL ? "PostgreSQL" : `PGlite in ${env.DATA_DIR}`;
    console.log(`Planboard (${env.mode}) listening on http://localhost:${env.PORT} (${database})`);
  });
  server.keepAliveTimeout = IDLE_CONNECTION_MS;

  // Live streams never end by themselves: they end at once (browsers reconnect, to another instance
  // if there is one, and catch up). Other requests under way get a while to finish, then are cut.
  const shutdown = () => {
    stopVacuuming?.();
    server.close(() => void liveHubFor(db).sent(EVENTS_SEND_MS).then(() => db.destroy()).finally(() => process.exit(0)));
    endEventStreams();
    setTimeout(() => server.closeAllConnections(), REQUESTS_FINISH_MS).unref();
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

function main() {
  const env = getEnv();
  return cluster.isPrimary && env.serverProcesses > 1 ? supervise(env) : serve(env);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
