import { z } from "zod";
import { parseSwedishNumber } from "~/utils/indicator-input";
import { optionalText, requiredText } from "./fields";

/** A number as Swedes write it (`12,5`, `1 234,5`); anything that could be read two ways is refused. */
const swedishNumber = z.string({ error: "indicators.errors.number.empty" }).transform((text, ctx) => {
  const parsed = parseSwedishNumber(text);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: `indicators.errors.number.${parsed.problem}` });
  return z.NEVER;
});

const indicatorFields = {
  name: requiredText(120),
  unitOfMeasure: optionalText(20),
  higherIsBetter: z.enum(["yes", "no"], { error: "errors.choose" }).transform((answer) => answer === "yes"),
  period: z.enum(["month", "quarter"], { error: "errors.choose" }),
  /** Left empty: no target. */
  target: swedishNumber.optional().transform((target) => target ?? null),
};

export const createIndicatorSchema = z.object({ intent: z.literal("create"), ...indicatorFields });

export const indicatorActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), ...indicatorFields }),
  z.object({ intent: z.literal("link"), target: z.string().regex(/^(plan|focusArea):[0-9a-f-]{36}$/i, { error: "errors.choose" }) }),
  z.object({ intent: z.literal("unlink"), linkId: z.uuid() }),
  // The period is read against the indicator's kind (month or quarter) by the action.
  z.object({ intent: z.literal("record"), unitId: z.uuid({ error: "errors.choose" }), period: z.string({ error: "indicators.errors.period.format" }).trim(), value: swedishNumber }),
  z.object({
    intent: z.literal("upload"),
    file: z.instanceof(File, { error: "import.errors.noFile" }).refine((file) => file.size > 0, { error: "import.errors.noFile" }),
  }),
]);
export type IndicatorAction = z.output<typeof indicatorActionSchema>;
