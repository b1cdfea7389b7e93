import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { findProviderOfPerson } from "~/models/identity-provider.server";
import { offersEndSession } from "~/utils/oidc.server";
import { endSession } from "~/utils/session.server";

/** The action does one thing and reads no `intent`: read by the authorisation matrix test. */
export const singleIntent = true;

/** Ends our session; after a sign-in through the organisation's provider, the sign-in page offers signing out there too, where it can. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { setCookie, ended } = await endSession(context.db, request);
  const provider = ended?.method === "oidc" ? await findProviderOfPerson(context.db, ended.personId) : null;
  const location = provider && (await offersEndSession(provider.endpoint)) ? `/login?signedOutOf=${provider.id}` : "/login";
  return redirect(location, { headers: { "Set-Cookie": setCookie } });
}

export function loader() {
  return redirect("/plans");
}
