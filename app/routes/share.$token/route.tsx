import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { loadBoard } from "~/models/board.server";
import { parseBoardView } from "~/schemas/board.server";
import { liveHubFor } from "~/utils/live-events.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireShareLink } from "~/utils/share-access.server";
import { BoardView } from "../plans.$planId/board";
import { BoardFind } from "../plans.$planId/find";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.title} · Planboard` : "Planboard" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

/** A plan's board for anyone with the link: live, read-only, with no personal data but group names. */
export async function loader(args: LoaderFunctionArgs) {
  const link = await requireShareLink(args);
  const view = parseBoardView(new URL(args.request.url));
  const hub = liveHubFor(args.context.db);
  await hub.start();
  const liveCursor = hub.cursor(link.planId);
  const [loaded, locale] = await Promise.all([
    loadBoard(args.context.db, link.planId, { show: view.show, cardId: view.card, query: view.q }),
    resolveLocale(args.request),
  ]);
  if (!loaded) throw new Response("Not found", { status: 404 });
  const { followId: _followId, ...board } = loaded;
  const cards = board.cards.map((card) => ({ ...card, responsibles: [] as Array<{ id: string; name: string }> }));
  return { board: { ...board, cards }, query: view.q ?? null, liveCursor, locale, now: new Date().toISOString(), token: args.params.token! };
}

export default function SharedBoard() {
  const { board, query, liveCursor, locale, now, token } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="board-page">
      <p className="notice-inline">{t("share.viewingShared")}</p>
      <h1>{board.title}</h1>
      {board.description ? <p className="lead">{board.description}</p> : null}
      <nav className="board-links" aria-label={t("board.followUp")}>
        <Link to={`/share/${token}/summary`}>{t("summary.planLink")}</Link>
      </nav>
      <BoardFind query={query} matches={Object.values(board.matchesByCell).reduce((sum, count) => sum + count, 0)} />
      <BoardView
        board={board}
        query={query}
        liveCursor={liveCursor}
        locale={locale}
        now={now}
        actor={null}
        eventsUrl={`/share/${token}/events`}
        linkCards={false}
      />
    </div>
  );
}
