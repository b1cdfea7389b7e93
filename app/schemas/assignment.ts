import { z } from "zod";
import { day, idList, requiredText, text, version, wholeNumber } from "./fields";

/** The editable details of an assignment, shared by the create and edit forms. */
const details = {
  title: requiredText(200),
  description: text(10_000).default(""),
  focusAreaId: z.uuid({ error: "errors.choose" }),
  workingGroupId: z.uuid({ error: "errors.choose" }).optional(),
  responsibleIds: idList(20),
  dueOn: day().optional(),
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
    body: requiredText(5_000),
  }),
  z.object({ intent: z.literal("archive"), version }),
  z.object({ intent: z.literal("restore"), version }),
  z.object({
    intent: z.literal("move"),
    version,
    toColumnId: z.uuid({ error: "errors.choose" }),
    toFocusAreaId: z.uuid({ error: "errors.choose" }),
    position: wholeNumber(1, 100_000, "errors.positionInvalid"),
  }),
]);
