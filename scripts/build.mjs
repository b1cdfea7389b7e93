// `remix build`, ending esbuild's service before the process exits.
//
// The classic Remix compiler never disposes of its esbuild contexts, and its CLI ends with
// process.exit(). esbuild's service (a Go program the compiler talks to over a pipe) pings its
// parent every second; when the parent exits while a ping is unanswered, the service waits for an
// answer that cannot come and Go aborts it with "fatal error: all goroutines are asleep -
// deadlock!" and a goroutine dump: harmless, since the build is written by then, but it reads as a
// crash (evanw/esbuild#3287, #3636). Stopping the service with a signal once the build is written
// ends it without that.
import childProcess from "node:child_process";
import { precompressAssets } from "./precompress-assets.mjs";

const services = [];
const spawn = childProcess.spawn;
childProcess.spawn = function spawnRecordingEsbuild(...args) {
  const child = spawn.apply(this, args);
  if (Array.isArray(args[1]) && args[1].some((arg) => String(arg).startsWith("--service="))) services.push(child);
  return child;
};

// Remix loads Vite's CommonJS entry, which warns that it is deprecated: nothing a reader can act on.
process.env.VITE_CJS_IGNORE_WARNING ??= "true";
const { cli } = await import("@remix-run/dev");
await cli.run(["build", ...process.argv.slice(2)]);
if (services.length === 0) console.warn("scripts/build.mjs: no esbuild service seen to stop");
for (const service of services) service.kill();
await precompressAssets("public/build");
process.exit(0);
