import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { SummaryView } from "~/components/summary-view";
import { summaryRows } from "~/models/flow.server";
import { indicatorsForPlan, latestChanges } from "~/models/indicator.server";
import { resolveLocale } from "~/utils/locale.server";
import { monthOf } from "~/utils/month";
import { requireReadablePlan } from "~/utils/plan-access.server";
import { readSummaryQuery } from "~/utils/summary-request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.title} · Planboard` : "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await requireReadablePlan(args);
  const { month, stalledWeeks } = readSummaryQuery(args.request);
  const [items, series, locale] = await Promise.all([
    summaryRows(args.context.db, { organisationId: plan.organisationId, planId: plan.id }, { first: month, last: month }, stalledWeeks),
    indicatorsForPlan(args.context.db, plan.id),
    resolveLocale(args.request),
  ]);
  const indicators = latestChanges(series, month);
  return { plan: { id: plan.id, title: plan.title }, month, currentMonth: monthOf(new Date()), stalledWeeks, items, indicators, locale };
}

export default function PlanSummary() {
  const { plan, month, currentMonth, stalledWeeks, items, indicators, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="breadcrumb page-inset no-print">
        <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
      </p>
      <SummaryView
        scopeTitle={plan.title}
        month={month}
        currentMonth={currentMonth}
        stalledWeeks={stalledWeeks}
        items={items}
        locale={locale}
        path={`/plans/${plan.id}/summary`}
        showPlans={false}
        linkItems
        indicators={indicators}
      />
      <p className="page-inset no-print">
        <Link to="/summary">{t("summary.allPlans")}</Link>
      </p>
    </>
  );
}
