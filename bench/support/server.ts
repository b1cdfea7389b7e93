import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { processAndChildren } from "./cpu";

const sourcePaths = ["app", "db", "remix.config.js", "package.json", "package-lock.json", "scripts/build.mjs", "scripts/precompress-assets.mjs"];

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
  // A production build, whoever asks: under vitest NODE_ENV is "test", and Remix would then build
  // with React's development JSX, which the production server cannot run.
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}

/** The first free port of 4500–4599 (the range this machine's benchmarks may use). */
async function freePort(): Promise<number> {
  for (let port = 4500; port < 4600; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("no free port in 4500-4599");
}

/** What bench/support/server-probe.mjs counted inside the server since it started. */
export interface ProbeCounts {
  statements: number;
  requests: Record<string, number>;
  /** The first characters of the last (up to 20) statements. */
  recent: string[];
  /** The requests each server process received, by kind (one entry unless it runs several). */
  processes: Array<{ pid: number; requests: Record<string, number> }>;
}

export interface RunningServer {
  origin: string;
  pid: number;
  /** The server's counters now. */
  probe(): Promise<ProbeCounts>;
  /** Lines the server wrote that mention an error. */
  errors(): string[];
  /** The server's peak resident memory so far (VmHWM; summed over its processes when it runs several), in bytes. */
  peakMemoryBytes(): number;
  /** False once the process has exited (for tests that check it survives a fault). */
  alive(): boolean;
  /** How it ended: its exit code, or the signal that ended it; null while it runs. */
  ended(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** The last part of what it wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

const probeScript = new URL("./server-probe.mjs", import.meta.url);

/**
 * Starts the production build (`node build/index.js`, NODE_ENV=production) on a free port, on
 * PGlite in `dataDir` or on the PostgreSQL database `databaseUrl`, with the bench's probe loaded;
 * resolves once /healthz answers.
 */
export async function startServer(options: {
  root: string;
  database: { databaseUrl: string } | { dataDir: string };
  sessionSecret: string;
  timeoutMs?: number;
  /** A port of your choosing; a free one otherwise. */
  port?: number;
  /** SERVER_PROCESSES; the server's own default (one per two CPUs, 1 to 4, on PostgreSQL) otherwise. */
  processes?: number;
}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", probeScript.href, "build/index.js"], {
    cwd: options.root,
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      NODE_ENV: "production",
      DATABASE_URL: "databaseUrl" in options.database ? options.database.databaseUrl : "",
      DATA_DIR: "dataDir" in options.database ? options.database.dataDir : "",
      PORT: String(port),
      PLANBOARD_DEMO: "0",
      SESSION_SECRET: options.sessionSecret,
      SERVER_PROCESSES: options.processes === undefined ? "" : String(options.processes),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const errorLines: string[] = [];
  const probeWaiters: Array<(counts: ProbeCounts) => void> = [];
  let pending = "";
  child.stdout.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.startsWith("bench-probe ")) probeWaiters.shift()?.(JSON.parse(line.slice("bench-probe ".length)) as ProbeCounts);
      else {
        output = (output + line + "\n").slice(-20_000);
        if (/error/i.test(line) && errorLines.length < 20) errorLines.push(line);
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-20_000);
    for (const line of text.split("\n")) if (line.trim() !== "" && errorLines.length < 20) errorLines.push(line);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const pid = child.pid;
  if (pid === undefined) throw new Error("the server did not start");

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
  const probe = async () => {
    const counts = new Promise<ProbeCounts>((resolve) => probeWaiters.push(resolve));
    child.kill("SIGUSR2");
    const answer = await Promise.race([counts, sleep(5000).then(() => null)]);
    if (!answer) throw new Error(`the server's probe did not answer:\n${output}`);
    return answer;
  };
  // Several server processes: the sum of their peaks.
  const peakMemoryBytes = () =>
    processAndChildren(pid).reduce((sum, process) => {
      const status = existsSync(`/proc/${process}/status`) ? readFileSync(`/proc/${process}/status`, "utf8") : "";
      const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
      return match ? sum + Number(match[1]) * 1024 : sum;
    }, 0);

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
      const healthy = await fetch(`${origin}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      // Several processes: the first answers /healthz before the others listen; all have once this is logged.
      if (healthy && /listening on http/.test(output)) {
        const alive = () => child.exitCode === null && child.signalCode === null;
        const ended = () => (alive() ? null : { code: child.exitCode, signal: child.signalCode });
        return { origin, pid, probe, errors: () => [...errorLines], peakMemoryBytes, alive, ended, output: () => output, stop };
      }
      await sleep(200);
    }
    throw new Error(`the server did not answer ${origin}/healthz in time:\n${output}`);
  } catch (error) {
    await stop();
    throw error;
  }
}
