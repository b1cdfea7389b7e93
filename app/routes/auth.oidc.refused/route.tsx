import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OidcRefusalPage } from "~/components/oidc-refusal";
import { findProviderForSignIn } from "~/models/identity-provider.server";
import { oidcRefusedQuery } from "~/schemas/identity-provider";
import { OIDC_REFUSAL_STATUS } from "~/utils/oidc-refusals";
import { readQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

/**
 * Why a sign-in through the provider did not go through. The callback sends the browser here, so
 * the address bar no longer holds the used code, and a reload or a change of language shows the
 * same reason instead of trying the used callback again.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = readQuery(request, oidcRefusedQuery);
  const provider = query.provider ? await findProviderForSignIn(context.db, query.provider) : null;
  return Response.json({ refusal: query.reason, providerName: provider?.displayName ?? null }, { status: OIDC_REFUSAL_STATUS[query.reason] });
}

export default function OidcRefused() {
  const { refusal, providerName } = useLoaderData<typeof loader>();
  return <OidcRefusalPage refusal={refusal} providerName={providerName} />;
}
