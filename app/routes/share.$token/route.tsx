import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { loadBoard } from "~/models/board.server";
import { boardFilterOf, filterParamsOf, parseBoardView } from "~/schemas/board.server";
import { calendarDateOf, formatDueDates } from "~/utils/format";
import { liveHubFor } from "~/utils/live-events.server";
import { resolveLocale } from "~/utils/locale.server";
import { isFiltered } from "~/utils/board";
import { isPageRequest } from "~/utils/page-request.server";
import { requireShareLink } from "~/utils/share-access.server";
import { BoardView } from "../plans.$planId/board";
import { lanesToRead } from "../plans.$planId/cells";
import { BoardFilterForm } from "../plans.$planId/filter";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.title} · Planboard` : "Planboard" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

/** A plan's board for anyone with the link: live, read-only, with no personal data but group names. */
export async function loader(args: LoaderFunctionArgs) {
  const link = await requireShareLink(args);
  // A shared board shows no person: not on its cards, nor among what its filter offers.
  const view = { ...parseBoardView(new URL(args.request.url)), person: undefined, mine: undefined };
  const hub = liveHubFor(args.context.db);
  await hub.start();
  const liveCursor = hub.cursor(link.planId);
  const now = new Date();
  const today = calendarDateOf(now);
  const filter = filterParamsOf(view);
  const read = { page: isPageRequest(args.request), filtered: isFiltered(filter), skip: view.skip };
  const [loaded, locale] = await Promise.all([
    loadBoard(args.context.db, link.planId, {
      show: view.show,
      cardId: view.card,
      filter: boardFilterOf(view, { id: null, today }),
      lanes: (plan) => lanesToRead(plan, read),
    }),
    resolveLocale(args.request),
  ]);
  if (!loaded) throw new Response("Not found", { status: 404 });
  const { followId: _followId, ...loadedBoard } = loaded;
  const cards = loadedBoard.cards.map((card) => ({ ...card, responsibles: [] as Array<{ id: string; name: string }> }));
  const board = { ...loadedBoard, cards, people: [] as Array<{ id: string; name: string }> };
  const dueDates = formatDueDates(board.cards, locale);
  return { board, filter, liveCursor, locale, now: now.toISOString(), today, dueDates, token: args.params.token! };
}

export default function SharedBoard() {
  const { board, filter, liveCursor, locale, now, today, dueDates, token } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="board-page">
      <p className="notice-inline">{t("share.viewingShared")}</p>
      <h1>{board.title}</h1>
      {board.description ? <p className="lead">{board.description}</p> : null}
      <nav className="board-links" aria-label={t("board.followUp")}>
        <Link to={`/share/${token}/summary`}>{t("summary.planLink")}</Link>
        <a href={`/share/${token}/feed.atom`}>{t("summary.feedLink")}</a>
      </nav>
      <BoardFilterForm filter={filter} board={board} offersPeople={false} />
      <BoardView
        board={board}
        filter={filter}
        liveCursor={liveCursor}
        locale={locale}
        now={now}
        today={today}
        actor={null}
        address={`/share/${token}`}
        eventsUrl={`/share/${token}/events`}
        linkCards={false}
        dueDates={dueDates}
      />
    </div>
  );
}
