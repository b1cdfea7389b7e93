import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { completeOidcSignIn, refusalPath } from "~/models/oidc-sign-in.server";
import { OIDC_REFUSAL_STATUS } from "~/utils/oidc-refusals";
import { startSession } from "~/utils/session.server";

/**
 * Where the provider sends the browser back: a session on success; else, once the attempt is used
 * up, the page that says why not. An address over its sign-in limit is answered here, with 429.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await completeOidcSignIn(context.db, request, context.clientAddress);
  if (result.outcome === "signed-in") {
    return redirect(result.redirectTo, { headers: { "Set-Cookie": await startSession(context.db, request, result.personId, "oidc") } });
  }
  if (result.retryAfterSeconds !== undefined) {
    return new Response("För många misslyckade inloggningar; försök igen om en stund. / Too many failed sign-ins; try again shortly.\n", {
      status: OIDC_REFUSAL_STATUS["rate-limited"],
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  return redirect(refusalPath(result.refusal, result.providerId), 303);
}
