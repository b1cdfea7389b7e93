import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { listOpenOffers } from "~/models/adoption.server";
import { listArchivedPlans, listPlansWithProgress } from "~/models/plan.server";
import type { action as settingsAction, SettingsActionData } from "~/routes/plans.$planId_.settings/route";
import { requireActor } from "~/utils/auth.server";
import { formatCalendarDate, formatInstant } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { resolveLocale } from "~/utils/locale.server";
import { can } from "~/utils/permissions";
import { ProgressBar, segmentClass } from "~/components/progress-bar";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const managesPlans = can(actor, "plan:manage", { organisationId: actor.organisationId, unitId: null });
  const [plans, archivedPlans, openOffers, locale] = await Promise.all([
    listPlansWithProgress(args.context.db, actor.organisationId),
    managesPlans ? listArchivedPlans(args.context.db, actor.organisationId) : Promise.resolve([]),
    listOpenOffers(args.context.db, actor),
    resolveLocale(args.request),
  ]);
  return { plans, archivedPlans, openOffers, managesPlans, locale };
}

export default function PlansOverview() {
  const { plans, archivedPlans, openOffers, managesPlans, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();

  return (
    <div className="page">
      <h1>{t("plans.title")}</h1>
      <p className="lead">{t("plans.intro")}</p>
      {managesPlans ? (
        <p>
          <Link className="button primary" to="/plans/new">
            {t("settings.newPlan")}
          </Link>{" "}
          <Link className="button" to="/plans/import">
            {t("import.link")}
          </Link>
        </p>
      ) : null}
      {openOffers.length > 0 ? (
        <section aria-labelledby="open-offers" className="panel">
          <h2 id="open-offers">{t("central.offered")}</h2>
          <ul>
            {openOffers.map((offer) => (
              <li key={`${offer.planId}:${offer.unitId}`}>
                <Link to={`/plans/${offer.planId}/adopt`}>{offer.title}</Link> <span className="muted">({t("central.offeredTo", { unit: offer.unitName })})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
      {managesPlans ? <ArchivedPlans plans={archivedPlans} locale={locale} /> : null}
    </div>
  );
}

/** Archived plans, for those who may restore them; restoring goes through the plan's settings. */
function ArchivedPlans({ plans, locale }: { plans: Array<{ id: string; title: string; archivedAt: string }>; locale: Locale }) {
  const { t } = useTranslation();
  const restore = useFetcher<typeof settingsAction>();
  const restored = (restore.data as SettingsActionData | undefined)?.notice;
  return (
    <>
      <p role="status" className="success">
        {restored?.values ? t("settings.notices.restored", { title: String(restored.values.title) }) : null}
      </p>
      {plans.length > 0 ? (
        <section aria-labelledby="archived-plans" className="panel">
          <h2 id="archived-plans">{t("settings.archivedPlans")}</h2>
          <table className="data-table">
            <caption className="visually-hidden">{t("settings.archivedPlans")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("planForm.title")}</th>
                <th scope="col">{t("settings.archivedAt")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("settings.restoreShort")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {plans.map((plan) => (
                <tr key={plan.id}>
                  <th scope="row">
                    <Link to={`/plans/${plan.id}/settings`}>{plan.title}</Link>
                  </th>
                  <td>{formatInstant(plan.archivedAt, locale)}</td>
                  <td>
                    <restore.Form method="post" action={`/plans/${plan.id}/settings`}>
                      <button type="submit" name="intent" value="restore-plan">
                        {t("settings.restoreShort")}
                        <span className="visually-hidden"> {plan.title}</span>
                      </button>
                    </restore.Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
