// Loaded into the app server with `node --import` by bench/support/server.ts (plain JavaScript:
// the production server runs without a TypeScript loader). It counts, inside the real server,
// every statement sent to the database driver (pg or PGlite, BEGIN and COMMIT included) and every
// HTTP request by kind, and prints both as one JSON line on SIGUSR2 (summed over the server's
// processes when it runs several).
import cluster from "node:cluster";
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
    // Timed on a clock the server's processes share, so their lists merge in order.
    // Shortened when asked for, not here: the probe should cost the server next to nothing per statement.
    recent.push({ at: performance.timeOrigin + performance.now(), text });
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

// Quoted literals (PGlite's EXECUTE of a prepared statement carries its values so) are left out.
const shortened = (text) => String(text ?? "?").slice(0, 400).replace(/'(?:[^']|'')*'/g, "'…'").replace(/\s+/g, " ").slice(0, 90);
const counts = () => ({ pid: process.pid, statements, requests, recent: recent.map((entry) => ({ at: entry.at, text: shortened(entry.text) })) });

/** Several server processes (SERVER_PROCESSES): the supervisor asks each and prints their sum. */
async function countsOfWorkers(workers) {
  const answers = await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => {
          // One that dies meanwhile has nothing more to count.
          const nothing = { pid: worker.process.pid, statements: 0, requests: {}, recent: [] };
          const settle = (counts) => {
            worker.off("message", answer);
            worker.off("exit", gone);
            resolve(counts);
          };
          const answer = (message) => {
            if (message?.benchProbeCounts !== undefined) settle(message.benchProbeCounts);
          };
          const gone = () => settle(nothing);
          if (!worker.isConnected()) return resolve(nothing);
          worker.on("message", answer);
          worker.on("exit", gone);
          worker.send({ benchProbe: true }, (error) => error && gone());
        }),
    ),
  );
  const sum = { statements: 0, requests: {}, recent: [], processes: answers.map((answer) => ({ pid: answer.pid, requests: answer.requests })) };
  for (const answer of answers) {
    sum.statements += answer.statements;
    for (const [kind, count] of Object.entries(answer.requests)) sum.requests[kind] = (sum.requests[kind] ?? 0) + count;
    sum.recent.push(...answer.recent);
  }
  return sum;
}

/** The processes serving (listening): one still starting has not loaded this probe's listener yet. */
const serving = new Map();
if (cluster.isPrimary) {
  cluster.on("listening", (worker) => serving.set(worker.id, worker));
  cluster.on("exit", (worker) => serving.delete(worker.id));
}

if (cluster.isWorker) {
  process.on("message", (message) => {
    if (message?.benchProbe) process.send({ benchProbeCounts: counts() });
  });
}

process.on("SIGUSR2", async () => {
  const workers = [...serving.values()];
  const answer = workers.length > 0 ? await countsOfWorkers(workers) : { ...counts(), processes: [{ pid: process.pid, requests }] };
  const newest = answer.recent.sort((a, b) => a.at - b.at).slice(-20);
  process.stdout.write(`bench-probe ${JSON.stringify({ ...answer, recent: newest.map((entry) => entry.text) })}\n`);
});
