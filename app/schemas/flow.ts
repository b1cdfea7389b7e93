import { z } from "zod";

export const MAX_FLOW_DAYS = 366;

/** The flow page's period: `?from=YYYY-MM-DD&to=YYYY-MM-DD`, both optional. */
export const flowQuerySchema = z
  .object({
    from: z.iso.date({ error: "errors.dateInvalid" }).optional(),
    to: z.iso.date({ error: "errors.dateInvalid" }).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ["to"], error: "errors.periodReversed" })
  .refine(
    (query) => !query.from || !query.to || (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 < MAX_FLOW_DAYS,
    { path: ["to"], error: "errors.periodTooLong" },
  );
