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
 * belongs to the organisation. zod runs refinements on objects whose fields failed too, so a
 * malformed id would reach a query: `check` runs only when the fields it `reads` passed (then
 * its errors show beside the others), or, if it names none, only on a value that passed in full.
 */
export async function parseForm<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  check?: (value: z.output<Schema>, ctx: z.RefinementCtx<z.output<Schema>>) => Promise<void> | void,
  options: { reads?: string[] } = {},
) {
  const formData = await readFormData(request);
  const readsFailed = (issue: { path?: PropertyKey[] }) =>
    !options.reads || !issue.path?.length || options.reads.includes(String(issue.path[0]));
  return parseWithZod(formData, {
    schema: check
      ? schema.superRefine(async (value, ctx) => {
          if (!ctx.issues.some(readsFailed)) await check(value, ctx);
        })
      : schema,
    async: true,
  });
}
