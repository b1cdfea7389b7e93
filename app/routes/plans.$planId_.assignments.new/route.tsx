import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { z } from "zod";
import { AssignmentFields } from "~/components/assignment-fields";
import { SchemaForm, SelectField, useSchemaForm } from "~/components/form";
import { BoardError, createAssignment, loadAssignmentFormOptions } from "~/models/assignment.server";
import { findPlan } from "~/models/plan.server";
import { createAssignmentSchema } from "~/schemas/assignment";
import { authorize, requireActor } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { readParams, readQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const paramsSchema = z.object({ planId: z.uuid() });
/** The cell the new card goes into, when the board's "add" link names one. */
const presetSchema = z.object({ columnId: z.uuid().optional(), focusAreaId: z.uuid().optional() });

async function managedPlan(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { planId } = readParams(args.params, paramsSchema);
  const plan = await findPlan(args.context.db, planId);
  if (!plan || plan.archivedAt) throw new Response("Not found", { status: 404 });
  authorize(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  return { actor, plan };
}

export async function loader(args: LoaderFunctionArgs) {
  const { plan } = await managedPlan(args);
  const preset = readQuery(args.request, presetSchema);
  const options = await loadAssignmentFormOptions(args.context.db, plan.organisationId, plan.id);
  const columnId = options.columns.find((column) => column.id === preset.columnId)?.id ?? options.columns[0]?.id;
  const focusAreaId = options.focusAreas.find((area) => area.id === preset.focusAreaId)?.id ?? options.focusAreas[0]?.id;
  return { plan: { id: plan.id, title: plan.title }, options, preset: { columnId, focusAreaId } };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [createAssignmentSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const { actor, plan } = await managedPlan(args);
  const submission = await parseForm(args.request, createAssignmentSchema);
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { value } = submission;
  try {
    const created = await createAssignment(args.context.db, actor, plan.id, {
      title: value.title,
      description: value.description,
      focusAreaId: value.focusAreaId,
      columnId: value.columnId,
      workingGroupId: value.workingGroupId ?? null,
      responsibleIds: value.responsibleIds,
      dueOn: value.dueOn ?? null,
    });
    return redirect(`/plans/${plan.id}#card-${created.id}`);
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    return Response.json(submission.reply({ formErrors: [`errors.board.${error.code}`] }), { status: error.status });
  }
}

export default function NewAssignment() {
  const { plan, options, preset } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "new-assignment",
    schema: createAssignmentSchema,
    lastResult,
    defaultValue: { focusAreaId: preset.focusAreaId, columnId: preset.columnId },
  });
  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
      </p>
      <h1>{t("assignment.newTitle")}</h1>
      <SchemaForm form={form} className="stack">
        <input type="hidden" name="intent" value="create" />
        <AssignmentFields fields={fields} options={options} mayChangeGroup />
        <SelectField field={fields.columnId} label={t("assignment.column")}>
          {options.columns.map((column) => (
            <option key={column.id} value={column.id}>
              {column.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="primary">
          {t("assignment.create")}
        </button>
      </SchemaForm>
    </div>
  );
}
