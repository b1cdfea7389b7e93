import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ErrorList } from "~/components/form";
import { useTranslation } from "~/components/i18n";
import { adoptPriorities, castBallot, closeVote, findVoteOwner, loadVote, VoteError } from "~/models/vote.server";
import { voteActionSchema } from "~/schemas/vote";
import { authorize, requireActor } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { readParams } from "~/utils/params.server";
import { can } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.vote.title} · Planboard` : "Planboard" }];

const paramsSchema = z.object({ voteId: z.uuid() });

/** The vote named in the URL, if the person's organisation holds it (else 404, or sign-in). */
async function readableVote(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { voteId } = readParams(args.params, paramsSchema);
  const owner = await findVoteOwner(args.context.db, voteId);
  if (!owner) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: owner.organisationId, unitId: owner.unitId });
  return { actor, owner };
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, owner } = await readableVote(args);
  const [vote, locale] = await Promise.all([loadVote(args.context.db, owner.id, actor), resolveLocale(args.request)]);
  if (!vote) throw new Response("Not found", { status: 404 });
  return { vote, locale, manages: can(actor, "unit:manage", { organisationId: owner.organisationId, unitId: owner.unitId }) };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = voteActionSchema.options.map((option) => option.shape.intent.value);

type Notice = "votes.cast" | "votes.closedNow" | "votes.adopted";

export async function action(args: ActionFunctionArgs) {
  const { actor, owner } = await readableVote(args);
  const submission = await parseForm(args.request, voteActionSchema);
  // Anyone of the unit votes; only its strategic developers close a vote or adopt its result.
  if (submission.payload.intent !== "cast") authorize(actor, "unit:manage", { organisationId: owner.organisationId, unitId: owner.unitId });
  if (submission.status !== "success") return Response.json({ error: "errors.choose", notice: null }, { status: 400 });
  const { value } = submission;
  try {
    let notice: Notice;
    switch (value.intent) {
      case "cast":
        await castBallot(args.context.db, actor, owner.id, value.pointIds);
        notice = "votes.cast";
        break;
      case "close":
        await closeVote(args.context.db, actor, owner.id);
        notice = "votes.closedNow";
        break;
      case "adopt":
        await adoptPriorities(args.context.db, actor, owner.id, value.top);
        notice = "votes.adopted";
        break;
    }
    return { error: null, notice };
  } catch (error) {
    if (!(error instanceof VoteError)) throw error;
    if (error.code === "not-found" || error.code === "forbidden") throw new Response(error.code, { status: error.status });
    return Response.json({ error: `votes.errors.${error.code}`, notice: null }, { status: error.status });
  }
}

export default function VotePage() {
  const { vote, locale, manages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to={`/plans/${vote.planId}/votes`}>{t("votes.backToVotes", { title: vote.planTitle })}</Link>
      </p>
      <h1>{vote.title}</h1>
      <p className="lead">
        {t("votes.among", { unit: vote.unitName })} ·{" "}
        {vote.closed ? t("votes.closed") : t("votes.closesAt", { when: formatInstant(vote.closesAt, locale) })}
      </p>
      <p>
        <strong>{t("votes.turnout", { voted: vote.voted, eligible: vote.eligible })}</strong>
      </p>
      <p role="status" className="success">
        {actionData?.notice ? t(actionData.notice) : null}
      </p>
      <ErrorList errors={actionData?.error ? [actionData.error] : null} />
      {vote.result ? <Result vote={vote} manages={manages} /> : <Ballot vote={vote} />}
      {manages && !vote.closed ? (
        <Form method="post" className="panel">
          <p>{t("votes.closeIntro")}</p>
          <button type="submit" name="intent" value="close">
            {t("votes.closeNow")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

type LoadedVote = ReturnType<typeof useLoaderData<typeof loader>>["vote"];

/** "Choose up to N": checkboxes in a fieldset, with a live count; the server enforces the limit. */
function Ballot({ vote }: { vote: LoadedVote }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(() => new Set(vote.myChoices));
  if (!vote.mayVote) return <p>{t("votes.notEligible", { unit: vote.unitName })}</p>;
  const full = chosen.size >= vote.maxChoices;
  return (
    <Form method="post" className="panel stack">
      <fieldset className="field ballot" aria-describedby="ballot-count">
        <legend>{t("votes.choose", { count: vote.maxChoices })}</legend>
        {vote.points.map((point) => (
          <label key={point.id} className="choice">
            <input
              type="checkbox"
              name="pointIds"
              value={point.id}
              checked={chosen.has(point.id)}
              aria-disabled={full && !chosen.has(point.id) ? true : undefined}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) {
                  if (full) return;
                  next.add(point.id);
                } else next.delete(point.id);
                setChosen(next);
              }}
            />
            {point.label}
          </label>
        ))}
        <p id="ballot-count" className="hint" aria-live="polite">
          {t("votes.chosenCount", { chosen: chosen.size, max: vote.maxChoices })}
          {full ? ` ${t("votes.full")}` : null}
        </p>
      </fieldset>
      <p className="muted">{t("votes.secret")}</p>
      <button type="submit" name="intent" value="cast" className="primary">
        {vote.hasVoted ? t("votes.change") : t("votes.castButton")}
      </button>
    </Form>
  );
}

function Result({ vote, manages }: { vote: LoadedVote; manages: boolean }) {
  const { t } = useTranslation();
  const result = vote.result!;
  const ties = new Set(result.filter((point, _, all) => all.filter((other) => other.rank === point.rank).length > 1).map((point) => point.rank));
  return (
    <>
      <table className="data-table">
        <caption>{t("votes.resultCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("votes.rank")}</th>
            <th scope="col">{t("votes.point")}</th>
            <th scope="col">{t("votes.votes")}</th>
          </tr>
        </thead>
        <tbody>
          {result.map((point) => (
            <tr key={point.id}>
              <td>{ties.has(point.rank) ? t("votes.sharedRank", { rank: point.rank }) : point.rank}</td>
              <th scope="row">{point.label}</th>
              <td>{point.votes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages ? (
        <Form method="post" className="panel stack">
          <h2>{t("votes.adoptTitle")}</h2>
          <p>{vote.prioritiesAdoptedAt ? t("votes.adoptedAlready") : t("votes.adoptIntro")}</p>
          <label className="field">
            <span>{t("votes.top")}</span>
            <input type="number" name="top" min={1} max={vote.points.length} defaultValue={Math.min(vote.maxChoices, vote.points.length)} required />
          </label>
          <button type="submit" name="intent" value="adopt" className="primary">
            {t("votes.adopt")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
