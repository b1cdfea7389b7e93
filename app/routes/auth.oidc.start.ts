import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { findProviderForSignIn } from "~/models/identity-provider.server";
import { beginOidcSignIn, refusalPath } from "~/models/oidc-sign-in.server";
import { oidcStartQuery } from "~/schemas/identity-provider";
import { getActor, safeRedirectPath } from "~/utils/auth.server";
import { OidcProtocolError } from "~/utils/oidc.server";
import { readQuery } from "~/utils/params.server";

/**
 * Sends the browser to the organisation's provider. A link, not a form: the page's CSP allows
 * forms to post to our own origin only, and a redirect after a form post counts as the post.
 */
export async function loader(args: LoaderFunctionArgs) {
  const query = readQuery(args.request, oidcStartQuery);
  const redirectTo = safeRedirectPath(query.redirectTo);
  if (await getActor(args)) throw redirect(redirectTo);
  const provider = await findProviderForSignIn(args.context.db, query.provider);
  if (!provider) throw new Response("Not found", { status: 404 });
  try {
    const { location, setCookie } = await beginOidcSignIn(args.context.db, args.request, provider, redirectTo);
    return redirect(location, { headers: { "Set-Cookie": setCookie } });
  } catch (error) {
    if (!(error instanceof OidcProtocolError)) throw error;
    console.warn(`OIDC sign-in not started: ${error.failure} (${error.detail})`);
    return redirect(refusalPath(error.failure, provider.id), 303);
  }
}
