import { z } from "zod";
import { day, idList, requiredText, wholeNumber } from "./fields";

export const openVoteSchema = z.object({
  intent: z.literal("open"),
  title: requiredText(200),
  pointKind: z.enum(["focus_area", "assignment"], { error: "errors.choose" }),
  maxChoices: wholeNumber(1, 50, "votes.errors.maxChoices"),
  closesOn: day(),
});

export const voteActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("cast"), pointIds: idList(200) }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("adopt"), top: wholeNumber(1, 200, "votes.errors.top") }),
]);
