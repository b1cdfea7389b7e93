import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findSession } from "~/models/person.server";
import { findPlan } from "~/models/plan.server";
import { authorize, requireActor, requireFeedReader } from "./auth.server";
import { readParams } from "./params.server";
import { can, type Actor } from "./permissions";
import { hashToken, readSessionToken } from "./session.server";

const paramsSchema = z.object({ planId: z.uuid() });

type Args = Pick<LoaderFunctionArgs, "request" | "context" | "params">;

async function readablePlan(args: Args, actor: Actor) {
  const { planId } = readParams(args.params, paramsSchema);
  const plan = await findPlan(args.context.db, planId);
  if (!plan) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: plan.organisationId, unitId: plan.unitId });
  return plan;
}

/** The signed-in person and the plan named in the URL, if they may read it (else 404, or sign-in). */
export async function requireReadablePlan(args: Args) {
  const actor = await requireActor(args);
  return { actor, plan: await readablePlan(args, actor) };
}

/** For a plan's feed: as `requireReadablePlan`, with the reader possibly named by their feed token (see `requireFeedReader`). */
export async function requireReadablePlanFeed(args: Args) {
  const reader = await requireFeedReader(args);
  return { ...reader, plan: await readablePlan(args, reader.actor) };
}

/**
 * For a stream that stays open: the plan as `requireReadablePlan` gives it, and a check, to run
 * again later, of whether the request's session still may read the plan, answering until when.
 */
export async function requireLivePlanViewer(args: Args) {
  const { actor, plan } = await requireReadablePlan(args);
  const tokenHash = hashToken((await readSessionToken(args.request)) ?? "");
  const check = async () => {
    const session = await findSession(args.context.db, tokenHash);
    return session && can(session.actor, "read", { organisationId: plan.organisationId, unitId: plan.unitId }) ? session.expiresAt : null;
  };
  return { plan, viewer: { personId: actor.id, check } };
}
