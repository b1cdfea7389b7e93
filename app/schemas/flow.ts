import { z } from "zod";
import { day } from "./fields";

export const MAX_FLOW_DAYS = 366;

/** The flow page's period: `?from=YYYY-MM-DD&to=YYYY-MM-DD`, both optional. */
export const flowQuerySchema = z
  .object({
    from: day().optional(),
    to: day().optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ["to"], error: "errors.periodReversed" })
  .refine(
    (query) => !query.from || !query.to || (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 < MAX_FLOW_DAYS,
    { path: ["to"], error: "errors.periodTooLong" },
  );
