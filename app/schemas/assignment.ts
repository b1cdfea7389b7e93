import { z } from "zod";

const version = z.coerce.number().int().positive();

/** The editable details of an assignment, shared by the create and edit forms. */
const details = {
  title: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong" }),
  description: z.string().max(10_000, { error: "errors.tooLong" }).default(""),
  focusAreaId: z.uuid({ error: "errors.choose" }),
  workingGroupId: z.uuid({ error: "errors.choose" }).optional(),
  responsibleIds: z.array(z.uuid({ error: "errors.choose" })).max(20, { error: "errors.tooMany" }).default([]),
  dueOn: z.iso.date({ error: "errors.dateInvalid" }).optional(),
};

export const createAssignmentSchema = z.object({
  intent: z.literal("create"),
  ...details,
  columnId: z.uuid({ error: "errors.choose" }).optional(),
});

export const assignmentActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), version, ...details }),
  z.object({
    intent: z.literal("comment"),
    body: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(5_000, { error: "errors.tooLong" }),
  }),
  z.object({ intent: z.literal("archive"), version }),
  z.object({ intent: z.literal("restore"), version }),
  z.object({
    intent: z.literal("move"),
    version,
    toColumnId: z.uuid({ error: "errors.choose" }),
    toFocusAreaId: z.uuid({ error: "errors.choose" }),
    position: z.coerce.number({ error: "errors.positionInvalid" }).int({ error: "errors.positionInvalid" }).min(1, { error: "errors.positionInvalid" }),
  }),
]);
