import { z } from "zod";
import { idList, optionalText } from "./fields";

/** The units a central plan is offered to: the whole set, as the checkboxes send it. */
export const offerSchema = z.object({ intent: z.literal("offer"), unitIds: idList(500) });

/** A unit's adoption of a central plan: its board's name and what it takes. */
export const adoptSchema = z.object({
  intent: z.literal("adopt"),
  unitId: z.uuid({ error: "errors.choose" }),
  /** Empty: "<central plan> – <unit>". */
  title: optionalText(200),
  focusAreaIds: idList(500),
  assignmentIds: idList(20_000),
});

const change = {
  kind: z.enum(["focusArea", "assignment"]),
  originId: z.uuid(),
};

/** One answer to a change in the central plan, offered on the adopted board's "from the central plan" page. */
export const centralChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("take"), ...change }),
  z.object({ intent: z.literal("decline"), ...change }),
  z.object({ intent: z.literal("rename"), ...change }),
  z.object({ intent: z.literal("keep-name"), ...change }),
]);
