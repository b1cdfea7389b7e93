import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The one way an action reads its body: anything but a form is 415 and a form that cannot be
 * read (a broken multipart body, a missing boundary) is 400, where `request.formData()` alone
 * would throw and answer 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (!type || !FORM_TYPES.includes(type)) throw Response.json({ errors: ["errors.unsupportedMediaType"] }, { status: 415 });
  try {
    return await request.formData();
  } catch {
    throw Response.json({ errors: ["errors.formUnreadable"] }, { status: 400 });
  }
}

/**
 * Reads a submitted form and parses it with its schema (conform's submission: field errors and
 * the values as sent). `check` is for what only the database knows, such as whether a unit
 * belongs to the organisation; it runs only on a value the schema accepted in full, because zod
 * runs refinements on objects whose fields failed too, and a malformed id must not reach a query.
 */
export async function parseForm<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  check?: (value: z.output<Schema>, ctx: z.RefinementCtx<z.output<Schema>>) => Promise<void> | void,
) {
  const formData = await readFormData(request);
  return parseWithZod(formData, {
    schema: check
      ? schema.superRefine(async (value, ctx) => {
          if (ctx.issues.length === 0) await check(value, ctx);
        })
      : schema,
    async: true,
  });
}
