import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { IndicatorSections } from "~/components/indicator-chart";
import { indicatorsForPlan } from "~/models/indicator.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.title} · Planboard` : "Planboard" }];

/** The indicators followed for a plan, each as a chart with the plan's finished assignments marked, and its data table. */
export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await requireReadablePlan(args);
  if (plan.archivedAt) throw new Response("Not found", { status: 404 });
  const [series, locale] = await Promise.all([indicatorsForPlan(args.context.db, plan.id), resolveLocale(args.request)]);
  return { plan: { id: plan.id, title: plan.title }, series, locale };
}

export default function PlanIndicators() {
  const { plan, series, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}`}>{t("central.backToBoard", { title: plan.title })}</Link>
      </p>
      <h1>{t("indicators.planTitle", { title: plan.title })}</h1>
      <p className="lead">{t("indicators.planIntro")}</p>
      <IndicatorSections series={series} locale={locale} />
    </div>
  );
}
