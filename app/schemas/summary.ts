import { z } from "zod";
import { month } from "./fields";

export const DEFAULT_STALLED_WEEKS = 4;

/** The summary's query string: `?month=YYYY-MM&stalledWeeks=N`, both optional. */
export const summaryQuerySchema = z.object({
  month: month().optional(),
  stalledWeeks: z.coerce.number({ error: "errors.stalledWeeksInvalid" }).int({ error: "errors.stalledWeeksInvalid" }).min(1, { error: "errors.stalledWeeksInvalid" }).max(52, { error: "errors.stalledWeeksInvalid" }).default(DEFAULT_STALLED_WEEKS),
});
