import { z } from "zod";

export const shareActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    label: z.string().trim().max(200, { error: "errors.tooLong" }).default(""),
    expiresOn: z.iso.date({ error: "errors.dateInvalid" }).optional(),
  }),
  z.object({ intent: z.literal("revoke"), linkId: z.uuid() }),
]);
