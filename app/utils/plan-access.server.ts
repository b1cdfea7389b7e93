import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findPlan } from "~/models/board.server";
import { authorize, requireActor } from "./auth.server";
import { readParams } from "./params.server";

const paramsSchema = z.object({ planId: z.uuid() });

/** The signed-in person and the plan named in the URL, if they may read it (else 404, or sign-in). */
export async function requireReadablePlan(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">) {
  const actor = await requireActor(args);
  const { planId } = readParams(args.params, paramsSchema);
  const plan = await findPlan(args.context.db, planId);
  if (!plan) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: plan.organisationId });
  return { actor, plan };
}
