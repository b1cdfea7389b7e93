import { z } from "zod";
import { checkbox, confirmation, day, optionalText, requiredText } from "./fields";

const date = day("planForm.errors.dateInvalid").optional();
const direction = z.enum(["up", "down"], { error: "errors.choose" });
const laneName = requiredText(80);

/** What a plan is: shared by the new-plan page and the plan's settings. */
const planFields = {
  title: requiredText(200),
  description: optionalText(4000),
  startsOn: date,
  endsOn: date,
  unitId: z.uuid({ error: "errors.choose" }).optional(),
};

const endsAfterStart = (plan: { startsOn?: string; endsOn?: string }) =>
  !plan.startsOn || !plan.endsOn || plan.endsOn >= plan.startsOn;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const periodError = {
  path: ["endsOn"],
  error: "planForm.errors.endsBeforeStart",
  // Checked whenever both dates are valid, so that it shows together with the other fields' errors.
  when: ({ value }: { value: unknown }) => {
    const { startsOn, endsOn } = (value ?? {}) as Record<string, unknown>;
    return typeof startsOn === "string" && typeof endsOn === "string" && isoDate.test(startsOn) && isoDate.test(endsOn);
  },
};

export const createPlanSchema = z.object({ intent: z.literal("create"), ...planFields }).refine(endsAfterStart, periodError);

export const updatePlanSchema = z.object({ intent: z.literal("update-plan"), ...planFields }).refine(endsAfterStart, periodError);
export const archivePlanSchema = z.object({ intent: z.literal("archive-plan"), confirm: confirmation });
export const restorePlanSchema = z.object({ intent: z.literal("restore-plan") });

export const addColumnSchema = z.object({ intent: z.literal("add-column"), name: laneName });
export const updateColumnSchema = z.object({
  intent: z.literal("update-column"),
  columnId: z.uuid(),
  name: laneName,
  wipLimit: z.coerce
    .number({ error: "settings.errors.wipLimit" })
    .int({ error: "settings.errors.wipLimit" })
    .min(1, { error: "settings.errors.wipLimit" })
    .max(999, { error: "settings.errors.wipLimit" })
    .optional(),
  isDone: checkbox,
});
export const moveColumnSchema = z.object({ intent: z.literal("move-column"), columnId: z.uuid(), direction });
export const removeColumnSchema = z.object({
  intent: z.literal("remove-column"),
  columnId: z.uuid(),
  targetColumnId: z.uuid({ error: "errors.choose" }).optional(),
});

export const addFocusAreaSchema = z.object({
  intent: z.literal("add-focus-area"),
  name: laneName,
  description: optionalText(1000),
});
export const updateFocusAreaSchema = z.object({
  intent: z.literal("update-focus-area"),
  focusAreaId: z.uuid(),
  name: laneName,
  description: optionalText(1000),
});
export const moveFocusAreaSchema = z.object({ intent: z.literal("move-focus-area"), focusAreaId: z.uuid(), direction });
export const removeFocusAreaSchema = z.object({
  intent: z.literal("remove-focus-area"),
  focusAreaId: z.uuid(),
  targetFocusAreaId: z.uuid({ error: "errors.choose" }).optional(),
});

/** Every change the settings page makes, one schema per intent. */
export const planSettingsSchema = z.discriminatedUnion("intent", [
  updatePlanSchema,
  archivePlanSchema,
  restorePlanSchema,
  addColumnSchema,
  updateColumnSchema,
  moveColumnSchema,
  removeColumnSchema,
  addFocusAreaSchema,
  updateFocusAreaSchema,
  moveFocusAreaSchema,
  removeFocusAreaSchema,
]);

export type PlanSettingsSubmission = z.infer<typeof planSettingsSchema>;
export type PlanFields = Omit<z.infer<typeof createPlanSchema>, "intent">;
export type Direction = z.infer<typeof direction>;
