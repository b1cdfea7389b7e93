import { z } from "zod";

const planParams = z.object({ planId: z.uuid() });

/** The plan id in a route's params; anything else is a 404. */
export function planIdFrom(params: unknown): string {
  const parsed = planParams.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data.planId;
}
