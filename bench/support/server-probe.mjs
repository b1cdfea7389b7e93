// Loaded into the app server with `node --import` by bench/support/server.ts (plain JavaScript:
// the production server runs without a TypeScript loader). It counts, inside the real server,
// every statement sent to the database driver (pg or PGlite, BEGIN and COMMIT included) and every
// HTTP request by kind, and prints both as one JSON line on SIGUSR2.
import http from "node:http";
import pg from "pg";

let statements = 0;
const requests = {};
/** The start of the last statements sent, to show which statements a request sent. */
const recent = [];

function countQueries(prototype) {
  const query = prototype.query;
  prototype.query = function countedQuery(...args) {
    statements += 1;
    const text = typeof args[0] === "string" ? args[0] : args[0]?.text;
    recent.push(String(text ?? "?").replace(/\s+/g, " ").slice(0, 90));
    if (recent.length > 20) recent.shift();
    return query.apply(this, args);
  };
}
countQueries(pg.Client.prototype);
if (!process.env.DATABASE_URL) {
  const { PGlite } = await import("@electric-sql/pglite");
  countQueries(PGlite.prototype);
}

/** The kinds of request a board makes; `_data` names the route whose loader or action runs. */
function kindOf(method, url) {
  const parsed = new URL(url, "http://bench");
  const data = parsed.searchParams.get("_data");
  if (/^\/plans\/[^/]+\/events$/.test(parsed.pathname)) return "events";
  if (/^\/plans\/[^/]+$/.test(parsed.pathname)) {
    if (method === "POST") return "board action";
    if (data === null) return "board document";
    return data === "routes/plans.$planId" ? "board loader" : `loader ${data}`;
  }
  if (data !== null) return `loader ${data}`;
  return method === "GET" ? "other GET" : `other ${method}`;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function countedEmit(event, ...args) {
  if (event === "request") {
    const [request] = args;
    const kind = kindOf(request.method, request.url);
    requests[kind] = (requests[kind] ?? 0) + 1;
  }
  return emit.call(this, event, ...args);
};

process.on("SIGUSR2", () => {
  process.stdout.write(`bench-probe ${JSON.stringify({ statements, requests, recent })}\n`);
});
