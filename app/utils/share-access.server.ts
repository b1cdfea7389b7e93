import type { LoaderFunctionArgs } from "@remix-run/node";
import { findActiveShareLink } from "~/models/share.server";

/** The plan a share link opens; a revoked, expired or unknown link is simply not found. */
export async function requireShareLink({ params, context }: Pick<LoaderFunctionArgs, "params" | "context">) {
  const link = params.token ? await findActiveShareLink(context.db, params.token) : undefined;
  if (!link) throw new Response("Not found", { status: 404, headers: { "X-Robots-Tag": "noindex" } });
  return link;
}
