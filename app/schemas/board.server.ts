import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";

// Server-only: the board page's client bundle must not carry zod (its JavaScript budget is 120 kB).

/**
 * One move of a card: after a neighbour, or "start" for the top of the cell (drag and drop), or
 * to a 1-based position (the form without JavaScript).
 */
export const moveSchema = z
  .object({
    intent: z.literal("move"),
    assignmentId: z.uuid(),
    version: z.coerce.number().int().positive(),
    toColumnId: z.uuid({ error: "errors.choose" }),
    toFocusAreaId: z.uuid({ error: "errors.choose" }),
    afterId: z.union([z.uuid(), z.literal("start")]).optional(),
    position: z.coerce.number({ error: "errors.positionInvalid" }).int({ error: "errors.positionInvalid" }).min(1, { error: "errors.positionInvalid" }).max(100_000, { error: "errors.positionInvalid" }).optional(),
    returnTo: z.literal("board").optional(),
  })
  .refine((move) => (move.afterId === undefined) !== (move.position === undefined), {
    path: ["position"],
    error: "errors.positionInvalid",
  });

export type MoveSubmission = z.infer<typeof moveSchema>;

export const moveIntents = [moveSchema.shape.intent.value];

/** Parses a move's form data (kept here so the board's client bundle carries neither zod nor conform). */
export function parseMove(formData: FormData) {
  return parseWithZod(formData, { schema: moveSchema });
}
