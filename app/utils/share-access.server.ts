import type { LoaderFunctionArgs } from "@remix-run/node";
import { findShareLink } from "~/models/share.server";

const NOINDEX = { "X-Robots-Tag": "noindex" };

/**
 * The plan a share link opens. A link that was revoked or has expired is 410 Gone, saying only
 * which of the two (`{ gone }`), so its holder learns the link was withdrawn rather than mistyped;
 * an unknown token, or a link to an archived plan, is simply not found.
 */
export async function requireShareLink({ params, context }: Pick<LoaderFunctionArgs, "params" | "context">) {
  const link = params.token ? await findShareLink(context.db, params.token) : undefined;
  if (link?.state === "revoked" || link?.state === "expired") {
    throw Response.json({ gone: link.state }, { status: 410, headers: NOINDEX });
  }
  if (link?.state !== "active") throw new Response("Not found", { status: 404, headers: NOINDEX });
  return link;
}
