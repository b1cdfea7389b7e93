import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listPlansWithProgress } from "~/models/plan.server";
import { requireActor } from "~/utils/auth.server";
import { formatCalendarDate } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { ProgressBar, segmentClass } from "./progress-bar";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const [plans, locale] = await Promise.all([
    listPlansWithProgress(args.context.db, actor.organisationId),
    resolveLocale(args.request),
  ]);
  return { plans, locale };
}

export default function PlansOverview() {
  const { plans, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();

  return (
    <div className="page">
      <h1>{t("plans.title")}</h1>
      <p className="lead">{t("plans.intro")}</p>
      {plans.length === 0 ? (
        <p>{t("plans.empty")}</p>
      ) : (
        <ul className="plan-list">
          {plans.map((plan) => {
            const total = plan.columns.reduce((sum, column) => sum + column.cardCount, 0);
            const done = plan.columns.filter((c) => c.isDone).reduce((sum, c) => sum + c.cardCount, 0);
            return (
              <li key={plan.id} className="plan-card">
                <h2>
                  <Link to={`/plans/${plan.id}`} aria-label={t("plans.openBoard", { title: plan.title })}>
                    {plan.title}
                  </Link>
                </h2>
                <p className="muted">
                  {plan.organisationName}
                  {plan.startsOn && plan.endsOn
                    ? ` · ${t("plans.period", {
                        from: formatCalendarDate(plan.startsOn, locale),
                        to: formatCalendarDate(plan.endsOn, locale),
                      })}`
                    : null}
                </p>
                {plan.description ? <p>{plan.description}</p> : null}
                <p>
                  <strong>{t("plans.doneShare", { done, total })}</strong>
                </p>
                <ProgressBar columns={plan.columns} total={total} />
                <h3 className="visually-hidden">{t("plans.progress")}</h3>
                <ul className="column-counts">
                  {plan.columns.map((column, index) => (
                    <li key={column.id}>
                      <span className={`swatch ${segmentClass(column.isDone, index)}`} aria-hidden="true" />
                      {column.name}: {t("plans.cardCount", { count: column.cardCount })}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
