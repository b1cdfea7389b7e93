import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { BoardError, moveAssignment, type BoardErrorCode } from "~/models/assignment.server";
import { loadBoard } from "~/models/board.server";
import type { loader as rootLoader } from "~/root";
import { moveSchema } from "~/schemas/board";
import { authorize, requireActor } from "~/utils/auth.server";
import { resolveLocale } from "~/utils/locale.server";
import { can } from "~/utils/permissions";
import { BoardView } from "./board";

const paramsSchema = z.object({ planId: z.uuid() });

function planIdFrom(params: unknown): string {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  return parsed.data.planId;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.title} · Planboard` : "Planboard" },
];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const planId = planIdFrom(args.params);
  const [board, locale] = await Promise.all([loadBoard(args.context.db, planId), resolveLocale(args.request)]);
  if (!board) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: board.organisationId });
  return { board, locale, now: new Date().toISOString() };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [moveSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const planId = planIdFrom(args.params);
  const submission = parseWithZod(await args.request.formData(), { schema: moveSchema });
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
  const { board, locale, now } = useLoaderData<typeof loader>();
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
        {managesPlan ? (
          <div className="button-row">
            <Link className="button" to={`/plans/${board.id}/settings`}>
              {t("board.settings")}
            </Link>
            <Link className="button primary" to={`/plans/${board.id}/assignments/new`}>
              {t("board.newAssignment")}
            </Link>
          </div>
        ) : null}
      </div>
      {board.description ? <p className="lead">{board.description}</p> : null}
      {actionData?.error ? (
        <p className="alert" role="alert">
          {t(`errors.board.${actionData.error as BoardErrorCode}`)}
        </p>
      ) : null}
      <BoardView board={board} locale={locale} now={now} actor={actor} />
    </div>
  );
}
