import { summaryQuerySchema } from "~/schemas/summary";
import { monthOf } from "./month";
import { readQuery } from "./params.server";

/** The month and stall threshold a summary request asks for; a malformed one is a 400 with the reason. */
export function readSummaryQuery(request: Request, now = new Date()) {
  const query = readQuery(request, summaryQuerySchema);
  const month = query.month ?? monthOf(now);
  if (month > monthOf(now)) throw Response.json({ errors: ["errors.monthInFuture"] }, { status: 400 });
  return { month, stalledWeeks: query.stalledWeeks };
}
