import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { ActivityView } from "~/components/activity-view";
import { activityFilterOptions, listActivity, noActivity } from "~/models/activity.server";
import { readActivityQuery } from "~/utils/activity-request.server";
import { requireActor } from "~/utils/auth.server";
import { resolveLocale } from "~/utils/locale.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const PAGE_SIZE = 50;

/** Everything that happened in the organisation's plans, newest first. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { filters, after, errors } = readActivityQuery(args.request);
  const [page, options, locale] = await Promise.all([
    errors ? noActivity() : listActivity(args.context.db, { organisationId: actor.organisationId, ...filters }, { after, limit: PAGE_SIZE }),
    activityFilterOptions(args.context.db, actor.organisationId),
    resolveLocale(args.request),
  ]);
  // Filters that do not pass: the form again with the reasons beside the fields, and no events.
  return json({ ...page, filters, errors, options, locale, organisationName: actor.organisationName }, { status: errors ? 400 : 200 });
}

export default function OrganisationActivity() {
  const { events, next, filters, errors, options, locale, organisationName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <ActivityView
      title={t("activity.title", { scope: organisationName })}
      path="/activity"
      events={events}
      next={next}
      filters={filters}
      errors={errors}
      options={options}
      planFixed={false}
      locale={locale}
    />
  );
}
