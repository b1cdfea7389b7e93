import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { z } from "zod";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { ErrorList, SchemaForm, useSchemaForm } from "~/components/form";
import { listUnits, unitBelongsTo } from "~/models/person.server";
import {
  addColumn,
  addFocusArea,
  moveColumn,
  moveFocusArea,
  removeColumn,
  removeFocusArea,
  updateColumn,
  updateFocusArea,
} from "~/models/plan-structure.server";
import { findPlan, loadPlanSettings, PlanError, setPlanArchived, updatePlan } from "~/models/plan.server";
import { planSettingsSchema, updatePlanSchema, type PlanSettingsSubmission } from "~/schemas/plan";
import { authorize, requireActor } from "~/utils/auth.server";
import type { Db } from "~/utils/db.server";
import { parseForm } from "~/utils/form.server";
import { readParams } from "~/utils/params.server";
import { actsFor, type Actor } from "~/utils/permissions";
import { PlanFields } from "../plans.new/plan-fields";
import { LaneSection, Notice, type LaneNotice } from "./lanes";
import settingsStyles from "./settings.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.plan.title} · Planboard` : "Planboard" },
];

const paramsSchema = z.object({ planId: z.uuid() });

/** Signed in, and allowed to manage this plan: 404 for another organisation's, 403 for anyone else. */
async function requirePlanManager(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { planId } = readParams(args.params, paramsSchema);
  const plan = await findPlan(args.context.db, planId);
  if (!plan) throw new Response("Not found", { status: 404 });
  authorize(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  return { actor, planId: plan.id };
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, planId } = await requirePlanManager(args);
  const [plan, units] = await Promise.all([
    loadPlanSettings(args.context.db, planId),
    listUnits(args.context.db, actor.organisationId),
  ]);
  if (!plan) throw new Response("Not found", { status: 404 });
  return { plan, units: units.filter((unit) => actsFor(actor, unit.id)) };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = planSettingsSchema.options.map((option) => option.shape.intent.value);

/** Which form on the page a submission came from, so that only that form shows its errors. */
function formKeyOf(payload: Record<string, unknown>): string {
  const id = payload.columnId ?? payload.focusAreaId;
  return typeof id === "string" ? `${String(payload.intent)}:${id}` : String(payload.intent);
}

interface Outcome {
  notice: LaneNotice;
  resetForm?: boolean;
  moved?: { id: string; direction: "up" | "down" };
}

async function perform(db: Db, actor: Actor, planId: string, value: PlanSettingsSubmission): Promise<Outcome> {
  switch (value.intent) {
    case "update-plan":
      await updatePlan(db, actor, planId, value);
      return { notice: { section: "details", key: "settings.notices.detailsSaved" } };
    case "archive-plan":
      await setPlanArchived(db, actor, planId, true);
      return { notice: { section: "plan", key: "settings.notices.archived" } };
    case "restore-plan": {
      const { title } = await setPlanArchived(db, actor, planId, false);
      return { notice: { section: "plan", key: "settings.notices.restored", values: { title } } };
    }
    case "add-column":
      await addColumn(db, actor, planId, value);
      return { notice: { section: "column", key: "settings.column.added", values: { name: value.name } }, resetForm: true };
    case "update-column":
      await updateColumn(db, actor, planId, value.columnId, {
        name: value.name,
        wipLimit: value.wipLimit ?? null,
        isDone: value.isDone,
      });
      return { notice: { section: "column", key: "settings.column.saved", values: { name: value.name } } };
    case "move-column": {
      const moved = await moveColumn(db, actor, planId, value.columnId, value.direction);
      return {
        notice: { section: "column", key: "settings.column.moved", values: { name: moved.name, position: moved.position, size: moved.size } },
        moved: { id: value.columnId, direction: value.direction },
      };
    }
    case "remove-column": {
      const removed = await removeColumn(db, actor, planId, value.columnId, value.targetColumnId ?? null);
      return { notice: removalNotice("column", removed) };
    }
    case "add-focus-area":
      await addFocusArea(db, actor, planId, value);
      return { notice: { section: "focusArea", key: "settings.focusArea.added", values: { name: value.name } }, resetForm: true };
    case "update-focus-area":
      await updateFocusArea(db, actor, planId, value.focusAreaId, value);
      return { notice: { section: "focusArea", key: "settings.focusArea.saved", values: { name: value.name } } };
    case "move-focus-area": {
      const moved = await moveFocusArea(db, actor, planId, value.focusAreaId, value.direction);
      return {
        notice: { section: "focusArea", key: "settings.focusArea.moved", values: { name: moved.name, position: moved.position, size: moved.size } },
        moved: { id: value.focusAreaId, direction: value.direction },
      };
    }
    case "remove-focus-area": {
      const removed = await removeFocusArea(db, actor, planId, value.focusAreaId, value.targetFocusAreaId ?? null);
      return { notice: removalNotice("focusArea", removed) };
    }
  }
}

function removalNotice(
  section: "column" | "focusArea",
  removed: { name: string; targetName: string | null; openMoved: number; archivedMoved: number },
): LaneNotice {
  const count = removed.openMoved + removed.archivedMoved;
  return count === 0
    ? { section, key: `settings.${section}.removed`, values: { name: removed.name } }
    : { section, key: `settings.${section}.removedWithCards`, values: { name: removed.name, target: removed.targetName ?? "", count } };
}

export interface SettingsActionData {
  form: string;
  result: SubmissionResult<string[]>;
  notice: LaneNotice | null;
  moved: { id: string; direction: "up" | "down" } | null;
}

const answer = (data: SettingsActionData, status = 200) => Response.json(data, { status });

export async function action(args: ActionFunctionArgs) {
  const { actor, planId } = await requirePlanManager(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, planSettingsSchema, async (value, ctx) => {
    if (value.intent === "update-plan" && value.unitId && (!actsFor(actor, value.unitId) || !(await unitBelongsTo(db, actor.organisationId, value.unitId)))) {
      ctx.addIssue({ code: "custom", path: ["unitId"], message: "errors.choose" });
    }
  }, { reads: ["unitId"] });
  const form = formKeyOf(submission.payload);
  if (submission.status !== "success") return answer({ form, result: submission.reply(), notice: null, moved: null }, 400);

  try {
    const outcome = await perform(db, actor, planId, submission.value);
    return answer({
      form,
      result: submission.reply({ resetForm: outcome.resetForm ?? false }),
      notice: outcome.notice,
      moved: outcome.moved ?? null,
    });
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") {
      throw new Response(error.code === "not-found" ? "Not found" : "Forbidden", { status: error.status });
    }
    const message = `settings.errors.${error.code}`;
    const targetField = submission.value.intent === "remove-column" ? "targetColumnId" : "targetFocusAreaId";
    const result =
      error.code === "target-required" || error.code === "invalid-target"
        ? submission.reply({ fieldErrors: { [targetField]: [message] } })
        : submission.reply({ formErrors: [message] });
    return answer({ form, result, notice: null, moved: null }, error.status);
  }
}

