import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckboxGroupField, SchemaForm, useSchemaForm } from "~/components/form";
import { ProgressBar } from "~/components/progress-bar";
import { useTranslation } from "~/components/i18n";
import { AdoptionError, listOffers, setOffers } from "~/models/adoption.server";
import { loadCentralMatrix, type CentralMatrix } from "~/models/central-view.server";
import { indicatorsForPlan } from "~/models/indicator.server";
import { IndicatorSections } from "~/components/indicator-chart";
import { resolveLocale } from "~/utils/locale.server";
import { listUnits } from "~/models/person.server";
import { offerSchema } from "~/schemas/adoption";
import { authorize } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { actsFor, can } from "~/utils/permissions";
import { requireReadablePlan } from "~/utils/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.matrix.plan.title} · Planboard` : "Planboard" }];

/** The central view is a central plan's; an adopted board has none of its own (404). */
async function centralPlan(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  const matrix = await loadCentralMatrix(args.context.db, plan.id);
  if (!matrix || plan.archivedAt) throw new Response("Not found", { status: 404 });
  return { actor, plan, matrix };
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan, matrix } = await centralPlan(args);
  const manages = can(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  const [offers, units] = manages
    ? await Promise.all([listOffers(args.context.db, plan.id), listUnits(args.context.db, actor.organisationId)])
    : [[], []];
  const [indicators, locale] = await Promise.all([indicatorsForPlan(args.context.db, plan.id), resolveLocale(args.request)]);
  return {
    matrix,
    indicators,
    locale,
    offer: manages
      ? { offeredUnitIds: offers.map((offer) => offer.unitId), units: units.filter((unit) => actsFor(actor, unit.id)) }
      : null,
    // Units of this person's that the plan is offered to and that have not adopted it: where "adopt" leads.
    adoptableUnits: matrix.units.filter(
      (unit) => unit.adoptedPlanId === null && can(actor, "unit:manage", { organisationId: plan.organisationId, unitId: unit.id }),
    ),
  };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [offerSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  authorize(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  const submission = await parseForm(args.request, offerSchema, (value, ctx) => {
    if (value.unitIds.some((unitId) => !actsFor(actor, unitId))) ctx.addIssue({ code: "custom", path: ["unitIds"], message: "errors.choose" });
  });
  if (submission.status !== "success") return Response.json({ result: submission.reply(), saved: false }, { status: 400 });
  try {
    await setOffers(args.context.db, actor, plan.id, submission.value.unitIds);
  } catch (error) {
    if (!(error instanceof AdoptionError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") throw new Response(error.code, { status: error.status });
    return Response.json({ result: submission.reply({ formErrors: [`central.errors.${error.code}`] }), saved: false }, { status: error.status });
  }
  return { result: submission.reply(), saved: true };
}

export default function CentralView() {
  const { matrix, offer, adoptableUnits, indicators, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const hasUnits = matrix.units.length > 0;

  return (
    <div className="page wide">
      <p className="breadcrumb">
        <Link to={`/plans/${matrix.plan.id}`}>{t("central.backToBoard", { title: matrix.plan.title })}</Link>
      </p>
      <h1>{t("central.title", { title: matrix.plan.title })}</h1>
      <p className="lead">{t("central.intro")}</p>
      {adoptableUnits.length > 0 ? (
        <p>
          <Link className="button primary" to={`/plans/${matrix.plan.id}/adopt`}>
            {t("central.adopt")}
          </Link>
        </p>
      ) : null}
      {hasUnits ? (
        <>
          <CentralTable matrix={matrix} />
          <p>
            <a href={`/plans/${matrix.plan.id}/units.csv`}>{t("central.csv")}</a> (
            <a href={`/plans/${matrix.plan.id}/units.csv?delimiter=comma`}>{t("exports.commas")}</a>)
          </p>
        </>
      ) : (
        <p>{t("central.notOffered")}</p>
      )}
      {indicators.length > 0 ? (
        <section aria-labelledby="central-indicators" className="indicator-group">
          <h2 id="central-indicators">{t("indicators.title")}</h2>
          <IndicatorSections series={indicators} locale={locale} headingLevel={3} />
        </section>
      ) : null}
      {offer ? <OfferForm offer={offer} lastResult={actionData?.result} saved={actionData?.saved ?? false} /> : null}
    </div>
  );
}

function CentralTable({ matrix }: { matrix: CentralMatrix }) {
  const { t } = useTranslation();
  const ownRowUsed = matrix.rows.some((row) => row.focusAreaId === null && row.cells.some((cell) => cell.total > 0));
  const rows = matrix.rows.filter((row) => row.focusAreaId !== null || ownRowUsed);
  const doneIn = (counts: number[]) => matrix.columns.reduce((sum, column, index) => sum + (column.isDone ? counts[index] ?? 0 : 0), 0);
  const statusLine = (counts: number[]) =>
    matrix.columns.map((column, index) => t("central.count", { column: column.name, count: counts[index] ?? 0 })).join(", ");
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="central-caption">
      <table className="data-table central-matrix">
        <caption id="central-caption">{t("central.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("central.focusArea")}</th>
            {matrix.units.map((unit) => (
              <th scope="col" key={unit.id}>
                {unit.adoptedPlanId ? <Link to={`/plans/${unit.adoptedPlanId}`}>{unit.name}</Link> : unit.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.focusAreaId ?? "own"}>
              <th scope="row">{row.name ?? t("central.ownFocusAreas")}</th>
              {row.cells.map((cell, index) => (
                <td key={matrix.units[index]!.id}>
                  {cell.counts === null ? (
                    <span className="muted">{t("central.notAdopted")}</span>
                  ) : (
                    <>
                      <Link to={cell.href ?? "#"} aria-label={`${matrix.units[index]!.name}, ${row.name ?? t("central.ownFocusAreas")}: ${statusLine(cell.counts)}`}>
                        {t("central.doneOf", { done: doneIn(cell.counts), total: cell.total })}
                      </Link>
                      <ProgressBar columns={matrix.columns.map((column, at) => ({ ...column, cardCount: cell.counts![at] ?? 0 }))} total={cell.total} />
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OfferForm({
  offer,
  lastResult,
  saved,
}: {
  offer: { offeredUnitIds: string[]; units: Array<{ id: string; name: string }> };
  lastResult?: Parameters<typeof useSchemaForm>[0]["lastResult"];
  saved: boolean;
}) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "offer", schema: offerSchema, lastResult, defaultValue: { unitIds: offer.offeredUnitIds } });
  return (
    <section aria-labelledby="offer-title" className="panel">
      <h2 id="offer-title">{t("central.offerTitle")}</h2>
      <p>{t("central.offerIntro")}</p>
      <p role="status" className="success">
        {saved ? t("central.offerSaved") : null}
      </p>
      <SchemaForm form={form} className="stack">
        <CheckboxGroupField field={fields.unitIds} legend={t("central.offerUnits")} choices={offer.units.map((unit) => ({ value: unit.id, label: unit.name }))} />
        <button type="submit" name="intent" value="offer" className="primary">
          {t("central.offerSave")}
        </button>
      </SchemaForm>
    </section>
  );
}
