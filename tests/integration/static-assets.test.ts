import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { get, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/utils/env.server";
import { ensureBuild, startServer, type RunningServer } from "../../bench/support/server";

const root = fileURLToPath(new URL("../..", import.meta.url));
const shared = join(root, "public/build/_shared");

/** The raw answer, not decoded: what went over the wire. */
function fetchRaw(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    }).on("error", reject);
  });
}

describe("the build's scripts, as the server sends them", () => {
  let server: RunningServer;
  let dataDir: string;
  let script: string;

  beforeAll(async () => {
    ensureBuild(root);
    // The largest shared script: React's, on every page.
    script = readdirSync(shared)
      .filter((name) => name.endsWith(".js"))
      .sort((a, b) => statSync(join(shared, b)).size - statSync(join(shared, a)).size)[0]!;
    dataDir = mkdtempSync(join(tmpdir(), "planboard-assets-"));
    // Ports 4700-4799 are this project's for test servers: this test takes 4790.
    server = await startServer({ root, database: { dataDir }, sessionSecret: getEnv().sessionSecret, port: 4790 });
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // Chromium offers brotli over HTTPS only; over plain HTTP it takes gzip.
  it.each([
    { offered: "gzip, deflate", encoding: "gzip", extension: ".gz" },
    { offered: "gzip, deflate, br, zstd", encoding: "br", extension: ".br" },
  ])("answers $offered with the script compressed at build time ($encoding), byte for byte, not compressed again", async ({ offered, encoding, extension }) => {
    const original = readFileSync(join(shared, script));
    const compressed = readFileSync(join(shared, `${script}${extension}`));
    expect(compressed.length).toBeLessThan(original.length / 2);

    const answer = await fetchRaw(`${server.origin}/build/_shared/${script}`, { "Accept-Encoding": offered });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe(encoding);
    expect(answer.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(answer.headers["cache-control"]).toContain("immutable");
    expect(answer.headers.vary).toContain("Accept-Encoding");
    // Compressed on the fly it would go chunked, without a length, and at another level.
    expect(answer.headers["content-length"]).toBe(String(compressed.length));
    expect(answer.body.equals(compressed)).toBe(true);
    expect((encoding === "br" ? brotliDecompressSync : gunzipSync)(answer.body).equals(original)).toBe(true);
  });

  it("sends the same script uncompressed to a client that takes no gzip", async () => {
    const answer = await fetchRaw(`${server.origin}/build/_shared/${script}`, { "Accept-Encoding": "identity" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.body.equals(readFileSync(join(shared, script)))).toBe(true);
  });

  it("sends a page whole, with its length, to a client that takes no gzip", async () => {
    const answer = await fetchRaw(`${server.origin}/login`, { "Accept-Encoding": "identity" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.headers["transfer-encoding"]).toBeUndefined();
    expect(answer.headers["content-length"]).toBe(String(answer.body.length));
    expect(answer.body.toString("utf8")).toMatch(/^<!DOCTYPE html>[\s\S]*<form[\s\S]*<\/html>$/);
  });

  it("still compresses pages as it sends them", async () => {
    const answer = await fetchRaw(`${server.origin}/login`, { "Accept-Encoding": "gzip" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(answer.body).toString("utf8")).toContain("<form");
  });
});
