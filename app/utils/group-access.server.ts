import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findGroupOwner } from "~/models/group.server";
import { authorize, requireActor } from "./auth.server";
import { readParams } from "./params.server";
import type { Action } from "./permissions";

const paramsSchema = z.object({ groupId: z.uuid() });

/** The signed-in person and the group named in the URL, if they may do `action` to it (else 404, 403 or sign-in). */
export async function requireGroupAccess(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">, action: Action = "read") {
  const actor = await requireActor(args);
  const { groupId } = readParams(args.params, paramsSchema);
  const group = await findGroupOwner(args.context.db, groupId);
  if (!group) throw new Response("Not found", { status: 404 });
  authorize(actor, action, { organisationId: group.organisationId, unitId: null });
  return { actor, groupId: group.id, organisationId: group.organisationId };
}
