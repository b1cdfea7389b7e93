import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { loadBoard } from "~/models/board.server";
import { authorize, requireActor } from "~/utils/auth.server";
import { resolveLocale } from "~/utils/locale.server";
import { BoardView } from "./board";

const paramsSchema = z.object({ planId: z.uuid() });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.title} · Planboard` : "Planboard" },
];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const parsedParams = paramsSchema.safeParse(args.params);
  if (!parsedParams.success) throw new Response("Not found", { status: 404 });
  const [board, locale] = await Promise.all([
    loadBoard(args.context.db, parsedParams.data.planId),
    resolveLocale(args.request),
  ]);
  if (!board) throw new Response("Not found", { status: 404 });
  authorize(actor, "read", { organisationId: board.organisationId });
  return { board, locale, now: new Date().toISOString() };
}

export default function PlanBoard() {
  const { board, locale, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="board-page">
      <p className="breadcrumb">
        <Link to="/plans">{t("board.backToPlans")}</Link>
      </p>
      <h1>{board.title}</h1>
      {board.description ? <p className="lead">{board.description}</p> : null}
      <BoardView board={board} locale={locale} now={now} />
    </div>
  );
}
