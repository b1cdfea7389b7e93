import { z } from "zod";
import { confirmation, day, text } from "./fields";

export const shareActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    label: text(200).trim().default(""),
    expiresOn: day().optional(),
  }),
  z.object({ intent: z.literal("revoke"), linkId: z.uuid(), confirm: confirmation }),
]);
