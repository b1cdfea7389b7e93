import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorList } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { AdoptionError, answerCentralChange, loadCentralChanges } from "~/models/adoption.server";
import { centralChangeSchema } from "~/schemas/adoption";
import { authorize } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { can } from "~/utils/permissions";
import { requireReadablePlan } from "~/utils/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.title} · Planboard` : "Planboard" }];

/** An adopted board and what its central plan changed since; any other plan has no such page (404). */
async function adoptedPlan(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  const changes = await loadCentralChanges(args.context.db, plan.id);
  if (!changes || plan.archivedAt) throw new Response("Not found", { status: 404 });
  return { actor, plan, changes };
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan, changes } = await adoptedPlan(args);
  return {
    plan: { id: plan.id, title: plan.title },
    changes,
    manages: can(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId }),
  };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = centralChangeSchema.options.map((option) => option.shape.intent.value);

export async function action(args: ActionFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  authorize(actor, "plan:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  const submission = await parseForm(args.request, centralChangeSchema);
  if (submission.status !== "success") return Response.json({ error: "errors.choose", notice: null }, { status: 400 });
  const { value } = submission;
  try {
    const { name } = await answerCentralChange(args.context.db, actor, plan.id, value);
    return { error: null, notice: { key: `changes.done.${value.intent}`, name } };
  } catch (error) {
    if (!(error instanceof AdoptionError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") throw new Response(error.code, { status: error.status });
    return Response.json({ error: `central.errors.${error.code}`, notice: null }, { status: error.status });
  }
}

type Change = { originId: string; name: string; previousName: string | null; focusAreaName: string | null };
type Answer = "take" | "decline" | "rename" | "keep-name";

export default function CentralChanges() {
  const { plan, changes, manages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const pending =
    changes.newFocusAreas.length + changes.newAssignments.length + changes.renamedFocusAreas.length + changes.renamedAssignments.length;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}`}>{t("central.backToBoard", { title: plan.title })}</Link>
      </p>
      <h1>{t("changes.title")}</h1>
      <p className="lead">
        {t("changes.intro", { central: changes.centralTitle })}{" "}
        <Link to={`/plans/${changes.centralPlanId}/units`}>{t("changes.centralView")}</Link>
      </p>
      <p role="status" className="success">
        {actionData?.notice ? t(actionData.notice.key, { name: actionData.notice.name }) : null}
      </p>
      <ErrorList errors={actionData?.error ? [actionData.error] : null} />
      {pending === 0 ? <p>{t("changes.none")}</p> : null}
      <ChangeList title={t("changes.newFocusAreas")} kind="focusArea" items={changes.newFocusAreas} answers={["take", "decline"]} manages={manages} />
      <ChangeList title={t("changes.newAssignments")} kind="assignment" items={changes.newAssignments} answers={["take", "decline"]} manages={manages} />
      <ChangeList title={t("changes.renamedFocusAreas")} kind="focusArea" items={changes.renamedFocusAreas} answers={["rename", "keep-name"]} manages={manages} />
      <ChangeList title={t("changes.renamedAssignments")} kind="assignment" items={changes.renamedAssignments} answers={["rename", "keep-name"]} manages={manages} />
      {changes.declinedFocusAreas.length + changes.declinedAssignments.length > 0 ? (
        <details className="panel">
          <summary>{t("changes.declined", { count: changes.declinedFocusAreas.length + changes.declinedAssignments.length })}</summary>
          <ChangeList title={t("changes.declinedFocusAreas")} kind="focusArea" items={changes.declinedFocusAreas} answers={["take"]} manages={manages} />
          <ChangeList title={t("changes.declinedAssignments")} kind="assignment" items={changes.declinedAssignments} answers={["take"]} manages={manages} />
        </details>
      ) : null}
    </div>
  );
}

function ChangeList({ title, kind, items, answers, manages }: { title: string; kind: "focusArea" | "assignment"; items: Change[]; answers: Answer[]; manages: boolean }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  if (items.length === 0) return null;
  return (
    <section className="panel change-list" aria-label={title}>
      <h2>{title}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.originId}>
            <p>
              {item.previousName !== null ? t("changes.renamedFrom", { from: item.previousName, to: item.name }) : <strong>{item.name}</strong>}
              {item.focusAreaName ? <span className="muted"> · {item.focusAreaName}</span> : null}
            </p>
            {manages ? (
              <Form method="post" className="button-row">
                <input type="hidden" name="kind" value={kind} />
                <input type="hidden" name="originId" value={item.originId} />
                {answers.map((answer) => (
                  <button key={answer} type="submit" name="intent" value={answer} className={answer === "take" || answer === "rename" ? "primary" : undefined} disabled={navigation.state === "submitting"}>
                    {t(`changes.answers.${answer}`)}
                    <span className="visually-hidden"> {item.name}</span>
                  </button>
                ))}
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
