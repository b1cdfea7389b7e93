import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { adoptPlan, AdoptionError, loadAdoptionChoices } from "~/models/adoption.server";
import { loadCentralMatrix } from "~/models/central-view.server";
import { adoptSchema } from "~/schemas/adoption";
import { parseForm } from "~/utils/form.server";
import { can } from "~/utils/permissions";
import { requireReadablePlan } from "~/utils/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.title} · Planboard` : "Planboard" }];

/**
 * The central plan and the units this person may adopt it for: offered there, not yet adopted,
 * and theirs to manage. None: 403 (another organisation's plan: 404).
 */
async function adoptablePlan(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  const matrix = await loadCentralMatrix(args.context.db, plan.id);
  if (!matrix || plan.archivedAt) throw new Response("Not found", { status: 404 });
  const units = matrix.units
    .filter((unit) => unit.adoptedPlanId === null && can(actor, "unit:manage", { organisationId: plan.organisationId, unitId: unit.id }))
    .map(({ id, name }) => ({ id, name }));
  if (units.length === 0) throw new Response("Forbidden", { status: 403 });
  return { actor, plan, units };
}

export async function loader(args: LoaderFunctionArgs) {
  const { plan, units } = await adoptablePlan(args);
  return { plan: { id: plan.id, title: plan.title }, units, focusAreas: await loadAdoptionChoices(args.context.db, plan.id) };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [adoptSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const { actor, plan, units } = await adoptablePlan(args);
  const submission = await parseForm(args.request, adoptSchema, (value, ctx) => {
    if (!units.some((unit) => unit.id === value.unitId)) ctx.addIssue({ code: "custom", path: ["unitId"], message: "errors.choose" });
  });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    const { value } = submission;
    const unitName = units.find((unit) => unit.id === value.unitId)!.name;
    const adopted = await adoptPlan(args.context.db, actor, plan.id, value.unitId, { ...value, title: value.title || `${plan.title} – ${unitName}` });
    return redirect(`/plans/${adopted.id}`);
  } catch (error) {
    if (!(error instanceof AdoptionError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") throw new Response(error.code, { status: error.status });
    return Response.json(submission.reply({ formErrors: [`central.errors.${error.code}`] }), { status: error.status });
  }
}

export default function Adopt() {
  const { plan, units, focusAreas } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const first = units[0]!;
  const [form, fields] = useSchemaForm({
    id: "adopt",
    schema: adoptSchema,
    lastResult,
    defaultValue: {
      unitId: first.id,
      focusAreaIds: focusAreas.map((area) => area.id),
      assignmentIds: focusAreas.flatMap((area) => area.assignments.map((card) => card.id)),
    },
  });
  const chosenAreas = new Set(fields.focusAreaIds.initialValue as string[] | undefined);
  const chosenCards = new Set(fields.assignmentIds.initialValue as string[] | undefined);

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}/units`}>{t("central.backToCentral", { title: plan.title })}</Link>
      </p>
      <h1>{t("adopt.title", { title: plan.title })}</h1>
      <p className="lead">{t("adopt.intro")}</p>
      <SchemaForm form={form} className="stack panel">
        {units.length > 1 ? (
          <SelectField field={fields.unitId} label={t("adopt.unit")}>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </SelectField>
        ) : (
          <>
            <input type="hidden" name="unitId" value={first.id} />
            <p>{t("adopt.forUnit", { unit: first.name })}</p>
          </>
        )}
        <TextField field={fields.title} label={t("adopt.boardTitle")} hint={t("adopt.boardTitleHint", { title: plan.title })} autoComplete="off" />
        <fieldset className="field adopt-choices">
          <legend>{t("adopt.choose")}</legend>
          <p className="hint">{t("adopt.chooseHint")}</p>
          {focusAreas.map((area) => (
            <fieldset key={area.id} className="adopt-area">
              <legend>
                <label className="choice">
                  <input type="checkbox" name="focusAreaIds" value={area.id} defaultChecked={chosenAreas.has(area.id)} />
                  <strong>{area.name}</strong>
                </label>
              </legend>
              {area.assignments.length === 0 ? (
                <p className="muted">{t("adopt.noAssignments")}</p>
              ) : (
                area.assignments.map((card) => (
                  <label key={card.id} className="choice">
                    <input type="checkbox" name="assignmentIds" value={card.id} defaultChecked={chosenCards.has(card.id)} />
                    {card.title}
                  </label>
                ))
              )}
            </fieldset>
          ))}
        </fieldset>
        <button type="submit" name="intent" value="adopt" className="primary">
          {t("adopt.submit")}
        </button>
      </SchemaForm>
    </div>
  );
}
