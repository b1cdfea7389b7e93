import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const sourcePaths = ["app", "db", "remix.config.js", "package.json", "package-lock.json"];

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path, { recursive: true, encoding: "utf8" })
    .map((entry) => statSync(join(path, entry)).mtimeMs)
    .reduce((newest, time) => Math.max(newest, time), stats.mtimeMs);
}

/**
 * Runs `npm run build` when `build/index.js` is missing or older than the sources it is built
 * from: a stale build would measure code that is no longer there.
 */
export function ensureBuild(root: string): void {
  const serverBuild = join(root, "build/index.js");
  let reason: string | undefined;
  if (!existsSync(serverBuild)) {
    reason = "build/index.js is missing";
  } else {
    const builtAt = statSync(serverBuild).mtimeMs;
    const changed = sourcePaths.filter((path) => {
      const source = join(root, path);
      return existsSync(source) && newestModification(source) > builtAt;
    });
    if (changed.length > 0) reason = `${changed.join(", ")} changed since the last build`;
  }
  if (!reason) return;
  console.log(`Building the app (${reason}) ...`);
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts `node build/index.js` on a free port, on PGlite in `dataDir` or on the PostgreSQL
 * database `databaseUrl`; resolves once /healthz answers.
 */
export async function startServer(options: { root: string; dataDir: string; databaseUrl?: string; timeoutMs?: number }): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["build/index.js"], {
    cwd: options.root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl ?? "",
      DATA_DIR: options.dataDir,
      PORT: String(port),
      PLANBOARD_DEMO: "0",
      SESSION_SECRET: process.env.SESSION_SECRET ?? randomBytes(32).toString("hex"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited;
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
      const healthy = await fetch(`${origin}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return { origin, stop };
      await sleep(200);
    }
    throw new Error(`the server did not answer ${origin}/healthz in time:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
}
