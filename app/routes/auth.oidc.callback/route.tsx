import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OidcRefusalPage } from "~/components/oidc-refusal";
import { completeOidcSignIn, OIDC_REFUSAL_STATUS } from "~/models/oidc-sign-in.server";
import { startSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

/** Where the provider sends the browser back: a session on success, else a page that says why not and what to do. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await completeOidcSignIn(context.db, request, context.clientAddress);
  if (result.outcome === "signed-in") {
    return redirect(result.redirectTo, { headers: { "Set-Cookie": await startSession(context.db, request, result.personId, "oidc") } });
  }
  const headers = result.retryAfterSeconds !== undefined ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
  return Response.json({ refusal: result.refusal, providerName: result.providerName }, { status: OIDC_REFUSAL_STATUS[result.refusal], headers });
}

export default function OidcCallbackRefused() {
  const { refusal, providerName } = useLoaderData<typeof loader>();
  return <OidcRefusalPage refusal={refusal} providerName={providerName} />;
}
