import { activityQuerySchema } from "~/schemas/activity";
import { readQuery } from "./params.server";

/** The filters and page an activity request asks for; a malformed one is a 400 with the reasons. */
export function readActivityQuery(request: Request) {
  const { after, ...filters } = readQuery(request, activityQuerySchema);
  return { filters, after };
}
