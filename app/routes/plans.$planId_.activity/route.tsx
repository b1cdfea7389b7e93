import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { ActivityView } from "~/components/activity-view";
import { activityFilterOptions, listActivity, noActivity } from "~/models/activity.server";
import { readActivityQuery } from "~/utils/activity-request.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const PAGE_SIZE = 50;

export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await requireReadablePlan(args);
  const { filters, after, errors } = readActivityQuery(args.request);
  const [page, options, locale] = await Promise.all([
    errors
      ? noActivity()
      : listActivity(args.context.db, { organisationId: plan.organisationId, ...filters, planId: plan.id }, { after, limit: PAGE_SIZE }),
    activityFilterOptions(args.context.db, plan.organisationId, plan.id),
    resolveLocale(args.request),
  ]);
  // Filters that do not pass: the form again with the reasons beside the fields, and no events.
  return json({ ...page, filters, errors, options, locale, plan: { id: plan.id, title: plan.title } }, { status: errors ? 400 : 200 });
}

export default function PlanActivity() {
  const { events, next, filters, errors, options, locale, plan } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="breadcrumb page-inset">
        <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
      </p>
      <ActivityView
        title={t("activity.title", { scope: plan.title })}
        path={`/plans/${plan.id}/activity`}
        events={events}
        next={next}
        filters={filters}
        errors={errors}
        options={options}
        planFixed
        locale={locale}
      />
    </>
  );
}
