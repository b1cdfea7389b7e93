import { z } from "zod";

const planParams = z.object({ planId: z.uuid() });

/** The plan id in a route's params; anything else is a 404. */
export function planIdFrom(params: unknown): string {
  return readParams(params, planParams).planId;
}

/** A route's params as its schema reads them; a malformed one names nothing there is, so 404. */
export function readParams<Schema extends z.ZodType>(params: unknown, schema: Schema): z.output<Schema> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data;
}

/**
 * A request's query string as its schema reads it; a malformed one is a 400 with the reasons.
 * Empty values count as not given, as a GET form sends its blank fields.
 */
export function readQuery<Schema extends z.ZodType>(request: Request, schema: Schema): z.output<Schema> {
  const entries = [...new URL(request.url).searchParams].filter(([, value]) => value !== "");
  const parsed = schema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) throw Response.json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  return parsed.data;
}

/** A GET form's query string as read by `readQueryForm`. */
export type QueryForm<Output> =
  | { value: Output; values: Record<string, string>; errors: null }
  | { value: null; values: Record<string, string>; errors: Record<string, string[]> };

/**
 * A query string that a form on the page itself sends (a period, a filter): like `readQuery`, but
 * a value that does not pass is no error page: the page answers 400 and shows its form again with
 * what was typed and each message beside its field (under "" when it names no field).
 */
export function readQueryForm<Schema extends z.ZodType>(request: Request, schema: Schema): QueryForm<z.output<Schema>> {
  const values = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(values);
  if (parsed.success) return { value: parsed.data, values, errors: null };
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    const messages = (errors[field] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  return { value: null, values, errors };
}
