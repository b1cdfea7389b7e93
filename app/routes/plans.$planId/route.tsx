import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData, useRouteLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { BoardError, createAssignment, moveAssignment, type BoardErrorCode } from "~/models/assignment.server";
import { loadBoard } from "~/models/board.server";
import type { loader as rootLoader } from "~/root";
import { boardFilterOf, boardIntents, filterParamsOf, parseBoardAction, parseBoardView } from "~/schemas/board.server";
import { authorize, requireActor } from "~/utils/auth.server";
import { ADD_CARD_INTENT, isBoardMove, isFiltered } from "~/utils/board";
import { calendarDateOf, formatDueDates } from "~/utils/format";
import { readFormData } from "~/utils/form.server";
import { liveHubFor, type CardPatch } from "~/utils/live-events.server";
import { resolveLocale } from "~/utils/locale.server";
import { isPageRequest } from "~/utils/page-request.server";
import { planIdFrom } from "~/utils/params.server";
import { can } from "~/utils/permissions";
import { BoardView } from "./board";
import { lanesToRead } from "./cells";
import { BoardFilterForm } from "./filter";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.title} · Planboard` : "Planboard" },
];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const planId = planIdFrom(args.params);
  const view = parseBoardView(new URL(args.request.url));
  // The cursor is read before the board: every move after it reaches the viewer as an event.
  const hub = liveHubFor(args.context.db);
  await hub.start();
  const liveCursor = hub.cursor(planId);
  const now = new Date();
  const today = calendarDateOf(now);
  const filter = filterParamsOf(view);
  const read = { page: isPageRequest(args.request), filtered: isFiltered(filter), skip: view.skip };
  const [loaded, locale] = await Promise.all([
    loadBoard(args.context.db, planId, {
      viewerId: actor.id,
      show: view.show,
      cardId: view.card,
      panelCardId: args.params.assignmentId,
      filter: boardFilterOf(view, { id: actor.id, today }),
      lanes: (plan) => lanesToRead(plan, read),
    }),
    resolveLocale(args.request),
  ]);
  if (!loaded) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: loaded.organisationId, unitId: loaded.unitId });
  const { followId, ...board } = loaded;
  const shownCell = view.show ? `${view.show.columnId}.${view.show.focusAreaId}` : null;
  const dueDates = formatDueDates(board.cards, locale);
  return { board, filter, shownCell, liveCursor, locale, now: now.toISOString(), today, followId, dueDates };
}

/** A move patches the board from the action's answer and the live events: no board reload for it. */
export const shouldRevalidate: ShouldRevalidateFunction = (args) =>
  isBoardMove(args) ? false : args.defaultShouldRevalidate;

/** The intents the action takes: read by the authorisation matrix test (on the server; empty in the browser). */
export const intents = boardIntents;

/** What the board's action answers a script: the moved card, the added card's id, or why not. */
export interface BoardAnswer {
  error: BoardErrorCode | "invalid-title" | null;
  card: CardPatch | null;
  added: string | null;
}

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const planId = planIdFrom(args.params);
  const submission = parseBoardAction(await readFormData(args.request));
  if (submission.status !== "success") {
    const error = submission.error?.title ? "invalid-title" : "invalid-target";
    return Response.json({ error, card: null, added: null } satisfies BoardAnswer, { status: 400 });
  }
  const { value } = submission;
  try {
    if (value.intent === ADD_CARD_INTENT) {
      const created = await createAssignment(args.context.db, actor, planId, {
        title: value.title,
        description: "",
        focusAreaId: value.toFocusAreaId,
        columnId: value.toColumnId,
        workingGroupId: null,
        responsibleIds: [],
        dueOn: null,
      });
      return { error: null, card: null, added: created.id } satisfies BoardAnswer;
    }
    const moved = await moveAssignment(args.context.db, actor, {
      planId,
      assignmentId: value.assignmentId,
      version: value.version,
      toColumnId: value.toColumnId,
      toFocusAreaId: value.toFocusAreaId,
      placement: value.position !== undefined ? { position: value.position } : { afterId: value.afterId === "start" ? null : (value.afterId ?? null) },
    });
    return { error: null, card: moved.card, added: null } satisfies BoardAnswer;
  } catch (error) {
    if (!(error instanceof BoardError)) throw error;
    return Response.json({ error: error.code, card: null, added: null } satisfies BoardAnswer, { status: error.status });
  }
}

export default function PlanBoard() {
  const { board, filter, shownCell, liveCursor, locale, now, today, followId, dueDates } = useLoaderData<typeof loader>();
  const actor = useRouteLoaderData<typeof rootLoader>("root")?.actor ?? null;
  const { t } = useTranslation();
  const managesPlan = actor !== null && can(actor, "plan:manage", { organisationId: board.organisationId, unitId: board.unitId });

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
      {board.centralPlanId ? (
        <p className="muted">
          <Link to={`/plans/${board.centralPlanId}/units`}>{t("central.adoptedFrom", { title: board.centralTitle ?? "" })}</Link>
          {" · "}
          <Link to={`/plans/${board.id}/central`}>{t("central.changesLink")}</Link>
        </p>
      ) : null}
      <nav className="board-links" aria-label={t("board.followUp")}>
        <Link to={`/plans/${board.id}/summary`}>{t("summary.planLink")}</Link>
        <Link to={`/plans/${board.id}/activity`}>{t("activity.navTitle")}</Link>
        <Link to={`/plans/${board.id}/flow`}>{t("flow.link")}</Link>
        <Link to={`/plans/${board.id}/indicators`}>{t("indicators.title")}</Link>
        {board.unitId ? <Link to={`/plans/${board.id}/votes`}>{t("votes.link")}</Link> : null}
        {!board.centralPlanId && (board.isCentral || managesPlan) ? <Link to={`/plans/${board.id}/units`}>{t("central.link")}</Link> : null}
        <a href={`/plans/${board.id}/feed.atom`}>{t("summary.feedLink")}</a>
        <a href={`/plans/${board.id}/activity.atom`}>{t("activity.feedLink")}</a>
        <details className="export-menu">
          <summary>{t("exports.title")}</summary>
          <ul>
            <li>
              <a href={`/plans/${board.id}/assignments.csv`}>{t("exports.assignmentsCsv")}</a> (
              <a href={`/plans/${board.id}/assignments.csv?delimiter=comma`}>{t("exports.commas")}</a>)
            </li>
            <li>
              <a href={`/plans/${board.id}/history.csv`}>{t("exports.historyCsv")}</a> (
              <a href={`/plans/${board.id}/history.csv?delimiter=comma`}>{t("exports.commas")}</a>)
            </li>
            <li>
              <a href={`/plans/${board.id}/export.json`}>{t("exports.json")}</a>
            </li>
          </ul>
        </details>
      </nav>
      <BoardFilterForm filter={filter} board={board} offersPeople />
      <BoardView
        board={board}
        filter={filter}
        shownCell={shownCell}
        liveCursor={liveCursor}
        locale={locale}
        now={now}
        today={today}
        actor={actor}
        address={`/plans/${board.id}`}
        eventsUrl={`/plans/${board.id}/events`}
        linkCards
        dueDates={dueDates}
      />
      {/* A card opened from the board shows over it (plans.$planId.cards.$assignmentId). */}
      <Outlet />
    </div>
  );
}
