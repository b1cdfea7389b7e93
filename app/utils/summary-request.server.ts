import { summaryQuerySchema } from "~/schemas/summary";
import { monthOf } from "./month";

/** The month and stall threshold a summary request asks for; a malformed one is a 400 with the reason. */
export function readSummaryQuery(request: Request, now = new Date()) {
  const url = new URL(request.url);
  const parsed = summaryQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    throw Response.json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  }
  const month = parsed.data.month ?? monthOf(now);
  if (month > monthOf(now)) throw Response.json({ errors: ["errors.monthInFuture"] }, { status: 400 });
  return { month, stalledWeeks: parsed.data.stalledWeeks };
}
