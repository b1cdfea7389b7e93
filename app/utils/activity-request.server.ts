import { activityQuerySchema } from "~/schemas/activity";
import { readQueryForm } from "./params.server";

/**
 * The filters and page an activity request asks for. Filters that do not pass come back as the
 * typed values with the reasons per field (`errors`), for the page to show beside its form.
 */
export function readActivityQuery(request: Request) {
  const query = readQueryForm(request, activityQuerySchema);
  if (!query.value) return { filters: query.values, after: undefined, errors: query.errors };
  const { after, ...filters } = query.value;
  return { filters, after, errors: null };
}
