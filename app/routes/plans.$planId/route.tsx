import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BoardError, moveAssignment, type BoardErrorCode } from "~/models/assignment.server";
import { loadBoard } from "~/models/board.server";
import type { loader as rootLoader } from "~/root";
import { moveIntents, parseMove } from "~/schemas/board.server";
import { authorize, requireActor } from "~/utils/auth.server";
import { resolveLocale } from "~/utils/locale.server";
import { planIdFrom } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { BoardView } from "./board";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.title} · Planboard` : "Planboard" },
];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const planId = planIdFrom(args.params);
  const [loaded, locale] = await Promise.all([loadBoard(args.context.db, planId, actor.id), resolveLocale(args.request)]);
  if (!loaded) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: loaded.organisationId });
  // The browser needs the cards in order, not their ordering keys.
  const { followId, ...board } = { ...loaded, cards: loaded.cards.map(({ position: _position, ...card }) => card) };
  return { board, locale, now: new Date().toISOString(), followId };
}

/** The intents the action takes: read by the authorisation matrix test (on the server; empty in the browser). */
export const intents = moveIntents;

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const planId = planIdFrom(args.params);
  const submission = parseMove(await args.request.formData());
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), error: null }, { status: 400 });
  }
  const move = submission.value;
  try {
    const moved = await moveAssignment(args.context.db, actor, {
      planId,
      assignmentId: move.assignmentId,
      version: move.version,
      toColumnId: move.toColumnId,
      toFocusAreaId: move.toFocusAreaId,
      placement: move.position !== undefined ? { position: move.position } : { afterId: move.afterId === "start" ? null : (move.afterId ?? null) },
    });
    if (move.returnTo === "board") return redirect(`/plans/${planId}#card-${moved.assignmentId}`);
    return { result: submission.reply(), error: null, version: moved.version };
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    return Response.json({ result: submission.reply(), error: error.code }, { status: error.status });
  }
}

export default function PlanBoard() {
  const { board, locale, now, followId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const actor = useRouteLoaderData<typeof rootLoader>("root")?.actor ?? null;
  const { t } = useTranslation();
  const managesPlan = actor !== null && can(actor, "plan:manage", { organisationId: board.organisationId });

  return (
    <div className="board-page">
      <p className="breadcrumb">
        <Link to="/plans">{t("board.backToPlans")}</Link>
      </p>
      <div className="board-title">
        <h1>{board.title}</h1>
        <div className="button-row">
          <Form method="post" action="/following">
            <input type="hidden" name="redirectTo" value={`/plans/${board.id}`} />
            {followId ? <input type="hidden" name="followId" value={followId} /> : <input type="hidden" name="planId" value={board.id} />}
            <button type="submit" name="intent" value={followId ? "unfollow" : "follow"} aria-pressed={followId !== null}>
              {followId ? t("follow.unfollowPlan") : t("follow.followPlan")}
            </button>
          </Form>
        {managesPlan ? (
          <>
            <Link className="button" to={`/plans/${board.id}/sharing`}>
              {t("share.link")}
            </Link>
            <Link className="button" to={`/plans/${board.id}/settings`}>
              {t("board.settings")}
            </Link>
            <Link className="button primary" to={`/plans/${board.id}/assignments/new`}>
              {t("board.newAssignment")}
            </Link>
          </>
        ) : null}
        </div>
      </div>
      {board.description ? <p className="lead">{board.description}</p> : null}
      <nav className="board-links" aria-label={t("board.followUp")}>
        <Link to={`/plans/${board.id}/summary`}>{t("summary.planLink")}</Link>
        <Link to={`/plans/${board.id}/activity`}>{t("activity.navTitle")}</Link>
        <Link to={`/plans/${board.id}/flow`}>{t("flow.link")}</Link>
        <a href={`/plans/${board.id}/feed.atom`}>{t("summary.feedLink")}</a>
        <a href={`/plans/${board.id}/activity.atom`}>{t("activity.feedLink")}</a>
        <details className="export-menu">
          <summary>{t("exports.title")}</summary>
          <ul>
            <li>
              <a href={`/plans/${board.id}/assignments.csv`}>{t("exports.assignmentsCsv")}</a> (
              <a href={`/plans/${board.id}/assignments.csv?delimiter=semicolon`}>{t("exports.excel")}</a>)
            </li>
            <li>
              <a href={`/plans/${board.id}/history.csv`}>{t("exports.historyCsv")}</a> (
              <a href={`/plans/${board.id}/history.csv?delimiter=semicolon`}>{t("exports.excel")}</a>)
            </li>
            <li>
              <a href={`/plans/${board.id}/export.json`}>{t("exports.json")}</a>
            </li>
          </ul>
        </details>
      </nav>
      {actionData?.error ? (
        <p className="alert" role="alert">
          {t(`errors.board.${actionData.error as BoardErrorCode}`)}
        </p>
      ) : null}
      <BoardView board={board} locale={locale} now={now} actor={actor} eventsUrl={`/plans/${board.id}/events`} linkCards />
    </div>
  );
}
