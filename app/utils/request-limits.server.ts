/**
 * Size limits on what a request may bring, checked before anything reads it. Headers are
 * limited by Node's HTTP parser itself (`maxHeaderSize`, 16 KiB by default: 431).
 */
export const REQUEST_LIMITS = {
  /** Path and query. */
  urlBytes: 8 * 1024,
  /**
   * Any request body. The app takes no uploads; its largest form (an assignment with a
   * 10,000-character description, percent-encoded) stays well under this.
   */
  bodyBytes: 256 * 1024,
  /**
   * What is read and thrown away after a body is refused: closing at once, with the client still
   * sending, resets the connection and the client may lose the 413 itself. Clients stop sending
   * when the answer comes; one that does not is cut off here.
   */
  discardBytes: 32 * 1024 * 1024,
} as const;

/** The one address that takes an upload: a Trello board export, up to `IMPORT_MAX_MB`. */
export const IMPORT_PATH = "/plans/import";

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

function refuse(status: 413 | 414, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Reads and drops the rest of a refused body, up to the discard limit; then the connection is cut. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let left = REQUEST_LIMITS.discardBytes;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      left -= value.byteLength;
      if (left < 0) return void (await reader.cancel());
    }
  } catch {
    // the client went away
  }
}

/** The whole body, or null as soon as it passes `limit` bytes (the rest is discarded meanwhile, never kept). */
async function readUpTo(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return new Uint8Array(Buffer.concat(chunks));
    size += value.byteLength;
    if (size > limit) {
      void discard(reader);
      return null;
    }
    chunks.push(value);
  }
}

/**
 * Wraps a Fetch-level handler: a URL longer than the limit gets 414, a body larger than the
 * limit 413, whether its Content-Length says so at once or a chunked body shows it while it is
 * read. A chunked body within the limit reaches the handler whole, as Remix would read it anyway.
 */
export function limitingRequestSize<Context>(handle: Handler<Context>, importMegabytes: number): Handler<Context> {
  const importBytes = importMegabytes * 1024 * 1024;
  return async (request, context) => {
    const url = new URL(request.url);
    if (url.pathname.length + url.search.length > REQUEST_LIMITS.urlBytes) {
      return refuse(414, `Adressen är för lång (högst ${REQUEST_LIMITS.urlBytes} tecken). / The address is too long (at most ${REQUEST_LIMITS.urlBytes} characters).`);
    }
    if (!request.body) return handle(request, context);
    const isImport = url.pathname === IMPORT_PATH;
    const limit = isImport ? importBytes : REQUEST_LIMITS.bodyBytes;
    const tooLarge = () =>
      isImport
        ? refuse(413, `Filen är för stor (högst ${importMegabytes} MB). / The file is too large (at most ${importMegabytes} MB).`)
        : refuse(413, `Förfrågan är för stor (högst ${REQUEST_LIMITS.bodyBytes / 1024} kB). / The request is too large (at most ${REQUEST_LIMITS.bodyBytes / 1024} kB).`);
    const declared = request.headers.get("Content-Length")?.trim();
    const declaredBytes = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : null;
    if (declaredBytes !== null && declaredBytes > limit) {
      void discard(request.body.getReader());
      return tooLarge();
    }
    // Node's HTTP parser takes exactly the declared length as the body (and refuses one that is
    // also chunked), so a body that plainly declares a length within the limit brings no more. It
    // goes on as it came: another copy of the request would cost the server CPU, and a cleanup
    // after each major GC (decision 0030). Anything else is read up to the limit.
    if (declaredBytes !== null && !request.headers.has("Transfer-Encoding")) return handle(request, context);
    const body = await readUpTo(request.body, limit);
    if (!body) return tooLarge();
    return handle(new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }), context);
  };
}
