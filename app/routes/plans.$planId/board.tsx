import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useFetcher, useFetchers, useRevalidator, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { BoardErrorCode } from "~/models/assignment.server";
import type { Locale } from "~/utils/i18n";
import { can, type Actor } from "~/utils/permissions";
import { wholeDaysBetween } from "~/utils/format";
import { applyMoves, cellKey, groupByCell, locate, splitCellKey, type PendingMove } from "./cells";
import { CardBody, CardLabelsProvider, SortableCard, StaticCard, type CardData } from "./card";
import { useLiveBoard } from "./use-live-board";

interface BoardData {
  id: string;
  organisationId: string;
  columns: Array<{ id: string; name: string; isDone: boolean; wipLimit: number | null }>;
  focusAreas: Array<{ id: string; name: string }>;
  cards: CardData[];
}

interface BoardViewProps {
  board: BoardData;
  locale: Locale;
  now: string;
  actor: Actor | null;
  /** The server-sent events that keep this board live. */
  eventsUrl: string;
  /** Whether cards link to their assignment pages (not on a shared, anonymous board). */
  linkCards: boolean;
}

const MOVE_KEY_PREFIX = "move:";

/** Moves submitted but not yet reflected in the loader data, oldest first. */
function usePendingMoves(): PendingMove[] {
  const fetchers = useFetchers();
  return useMemo(
    () =>
      fetchers.flatMap((fetcher) => {
        const form = fetcher.formData;
        if (!fetcher.key.startsWith(MOVE_KEY_PREFIX) || !form) return [];
        return [
          {
            assignmentId: String(form.get("assignmentId")),
            toColumnId: String(form.get("toColumnId")),
            toFocusAreaId: String(form.get("toFocusAreaId")),
            afterId: form.get("afterId") === "start" ? null : String(form.get("afterId")),
          },
        ];
      }),
    [fetchers],
  );
}

