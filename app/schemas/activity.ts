import { z } from "zod";
import { day, instant } from "./fields";

const id = z.uuid({ error: "errors.filterInvalid" }).optional();
const date = day().optional();

/** The activity feed's query string; empty fields mean "all". */
export const activityQuerySchema = z
  .object({
    planId: id,
    focusAreaId: id,
    groupId: id,
    personId: id,
    from: date,
    to: date,
    /** Where the previous page ended: `<occurred at>|<event id>`. */
    after: z
      .string()
      .regex(/^[^|]+\|\d{1,15}$/, { error: "errors.filterInvalid" })
      .transform((value) => {
        const [occurredAt = "", id = ""] = value.split("|");
        return { occurredAt, id: Number(id) };
      })
      .pipe(z.object({ occurredAt: instant("errors.filterInvalid"), id: z.number() }))
      .optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ["to"], error: "errors.periodReversed" });

export type ActivityQuery = z.infer<typeof activityQuerySchema>;
