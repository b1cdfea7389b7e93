import { z } from "zod";

const target = z.uuid({ error: "errors.choose" }).optional();

export const followActionSchema = z.discriminatedUnion("intent", [
  z
    .object({ intent: z.literal("follow"), planId: target, focusAreaId: target, groupId: target, redirectTo: z.string().optional() })
    .refine((value) => [value.planId, value.focusAreaId, value.groupId].filter(Boolean).length === 1, {
      path: ["focusAreaId"],
      error: "errors.choose",
    }),
  z.object({ intent: z.literal("unfollow"), followId: z.uuid(), redirectTo: z.string().optional() }),
  z.object({ intent: z.literal("mark-seen"), followId: z.uuid().optional() }),
]);
