import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { ActivityView } from "~/components/activity-view";
import { activityFilterOptions, listActivity } from "~/models/activity.server";
import { readActivityQuery } from "~/utils/activity-request.server";
import { requireActor } from "~/utils/auth.server";
import { resolveLocale } from "~/utils/locale.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const PAGE_SIZE = 50;

/** Everything that happened in the organisation's plans, newest first. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { filters, after } = readActivityQuery(args.request);
  const [page, options, locale] = await Promise.all([
    listActivity(args.context.db, { organisationId: actor.organisationId, ...filters }, { after, limit: PAGE_SIZE }),
    activityFilterOptions(args.context.db, actor.organisationId),
    resolveLocale(args.request),
  ]);
  return { ...page, filters, options, locale, organisationName: actor.organisationName };
}

export default function OrganisationActivity() {
  const { events, next, filters, options, locale, organisationName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <ActivityView
      title={t("activity.title", { scope: organisationName })}
      path="/activity"
      events={events}
      next={next}
      filters={filters}
      options={options}
      planFixed={false}
      locale={locale}
    />
  );
}
