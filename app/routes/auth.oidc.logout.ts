import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { findProviderForSignIn } from "~/models/identity-provider.server";
import { oidcLogoutQuery } from "~/schemas/identity-provider";
import { endSessionUrl, OidcProtocolError } from "~/utils/oidc.server";
import { readQuery } from "~/utils/params.server";

/** Signing out at the provider too (RP-initiated logout), offered on the sign-in page after signing out here. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = readQuery(request, oidcLogoutQuery);
  const provider = await findProviderForSignIn(context.db, query.provider);
  if (!provider) throw new Response("Not found", { status: 404 });
  try {
    const url = await endSessionUrl(provider.endpoint, new URL("/login", new URL(request.url).origin).href);
    return redirect(url?.href ?? "/login");
  } catch (error) {
    if (!(error instanceof OidcProtocolError)) throw error;
    console.warn(`OIDC sign-out at the provider not offered: ${error.failure} (${error.detail})`);
    return redirect("/login");
  }
}
