import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** What the bench's clients send besides each request's own headers, as Chromium sends them over plain HTTP. */
const BROWSER_HEADERS = { Accept: "*/*", "Accept-Encoding": "gzip, deflate" };

function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "gzip") return gunzipSync(body);
  if (encoding === "deflate") return inflateSync(body);
  if (encoding === "br") return brotliDecompressSync(body);
  return body;
}

/**
 * One request through Node's own HTTP client on a keep-alive `agent`: its status and decoded body,
 * or null if it failed. The bench's clients share the CPUs with the server under test, and undici's
 * fetch cost them about 1.6 times the CPU per request.
 */
export function send(
  agent: http.Agent,
  url: URL,
  request: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...BROWSER_HEADERS, ...request.headers };
    if (request.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(request.body));
    const sent = http.request(url, { method: request.method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: decoded(Buffer.concat(chunks), response.headers["content-encoding"]).toString("utf8") });
        } catch {
          resolve(null);
        }
      });
      response.on("error", () => resolve(null));
    });
    sent.on("error", () => resolve(null));
    sent.end(request.body);
  });
}