export default function PlanSettings() {
  const { plan, units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SettingsActionData | undefined;
  const { t } = useTranslation();
  const archived = plan.archivedAt !== null;
  const planNotice = actionData?.notice?.section === "plan" ? actionData.notice : null;
  const planResult = actionData && (actionData.form === "archive-plan" || actionData.form === "restore-plan") ? actionData.result : undefined;
  const planErrors = planResult?.error?.[""] ?? planResult?.error?.confirm;

  return (
    <div className="page settings-page">
      <p className="breadcrumb">
        <Link to="/plans">{t("board.backToPlans")}</Link>
        {archived ? null : (
          <>
            {" · "}
            <Link to={`/plans/${plan.id}`}>{t("settings.toBoard")}</Link>
          </>
        )}
      </p>
      <h1>{t("settings.title", { title: plan.title })}</h1>
      <Notice notice={planNotice} />
      <ErrorList errors={planErrors ?? undefined} />

      {archived ? (
        <section className="panel notice" aria-labelledby="archived-heading">
          <h2 id="archived-heading">{t("settings.archivedAt")}</h2>
          <p>{t("settings.archivedNotice")}</p>
          <Form method="post" preventScrollReset>
            <button type="submit" name="intent" value="restore-plan" className="primary">
              {t("settings.restore")}
            </button>
          </Form>
        </section>
      ) : (
        <>
          <DetailsSection plan={plan} units={units} actionData={actionData} />
          <LaneSection kind="column" lanes={plan.columns} actionData={actionData} />
          <LaneSection kind="focusArea" lanes={plan.focusAreas} actionData={actionData} />
          <section className="panel" aria-labelledby="archive-heading">
            <h2 id="archive-heading">{t("settings.archiveTitle")}</h2>
            <p>{t("settings.archiveIntro")}</p>
            <Form method="post" preventScrollReset>
              <ConfirmedSubmit
                name="intent"
                value="archive-plan"
                label={t("settings.archive")}
                question={t("confirm.archivePlan.question", { title: plan.title })}
                consequence={t("confirm.archivePlan.consequence")}
                confirmLabel={t("confirm.archivePlan.yes")}
              />
            </Form>
          </section>
        </>
      )}
    </div>
  );
}

function DetailsSection({
  plan,
  units,
  actionData,
}: {
  plan: {
    title: string;
    description: string;
    startsOn: string | null;
    endsOn: string | null;
    unitId: string | null;
    unitName: string | null;
    centralPlanId: string | null;
  };
  units: Array<{ id: string; name: string }>;
  actionData: SettingsActionData | undefined;
}) {
  const { t } = useTranslation();
  const adoptingUnit = plan.centralPlanId ? { id: plan.unitId, name: plan.unitName } : null;
  const [form, fields] = useSchemaForm({
    id: "plan-details",
    schema: updatePlanSchema,
    lastResult: actionData?.form === "update-plan" ? actionData.result : undefined,
    defaultValue: {
      title: plan.title,
      description: plan.description,
      startsOn: plan.startsOn ?? "",
      endsOn: plan.endsOn ?? "",
      unitId: plan.unitId ?? "",
    },
  });
  return (
    <section className="panel" aria-labelledby="details-heading">
      <h2 id="details-heading">{t("settings.details")}</h2>
      <SchemaForm form={form} className="stack details-form" preventScrollReset>
        <input type="hidden" name="intent" value="update-plan" />
        <PlanFields fields={fields} units={units} adoptingUnit={adoptingUnit} />
        <button type="submit" className="primary">
          {t("settings.saveDetails")}
        </button>
        <Notice notice={actionData?.notice?.section === "details" ? actionData.notice : null} />
      </SchemaForm>
    </section>
  );
}
