import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nProvider } from "~/components/i18n";
import { NonceProvider } from "~/components/nonce";
import { databaseUnavailableResponse, isDatabaseUnavailable, metUnavailableDatabase, noteDatabaseUnavailable } from "~/utils/database-faults.server";
import { serverI18n } from "~/utils/i18n.server";
import { resolveLocale } from "~/utils/locale.server";

const ABORT_DELAY_MS = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A loader met an unavailable database: answer 503 at once instead of rendering the error page.
  if (metUnavailableDatabase(loadContext)) return databaseUnavailableResponse(request);
  const translator = serverI18n(await resolveLocale(request));
  // The whole document, rendered, then sent with its length: no page defers data, so React has
  // everything at once anyway, and the compression middleware then gzips it in one go instead of
  // a few hundred 2 kB writes, each a round trip to zlib's thread (decision 0026).
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Cleared once the document is whole: a timer left running would keep it in memory 5 s more.
    let abortTimer: ReturnType<typeof setTimeout> | undefined;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    sink.on("finish", () => {
      clearTimeout(abortTimer);
      const body = Buffer.concat(chunks);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      responseHeaders.set("Content-Length", String(body.byteLength));
      resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={loadContext.cspNonce}>
        <I18nProvider translator={translator}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />
        </I18nProvider>
      </NonceProvider>,
      {
        nonce: loadContext.cspNonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    abortTimer = setTimeout(abort, ABORT_DELAY_MS);
  });
}

/**
 * Errors thrown by loaders and actions. One that means the database is away marks the request,
 * so the server's wrapper (answeringDatabaseFaults) answers it 503 instead of 500. Remix also
 * hands over its own answers to requests it cannot route (404 for an unknown address, 405 for a
 * method a route does not take): those are the asker's mistake, not the server's, so they get one
 * line and no stack trace; anything else is logged whole.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (isDatabaseUnavailable(error)) return noteDatabaseUnavailable(context, error);
  if (request.signal.aborted) return;
  // Remix's own answers carry the underlying error, with the stack worth reading.
  const inner = (error as { error?: unknown } | null)?.error;
  if (isRouteErrorResponse(error) && error.status < 500) {
    const reason = inner instanceof Error ? inner.message : error.statusText;
    console.warn(`${error.status} ${request.method} ${new URL(request.url).pathname}: ${reason.replace(/\s+/g, " ")}`);
    return;
  }
  console.error(inner instanceof Error ? inner : error);
};
