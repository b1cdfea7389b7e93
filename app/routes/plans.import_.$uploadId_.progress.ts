import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { importProgressOf } from "~/models/import-progress.server";
import { requirePermission } from "~/utils/auth.server";
import { readParams } from "~/utils/params.server";

const uploadParams = z.object({ uploadId: z.uuid() });

/** An import's progress, polled by its preview page while the import runs. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requirePermission(args, "plan:manage", (actor) => ({ organisationId: actor.organisationId, unitId: null }));
  const { uploadId } = readParams(args.params, uploadParams);
  return Response.json({ progress: importProgressOf(uploadId, actor.id) }, { headers: { "Cache-Control": "no-store" } });
}