export function BoardView({ board, locale, now, actor, eventsUrl, linkCards }: BoardViewProps) {
  const { t } = useTranslation();
  const pendingMoves = usePendingMoves();
  const cards = useMemo(() => applyMoves(board.cards, pendingMoves), [board.cards, pendingMoves]);
  const cardsById = useMemo(() => new Map(cards.map((card) => [card.id, card])), [cards]);
  const cells = useMemo(() => groupByCell(cards), [cards]);
  const canMove = useCallback(
    (card: CardData) =>
      actor !== null && can(actor, "assignment:update", { organisationId: board.organisationId, workingGroupId: card.group?.id }),
    [actor, board.organisationId],
  );
  const movableIds = useMemo(() => new Set(cards.filter(canMove).map((card) => card.id)), [cards, canMove]);

  const [dragCells, setDragCells] = useState<Map<string, string[]> | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [moveError, setMoveError] = useState<string | null>(null);
  const [watched, setWatched] = useState<string[]>([]);
  const submit = useSubmit();
  const revalidator = useRevalidator();
  useLiveBoard(eventsUrl, activeId !== null || pendingMoves.length > 0);

  const shownCells = dragCells ?? cells;
  const columnName = (id: string) => board.columns.find((column) => column.id === id)?.name ?? "";
  const focusAreaName = (id: string) => board.focusAreas.find((area) => area.id === id)?.name ?? "";
  const describe = (id: UniqueIdentifier, within: Map<string, string[]>) => {
    const place = locate(within, String(id));
    if (!place) return null;
    const { columnId, focusAreaId } = splitCellKey(place.key);
    return {
      title: cardsById.get(String(id))?.title ?? "",
      position: place.position,
      size: place.size,
      column: columnName(columnId),
      focusArea: focusAreaName(focusAreaId),
    };
  };

  // dnd-kit calls these for the live region; they read the latest drag state through a ref.
  const dragCellsRef = useRef(shownCells);
  dragCellsRef.current = shownCells;
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const place = describe(active.id, dragCellsRef.current);
      return place ? t("dnd.pickedUp", place) : undefined;
    },
    onDragOver: ({ active, over }) => {
      // Right after pick-up the card is over itself: keep the pick-up announcement.
      if (!over || over.id === active.id) return undefined;
      const place = describe(active.id, dragCellsRef.current);
      return place ? t("dnd.movedOver", place) : undefined;
    },
    onDragEnd: ({ active }) => {
      const place = describe(active.id, dragCellsRef.current);
      return place ? t("dnd.dropped", place) : undefined;
    },
    onDragCancel: ({ active }) => {
      const place = describe(active.id, cells);
      return place ? t("dnd.cancelled", place) : undefined;
    },
  };

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const cellOf = (id: UniqueIdentifier, within: Map<string, string[]>): string | null => {
    const key = String(id);
    if (within.has(key) || key.includes("|")) return key;
    return locate(within, key)?.key ?? null;
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    setMoveError(null);
    setActiveId(String(active.id));
    setDragCells(new Map([...cells].map(([key, ids]) => [key, [...ids]])));
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over || !dragCells) return;
    const from = cellOf(active.id, dragCells);
    const to = cellOf(over.id, dragCells);
    if (!from || !to || from === to) return;
    const next = new Map(dragCells);
    const source = (next.get(from) ?? []).filter((id) => id !== active.id);
    const target = [...(next.get(to) ?? [])];
    const overIndex = target.indexOf(String(over.id));
    target.splice(overIndex >= 0 ? overIndex : target.length, 0, String(active.id));
    next.set(from, source);
    next.set(to, target);
    setDragCells(next);
  };

  const finishDrag = () => {
    setActiveId(null);
    setDragCells(null);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    const before = locate(cells, id);
    let finalCells = dragCells;
    if (over && finalCells) {
      const key = cellOf(active.id, finalCells);
      const ids = key ? finalCells.get(key) : undefined;
      if (key && ids && ids.includes(String(over.id)) && over.id !== active.id) {
        finalCells = new Map(finalCells).set(key, arrayMove(ids, ids.indexOf(id), ids.indexOf(String(over.id))));
      }
    }
    const after = finalCells && over ? locate(finalCells, id) : null;
    const card = cardsById.get(id);
    finishDrag();
    if (!after || !before || !card || (after.key === before.key && after.afterId === before.afterId)) return;

    const { columnId, focusAreaId } = splitCellKey(after.key);
    const fetcherKey = `${MOVE_KEY_PREFIX}${id}:${Date.now()}`;
    submit(
      { intent: "move", assignmentId: id, version: String(card.version), toColumnId: columnId, toFocusAreaId: focusAreaId, afterId: after.afterId ?? "start" },
      { method: "post", action: `/plans/${board.id}`, navigate: false, fetcherKey },
    );
    setWatched((keys) => [...keys, fetcherKey]);
  };

  const onMoveSettled = useCallback(
    (fetcherKey: string, error: string | null) => {
      setWatched((keys) => keys.filter((key) => key !== fetcherKey));
      if (error) {
        setMoveError(error);
        revalidator.revalidate();
      }
    },
    [revalidator],
  );

  const countByColumn = new Map<string, number>();
  const countByFocusArea = new Map<string, number>();
  for (const card of cards) {
    countByColumn.set(card.columnId, (countByColumn.get(card.columnId) ?? 0) + 1);
    countByFocusArea.set(card.focusAreaId, (countByFocusArea.get(card.focusAreaId) ?? 0) + 1);
  }
  const interactive = movableIds.size > 0;
  const activeCard = activeId ? cardsById.get(activeId) : undefined;

  const lanes = (
    <>
      <div className="board-header">
        <h2 className="visually-hidden">{t("board.columns")}</h2>
        {board.columns.map((column) => {
          const count = countByColumn.get(column.id) ?? 0;
          const overLimit = column.wipLimit !== null && count > column.wipLimit;
          return (
            <div key={column.id} className={overLimit ? "column-head over-limit" : "column-head"}>
              <span className="column-name">{column.name}</span>
              <span className="column-count">
                {t("plans.cardCount", { count })}
                {column.wipLimit !== null ? ` · ${t("board.wipLimit", { limit: column.wipLimit })}` : null}
                {overLimit ? <strong> · {t("board.wipExceeded")}</strong> : null}
              </span>
            </div>
          );
        })}
      </div>
      {board.focusAreas.map((focusArea) => (
        <section key={focusArea.id} className="swimlane" aria-labelledby={`lane-${focusArea.id}`}>
          <h2 id={`lane-${focusArea.id}`} className="swimlane-title">
            {focusArea.name}{" "}
            <span className="muted">({t("board.focusAreaCount", { count: countByFocusArea.get(focusArea.id) ?? 0 })})</span>
          </h2>
          <div className="swimlane-cells">
            {board.columns.map((column) => {
              const key = cellKey(column.id, focusArea.id);
              const ids = shownCells.get(key) ?? [];
              return (
                <Cell key={key} id={key} interactive={interactive} ids={ids} heading={column.name}
                  label={t("board.cell", { column: column.name, focusArea: focusArea.name })} emptyText={t("board.emptyCell")}>
                  {ids.map((id, index) => {
                    const card = cardsById.get(id);
                    if (!card) return null;
                    const Component = movableIds.has(id) ? SortableCard : StaticCard;
                    return <Component key={id} card={card} board={board} locale={locale} now={now} position={index + 1} linked={linkCards} />;
                  })}
                </Cell>
              );
            })}
          </div>
        </section>
      ))}
    </>
  );

  return (
    <CardLabelsProvider locale={locale}>
    <div className="board">
      {moveError ? (
        <p className="alert" role="alert">
          {t(`errors.board.${moveError as BoardErrorCode}`)}
        </p>
      ) : null}
      {watched.map((key) => (
        <MoveWatcher key={key} fetcherKey={key} onSettled={onMoveSettled} />
      ))}
      {interactive ? (
        <DndContext
          id={`board-${board.id}`}
          sensors={sensors}
          collisionDetection={closestCorners}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t("dnd.instructions") } }}
          onDragStart={onDragStart}
          onDragOver={onDragOver}
          onDragEnd={onDragEnd}
          onDragCancel={finishDrag}
        >
          {lanes}
          <DragOverlay>
            {activeCard ? (
              <div className="card overlay">
                <CardBody card={activeCard} planId={board.id} locale={locale} days={wholeDaysBetween(activeCard.columnEnteredAt, now)} linked={linkCards} />
              </div>
            ) : null}
          </DragOverlay>
        </DndContext>
      ) : (
        lanes
      )}
    </div>
    </CardLabelsProvider>
  );
}

