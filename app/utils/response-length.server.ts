/**
 * A JSON answer with its length stated. The compression middleware leaves answers under 1 kB
 * alone only when it knows their length, and Remix streams every answer without one: gzipping
 * each small move answer (a zlib stream set up and torn down per reply) took a sixth of the
 * server's time under the move load. HTML documents state their own (entry.server.tsx).
 */
export async function withContentLength(response: Response): Promise<Response> {
  const isJson = response.headers.get("Content-Type")?.startsWith("application/json") ?? false;
  if (!isJson || response.body === null || response.headers.has("Content-Length")) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
