import { z } from "zod";
import { checkbox, confirmation, requiredText } from "./fields";

const role = z.enum(["strategic_developer", "staff"], { error: "errors.choose" });

export const createPersonSchema = z.object({
  intent: z.literal("create"),
  name: requiredText(200),
  email: z.string({ error: "errors.required" }).trim().toLowerCase().pipe(z.email({ error: "errors.emailInvalid" })),
  unitId: z.uuid({ error: "errors.choose" }).optional(),
  role,
  isAdmin: checkbox,
});

export const personActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("change-role"), role, isAdmin: checkbox }),
  // No unit: the person acts for the whole organisation (a strategic developer) or belongs nowhere in particular.
  z.object({ intent: z.literal("change-unit"), unitId: z.uuid({ error: "errors.choose" }).optional() }),
  z.object({ intent: z.literal("deactivate"), confirm: confirmation }),
  z.object({ intent: z.literal("reactivate") }),
  z.object({ intent: z.literal("setup-link") }),
]);
