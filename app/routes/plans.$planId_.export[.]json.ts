import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportPlan } from "~/models/export.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { fileSlug } from "~/utils/csv.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

/** The whole plan with its history as one versioned JSON document. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  await requireExportAllowance(args.context.db, actor.id);
  const exported = await exportPlan(args.context.db, plan.id);
  if (!exported) throw new Response("Not found", { status: 404 });
  return new Response(JSON.stringify({ ...exported.document, exportedAt: new Date().toISOString() }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileSlug(plan.title)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
