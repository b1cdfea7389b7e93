import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { SchemaForm, useSchemaForm } from "~/components/form";
import { listUnits, unitBelongsTo } from "~/models/person.server";
import { createPlan, DEFAULT_COLUMNS, DEFAULT_FOCUS_AREA } from "~/models/plan.server";
import type { loader as rootLoader } from "~/root";
import { createPlanSchema } from "~/schemas/plan";
import { requirePermission } from "~/utils/auth.server";
import { actsFor } from "~/utils/permissions";
import { parseForm } from "~/utils/form.server";
import { defaultLocale, intlLocale } from "~/utils/i18n";
import { PlanFields } from "./plan-fields";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const manageOwnPlans = (args: LoaderFunctionArgs) =>
  requirePermission(args, "plan:manage", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

export async function loader(args: LoaderFunctionArgs) {
  const actor = await manageOwnPlans(args);
  const units = (await listUnits(args.context.db, actor.organisationId)).filter((unit) => actsFor(actor, unit.id));
  return { units, defaultColumns: DEFAULT_COLUMNS.map((column) => column.name), defaultFocusArea: DEFAULT_FOCUS_AREA };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [createPlanSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await manageOwnPlans(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, createPlanSchema, async (value, ctx) => {
    if (value.unitId && (!actsFor(actor, value.unitId) || !(await unitBelongsTo(db, actor.organisationId, value.unitId)))) {
      ctx.addIssue({ code: "custom", path: ["unitId"], message: "errors.choose" });
    }
  }, { reads: ["unitId"] });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const plan = await createPlan(db, actor, submission.value);
  return redirect(`/plans/${plan.id}/settings`);
}

export default function NewPlan() {
  const { units, defaultColumns, defaultFocusArea } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "create-plan", schema: createPlanSchema, lastResult });

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/plans">{t("board.backToPlans")}</Link>
      </p>
      <h1>{t("planForm.newTitle")}</h1>
      <p className="lead">
        {t("planForm.defaults", {
          columns: new Intl.ListFormat(intlLocale[locale], { type: "conjunction" }).format(defaultColumns),
          focusArea: defaultFocusArea,
        })}
      </p>
      <SchemaForm form={form} className="stack panel">
        <input type="hidden" name="intent" value="create" />
        <PlanFields fields={fields} units={units} />
        <button type="submit" className="primary">
          {t("planForm.create")}
        </button>
      </SchemaForm>
    </div>
  );
}
