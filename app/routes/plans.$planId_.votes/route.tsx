import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RadioField, SchemaForm, TextField, useSchemaForm } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { listVotes, openVote, VoteError } from "~/models/vote.server";
import { openVoteSchema } from "~/schemas/vote";
import { authorize } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatCalendarDate, formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { can } from "~/utils/permissions";
import { requireReadablePlan } from "~/utils/plan-access.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.title} · Planboard` : "Planboard" }];

const stockholmToday = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });

export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  if (plan.archivedAt) throw new Response("Not found", { status: 404 });
  const [votes, locale] = await Promise.all([listVotes(args.context.db, plan.id), resolveLocale(args.request)]);
  return {
    plan: { id: plan.id, title: plan.title, hasUnit: plan.unitId !== null },
    votes,
    locale,
    today: stockholmToday(),
    opens: plan.unitId !== null && can(actor, "unit:manage", { organisationId: plan.organisationId, unitId: plan.unitId }),
  };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [openVoteSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  authorize(actor, "unit:manage", { organisationId: plan.organisationId, unitId: plan.unitId });
  if (plan.unitId === null) throw new Response("Conflict", { status: 409 });
  const today = stockholmToday();
  const submission = await parseForm(args.request, openVoteSchema, (value, ctx) => {
    if (value.closesOn < today) ctx.addIssue({ code: "custom", path: ["closesOn"], message: "errors.dateInPast" });
  }, { reads: ["closesOn"] });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  try {
    const vote = await openVote(args.context.db, actor, plan.id, submission.value);
    return redirect(`/votes/${vote.id}`);
  } catch (error) {
    if (!(error instanceof VoteError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") throw new Response(error.code, { status: error.status });
    return Response.json(submission.reply({ formErrors: [`votes.errors.${error.code}`] }), { status: error.status });
  }
}

export default function PlanVotes() {
  const { plan, votes, locale, today, opens } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({ id: "open-vote", schema: openVoteSchema, lastResult, defaultValue: { pointKind: "focus_area", maxChoices: "5" } });

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/plans/${plan.id}`}>{t("central.backToBoard", { title: plan.title })}</Link>
      </p>
      <h1>{t("votes.title", { title: plan.title })}</h1>
      <p className="lead">{t("votes.intro")}</p>
      {votes.length === 0 ? (
        <p>{t("votes.none")}</p>
      ) : (
        <ul className="vote-list">
          {votes.map((vote) => (
            <li key={vote.id}>
              <Link to={`/votes/${vote.id}`}>{vote.title}</Link>{" "}
              <span className="muted">
                · {vote.closed ? t("votes.closed") : t("votes.closesAt", { when: formatInstant(vote.closesAt, locale) })} ·{" "}
                {t("votes.votedCount", { count: Number(vote.voted) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {opens ? (
        <section aria-labelledby="start-vote-heading" className="panel">
          <h2 id="start-vote-heading">{t("votes.openTitle")}</h2>
          <SchemaForm form={form} className="stack">
            <TextField field={fields.title} label={t("votes.voteTitle")} hint={t("votes.voteTitleHint")} autoComplete="off" />
            <RadioField
              field={fields.pointKind}
              legend={t("votes.pointKind")}
              choices={(["focus_area", "assignment"] as const).map((kind) => ({ value: kind, label: t(`votes.kinds.${kind}`) }))}
            />
            <TextField field={fields.maxChoices} label={t("votes.maxChoices")} type="number" min={1} max={50} />
            <TextField field={fields.closesOn} label={t("votes.closesOn")} hint={t("votes.closesOnHint", { today: formatCalendarDate(today, locale) })} type="date" min={today} />
            <button type="submit" name="intent" value="open" className="primary">
              {t("votes.open")}
            </button>
          </SchemaForm>
        </section>
      ) : !plan.hasUnit ? (
        <p className="muted">{t("votes.planWithoutUnit")}</p>
      ) : null}
    </div>
  );
}
