import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findPlan } from "~/models/board.server";
import { authorize, requireActor } from "./auth.server";

const paramsSchema = z.object({ planId: z.uuid() });

/** The signed-in person and the plan named in the URL, if they may read it (else 404, or sign-in). */
export async function requireReadablePlan(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">) {
  const actor = await requireActor(args);
  const params = paramsSchema.safeParse(args.params);
  const plan = params.success ? await findPlan(args.context.db, params.data.planId) : undefined;
  if (!plan) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: plan.organisationId });
  return { actor, plan };
}
