import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { createIndicator, listIndicators } from "~/models/indicator.server";
import { createIndicatorSchema } from "~/schemas/indicator";
import { requireActor, requirePermission } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { can } from "~/utils/permissions";
import { IndicatorForm } from "~/components/indicator-form";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  return {
    indicators: await listIndicators(args.context.db, actor.organisationId),
    defines: can(actor, "unit:manage", { organisationId: actor.organisationId, unitId: null }),
  };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [createIndicatorSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await requirePermission(args, "unit:manage", (who) => ({ organisationId: who.organisationId, unitId: null }));
  const submission = await parseForm(args.request, createIndicatorSchema);
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const indicator = await createIndicator(args.context.db, actor, submission.value);
  return redirect(`/indicators/${indicator.id}`);
}

export default function Indicators() {
  const { indicators, defines } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("indicators.title")}</h1>
      <p className="lead">{t("indicators.intro")}</p>
      {indicators.length === 0 ? (
        <p>{t("indicators.none")}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t("indicators.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("indicators.name")}</th>
              <th scope="col">{t("indicators.periodKind")}</th>
              <th scope="col">{t("indicators.linkedTo")}</th>
              <th scope="col">{t("indicators.latest")}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((indicator) => (
              <tr key={indicator.id}>
                <th scope="row">
                  <Link to={`/indicators/${indicator.id}`}>{indicator.name}</Link>
                </th>
                <td>{t(`indicators.periods.${indicator.period}`)}</td>
                <td>{indicator.linkedTo.length ? indicator.linkedTo.join(", ") : "–"}</td>
                <td>{indicator.latestPeriod ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {defines ? (
        <section aria-labelledby="new-indicator-heading" className="panel">
          <h2 id="new-indicator-heading">{t("indicators.newTitle")}</h2>
          <IndicatorForm id="create-indicator" intent="create" lastResult={lastResult} submitLabel={t("indicators.create")} />
        </section>
      ) : null}
    </div>
  );
}