interface CellProps {
  id: string;
  ids: string[];
  interactive: boolean;
  heading: string;
  label: string;
  emptyText: string;
  children: ReactNode;
}

function Cell({ interactive, ...props }: CellProps) {
  return interactive ? <DroppableCell {...props} /> : <CellFrame {...props} />;
}

/** Each cell takes drops, so an empty one accepts a card too. */
function DroppableCell(props: Omit<CellProps, "interactive">) {
  const { setNodeRef, isOver } = useDroppable({ id: props.id });
  return (
    <SortableContext id={props.id} items={props.ids} strategy={verticalListSortingStrategy}>
      <CellFrame {...props} refCallback={setNodeRef} highlighted={isOver} />
    </SortableContext>
  );
}

function CellFrame({
  ids,
  heading,
  label,
  emptyText,
  children,
  refCallback,
  highlighted,
}: Omit<CellProps, "interactive" | "id"> & { refCallback?: (element: HTMLElement | null) => void; highlighted?: boolean }) {
  return (
    <div ref={refCallback} className={highlighted ? "cell drop-target" : "cell"}>
      <h3 className="visually-hidden">{heading}</h3>
      {ids.length === 0 ? <p className="empty-cell">{emptyText}</p> : null}
      <ol className="card-list" aria-label={label}>
        {children}
      </ol>
    </div>
  );
}

/** Follows one submitted move until the server has answered, then reports a refusal. */
function MoveWatcher({ fetcherKey, onSettled }: { fetcherKey: string; onSettled: (key: string, error: string | null) => void }) {
  const fetcher = useFetcher<{ error: string | null }>({ key: fetcherKey });
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data !== undefined) onSettled(fetcherKey, fetcher.data.error ?? null);
  }, [fetcher.state, fetcher.data, fetcherKey, onSettled]);
  return null;
}
