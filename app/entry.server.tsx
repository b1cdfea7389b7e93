import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
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
  // Crawlers and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={loadContext.cspNonce}>
        <I18nProvider translator={translator}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />
        </I18nProvider>
      </NonceProvider>,
      {
        nonce: loadContext.cspNonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
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
