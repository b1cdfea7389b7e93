import { activityQuerySchema } from "~/schemas/activity";

/** The filters and page an activity request asks for; a malformed one is a 400 with the reasons. */
export function readActivityQuery(request: Request) {
  const entries = [...new URL(request.url).searchParams].filter(([, value]) => value !== "");
  const parsed = activityQuerySchema.safeParse(Object.fromEntries(entries));
  if (!parsed.success) throw Response.json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  const { after, ...filters } = parsed.data;
  const [occurredAt, id] = after ? after.split("|") : [];
  return { filters, after: occurredAt && id ? { occurredAt, id: Number(id) } : undefined };
}
