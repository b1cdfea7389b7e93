import { z } from "zod";
import { confirmation, requiredText } from "./fields";

export const UNIT_KINDS = ["administration", "unit", "district"] as const;

const unitFields = {
  name: requiredText(120),
  kind: z.enum(UNIT_KINDS, { error: "errors.choose" }),
  parentId: z.uuid({ error: "errors.choose" }).optional(),
};

export const unitActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-unit"), ...unitFields }),
  z.object({ intent: z.literal("update-unit"), unitId: z.uuid(), ...unitFields }),
  z.object({ intent: z.literal("remove-unit"), unitId: z.uuid(), confirm: confirmation }),
]);
export type UnitSubmission = z.output<typeof unitActionSchema>;
