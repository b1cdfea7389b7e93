import { z } from "zod";

const id = z.uuid({ error: "errors.filterInvalid" }).optional();
const date = z.iso.date({ error: "errors.dateInvalid" }).optional();

/** The activity feed's query string; empty fields mean "all". */
export const activityQuerySchema = z
  .object({
    planId: id,
    focusAreaId: id,
    groupId: id,
    personId: id,
    from: date,
    to: date,
    after: z
      .string()
      .regex(/^[0-9TZ:.+-]+\|\d+$/, { error: "errors.filterInvalid" })
      .optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ["to"], error: "errors.periodReversed" });

export type ActivityQuery = z.infer<typeof activityQuerySchema>;
