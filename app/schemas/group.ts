import { z } from "zod";
import { confirmation, day, idList, optionalText, requiredText, text } from "./fields";

const date = day("groups.errors.dateInvalid");
const recruitment = z.enum(["invited", "open_application"], { error: "errors.choose" });
const membershipRole = z.enum(["convener", "member"], { error: "errors.choose" });

/** What a group is: shared by the new-group page and the group's edit form. */
const groupFields = {
  name: requiredText(120),
  purpose: optionalText(4000),
  startsOn: date,
  endsOn: date,
  recruitment,
  seats: z.coerce
    .number({ error: "groups.errors.seats" })
    .int({ error: "groups.errors.seats" })
    .min(1, { error: "groups.errors.seats" })
    .max(100, { error: "groups.errors.seats" })
    .optional(),
  applicationsCloseOn: date.optional(),
  applicationPrompt: optionalText(2000),
};

type GroupFieldValues = {
  startsOn: string;
  endsOn: string;
  recruitment: "invited" | "open_application";
  seats?: number;
  applicationsCloseOn?: string;
  applicationPrompt: string;
};

/** An open call needs seats, a closing date on or before the group's end, and what to describe. */
function checkGroup(value: GroupFieldValues, ctx: z.RefinementCtx) {
  if (value.endsOn < value.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "groups.errors.endsBeforeStart" });
  if (value.recruitment !== "open_application") return;
  if (value.seats === undefined) ctx.addIssue({ code: "custom", path: ["seats"], message: "groups.errors.seats" });
  if (!value.applicationsCloseOn) {
    ctx.addIssue({ code: "custom", path: ["applicationsCloseOn"], message: "groups.errors.closeOnRequired" });
  } else if (value.applicationsCloseOn > value.endsOn) {
    ctx.addIssue({ code: "custom", path: ["applicationsCloseOn"], message: "groups.errors.closeAfterEnd" });
  }
  if (!value.applicationPrompt)
    ctx.addIssue({ code: "custom", path: ["applicationPrompt"], message: "groups.errors.promptRequired" });
}

export const createGroupSchema = z.object({ intent: z.literal("create"), ...groupFields }).superRefine(checkGroup);

export const updateGroupSchema = z.object({ intent: z.literal("update"), ...groupFields }).superRefine(checkGroup);
export const extendGroupSchema = z.object({ intent: z.literal("extend"), endsOn: date });
export const endGroupSchema = z.object({ intent: z.literal("end"), confirm: confirmation });
export const addMemberSchema = z.object({
  intent: z.literal("add-member"),
  personId: z.uuid({ error: "groups.errors.choosePerson" }),
  role: membershipRole,
});
export const removeMemberSchema = z.object({ intent: z.literal("remove-member"), personId: z.uuid() });

/** Everything a strategic developer does on a group's page, one schema per intent. */
export const groupActionSchema = z.discriminatedUnion("intent", [
  updateGroupSchema,
  extendGroupSchema,
  endGroupSchema,
  addMemberSchema,
  removeMemberSchema,
]);

export type GroupFields = Omit<z.infer<typeof createGroupSchema>, "intent">;

/** An application's content: a motivation and a profile. */
const applicationFields = {
  motivation: requiredText(4000, "groups.errors.motivationRequired"),
  competences: z
    .array(text(80).trim().min(1))
    .max(30, { error: "errors.tooMany" })
    .default([]),
  otherCompetences: optionalText(500),
  experienceYears: z.coerce
    .number({ error: "groups.errors.experience" })
    .int({ error: "groups.errors.experience" })
    .min(0, { error: "groups.errors.experience" })
    .max(60, { error: "groups.errors.experience" }),
  unitIds: idList(30),
};

export const applySchema = z.object({ intent: z.literal("apply"), ...applicationFields });
export const updateApplicationSchema = z.object({ intent: z.literal("update"), ...applicationFields });
export const withdrawApplicationSchema = z.object({ intent: z.literal("withdraw") });

export const applicationActionSchema = z.discriminatedUnion("intent", [
  applySchema,
  updateApplicationSchema,
  withdrawApplicationSchema,
]);

export type ApplicationInput = Omit<z.infer<typeof applySchema>, "intent">;

export const confirmSelectionSchema = z.object({
  intent: z.literal("confirm"),
  applicationIds: z.array(z.uuid({ error: "groups.errors.staleSelection" })).min(1, { error: "groups.errors.selectAtLeastOne" }),
  confirm: confirmation,
});

export const markAllReadSchema = z.object({ intent: z.literal("mark-all-read") });
