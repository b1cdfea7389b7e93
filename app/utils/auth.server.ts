import { redirect, type AppLoadContext } from "@remix-run/node";
import { findFeedReader } from "~/models/feed-token.server";
import { findActorBySessionToken } from "~/models/person.server";
import { feedQuerySchema } from "~/schemas/feed";
import type { Locale } from "./i18n";
import { resolveLocale } from "./locale.server";
import { readQuery } from "./params.server";
import { can, refusalStatus, type Action, type Actor, type Subject } from "./permissions";
import { hashToken, readSessionToken } from "./session.server";

interface RequestArgs {
  request: Request;
  context: AppLoadContext;
}

// The root and the page's own loader both ask for the actor during one request: look it up once.
// Remix hands each loader a Request of its own, but one load context per request, so the context
// keys the cache; the cookie too, so that a context shared by several requests cannot mix people up.
const actorsByRequest = new WeakMap<AppLoadContext, Map<string, Promise<Actor | null>>>();

export function getActor({ request, context }: RequestArgs): Promise<Actor | null> {
  let actors = actorsByRequest.get(context);
  if (!actors) {
    actors = new Map();
    actorsByRequest.set(context, actors);
  }
  const cookie = request.headers.get("Cookie") ?? "";
  let actor = actors.get(cookie);
  if (!actor) {
    actor = readSessionToken(request).then((token) =>
      token ? findActorBySessionToken(context.db, hashToken(token)) : null,
    );
    actors.set(cookie, actor);
  }
  return actor;
}

// Any origin will do: only whether a target stays on it matters, and the app may run behind any host name.
const OWN_ORIGIN = "http://planboard.invalid";

/**
 * A target to redirect to that stays on this site, decided by the URL parser as a browser would
 * decide it (browsers drop tabs and newlines and read `\\` as `/`), else `fallback`. The answer is
 * the serialised path, query and fragment: plain ASCII, so a Location header built from it cannot throw.
 */
export function safeRedirectPath(value: unknown, fallback = "/plans"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  // A path that normalises to `//host` (e.g. `/.//evil.example`) would leave the site as a Location.
  if (url.origin !== OWN_ORIGIN || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}

/** The signed-in person, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireActor(args: RequestArgs): Promise<Actor> {
  const actor = await getActor(args);
  if (actor) return actor;
  const url = new URL(args.request.url);
  throw redirect(`/login?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
}

/**
 * Who reads a feed, and in which language: the person whose private feed token the URL carries
 * (`?token=`; an unknown, replaced or revoked one is 404, whatever cookie comes with it), else
 * the signed-in person. Either way the same actor, so a feed shows what its reader's pages show.
 * `feedQuery` is what the feed's own address needs to name the same reader.
 */
export async function requireFeedReader(args: RequestArgs): Promise<{ actor: Actor; locale: Locale; feedQuery: string }> {
  const { token } = readQuery(args.request, feedQuerySchema);
  if (token === undefined) {
    const [actor, locale] = await Promise.all([requireActor(args), resolveLocale(args.request)]);
    return { actor, locale, feedQuery: "" };
  }
  const reader = await findFeedReader(args.context.db, token);
  if (!reader) throw new Response("Not found", { status: 404 });
  return { ...reader, feedQuery: `?${new URLSearchParams({ token })}` };
}

/** Throws 404 for another organisation's things, 403 for what the person may see but not do. */
export function authorize(actor: Actor, action: Action, subject: Subject): void {
  if (can(actor, action, subject)) return;
  const status = refusalStatus(actor, subject);
  throw new Response(status === 404 ? "Not found" : "Forbidden", { status });
}

/** Signed in and allowed `action` on `subject`. */
export async function requirePermission(args: RequestArgs, action: Action, subject: (actor: Actor) => Subject): Promise<Actor> {
  const actor = await requireActor(args);
  authorize(actor, action, subject(actor));
  return actor;
}
