import { useFetcher, useLocation, useNavigate, useParams, useRevalidator, useSubmit } from "@remix-run/react";
import {
  lazy,
  memo,
  startTransition,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type SyntheticEvent,
} from "react";
import { useTranslation } from "~/components/i18n";
import { ADD_CARD_INTENT, boardSearch, CARDS_PER_CELL, isFiltered, MOVE_INTENT, type BoardFilterParams } from "~/utils/board";
import { wholeDaysBetween } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { can, type Actor } from "~/utils/permissions";
import { CardBody, CardItem, CardKeyboardContext, CardLabelsProvider, type CardData, type CardKeyboard } from "./card";
import {
  afterIdAt,
  applyPatch,
  applyPendingMoves,
  cellKey,
  columnOverLimit,
  describeTarget,
  focusAreasShown,
  initialBoardState,
  lanesAwakeFromStart,
  placeOf,
  splitCellKey,
  stepTarget,
  type BoardState,
  type CellCount,
  type DropTarget,
  type KeyboardStep,
  type PendingMove,
  withLaneCards,
} from "./cells";
import type { CardPress } from "./pointer-drag";
import { followFocusInList, keepOneTabStopPerList, moveFocusInList } from "./roving-focus";
import type { BoardAnswer } from "./route";
import { useLiveBoard, type MovedPatch } from "./use-live-board";

const PointerDrag = lazy(() => import("./pointer-drag"));

interface BoardData {
  id: string;
  organisationId: string;
  unitId: string | null;
  columns: Array<{ id: string; name: string; isDone: boolean; wipLimit: number | null }>;
  focusAreas: Array<{ id: string; name: string; priority?: number | null }>;
  /** The groups that carry the plan's open cards. */
  groups: Array<{ id: string; name: string }>;
  /** The cards the board shows: the first of each cell, all of an opened one. */
  cards: CardData[];
  /**
   * The lanes whose cards these are, when not all (a page's document holds the first screen's:
   * `lanesToRead`); the board reads the others' once it is hydrated.
   */
  lanesWithCards: string[] | null;
  cellCounts: CellCount[];
  /** Per cell, how many cards pass the filter (all of them without one). */
  matchesByCell: Record<string, number>;
  /** The lane of a cell opened in full (`?show=`, `?card=`), shown with its cards wherever it is. */
  openLane: string | null;
}

interface BoardViewProps {
  board: BoardData;
  /** What the board is narrowed to, if anything. */
  filter: BoardFilterParams;
  /** The cell shown in full, as the address names it (`<columnId>.<focusAreaId>`). */
  shownCell?: string | null;
  /** Where the board's data stands in the plan's live events. */
  liveCursor: string;
  locale: Locale;
  now: string;
  /** Today's date where the plan is followed, from the server like `now`: cards past their due date are overdue. */
  today: string;
  actor: Actor | null;
  /** The board's own address (without a card's panel), its data read from with the address's query. */
  address: string;
  /** The server-sent events that keep this board live. */
  eventsUrl: string;
  /** Whether cards link to their assignment pages (not on a shared, anonymous board). */
  linkCards: boolean;
  /** The cards' due dates as the server formatted them (`formatDueDates`). */
  dueDates: Record<string, string>;
}

const MOVE_KEY_PREFIX = "move:";
const ADD_KEY_PREFIX = "add:";
const ARROW_STEPS: Record<string, KeyboardStep> = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down" };

/** Where among a cell's shown cards the pointer at `y` would drop the card `movingId`. */
function indexAtPointer(cell: string, y: number, movingId: string): number {
  const list = document.querySelector(`[data-cell="${cell}"] .card-list`);
  let index = 0;
  for (const item of list?.querySelectorAll<HTMLElement>(":scope > li.card") ?? []) {
    if (item.id === `card-${movingId}`) continue;
    const rect = item.getBoundingClientRect();
    if (y < rect.top + rect.height / 2) break;
    index++;
  }
  return index;
}

interface Moving {
  id: string;
  target: DropTarget;
  by: "keyboard" | "pointer";
}

export function BoardView({ board, filter, shownCell, liveCursor, locale, now, today, actor, address, eventsUrl, linkCards, dueDates }: BoardViewProps) {
  const { t } = useTranslation();
  const filtered = isFiltered(filter);
  const revalidator = useRevalidator();
  const [loaded, setLoaded] = useState(board);
  const [state, setState] = useState<BoardState<CardData>>(() => initialBoardState(board.cards, board.cellCounts));
  // Lanes beyond the first screen show their cards once they come near it, are focused or take a
  // card: the page's HTML holds a screen's cards, not the whole board's.
  const panelCardId = useParams().assignmentId;
  const [awakeLanes, setAwakeLanes] = useState<ReadonlySet<string>>(() => new Set(lanesAwakeFromStart(board, filtered, panelCardId)));
  const wakeLane = useCallback((id: string) => setAwakeLanes((current) => (current.has(id) ? current : new Set(current).add(id))), []);
  // The lanes whose cards the board holds, when not all: a page's document holds the first
  // screen's, and the rest of the board's data is read at once after hydration.
  const [lanesWithCards, setLanesWithCards] = useState(() => board.lanesWithCards && new Set(board.lanesWithCards));
  const [moreDueDates, setMoreDueDates] = useState<Record<string, string> | null>(null);
  if (loaded !== board) {
    // New data from the server (a reload, "show all", a search): it replaces what was patched.
    setLoaded(board);
    setState(initialBoardState(board.cards, board.cellCounts));
    setAwakeLanes((current) => new Set([...current, ...lanesAwakeFromStart(board, filtered, panelCardId)]));
    setLanesWithCards(board.lanesWithCards && new Set(board.lanesWithCards));
    setMoreDueDates(null);
  }
  // The versions live moves brought, by card: a card of the lanes read after the page, read
  // before a later move, stays where that move put it.
  const movedVersions = useRef(new Map<string, number>());
  const rest = useFetcher<{ board: Pick<BoardData, "cards">; dueDates: Record<string, string> }>();
  const { search } = useLocation();
  const loadRest = rest.load;
  useEffect(() => {
    if (!board.lanesWithCards) return;
    const query = new URLSearchParams(search);
    query.set("skip", board.lanesWithCards.join(","));
    loadRest(`${address}?${query}`);
  }, [board, address, search, loadRest]);
  useEffect(() => {
    if (!rest.data || !lanesWithCards) return;
    const lacking = new Set(board.focusAreas.map((area) => area.id).filter((id) => !lanesWithCards.has(id)));
    const { board: more, dueDates: moreDates } = rest.data;
    // As a transition: the board re-renders in slices, not in one long task.
    startTransition(() => {
      setState((current) => withLaneCards(current, more.cards, lacking, movedVersions.current));
      setMoreDueDates(moreDates);
      setLanesWithCards(null);
    });
  }, [rest.data, lanesWithCards, board.focusAreas]);
  const allDueDates = useMemo(() => (moreDueDates ? { ...moreDueDates, ...dueDates } : dueDates), [dueDates, moreDueDates]);
  // Moves sent and not yet answered, oldest first, each with the fetcher that carries it. The
  // board shows them as done; an answer replaces one with the card as the server placed it in a
  // single update, so a card never flickers back (nor loses its focus) on the way.
  const [inFlight, setInFlight] = useState<Array<PendingMove & { fetcherKey: string }>>([]);
  const shown = useMemo(() => applyPendingMoves(state, inFlight), [state, inFlight]);

  const [moving, setMoving] = useState<Moving | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [moveError, setMoveError] = useState<BoardAnswer["error"]>(null);
  // The cell whose inline "add a card" form is open, and the additions sent and not yet answered.
  const [addingIn, setAddingIn] = useState<string | null>(null);
  const [additions, setAdditions] = useState<Array<{ fetcherKey: string; title: string; cell: string }>>([]);
  // A card dropped from the keyboard keeps the focus on its handle, wherever the card goes.
  const focusAfterDrop = useRef<{ id: string; settled: boolean } | null>(null);
  const submit = useSubmit();
  const navigate = useNavigate();

  const canAdd = actor !== null && can(actor, "plan:manage", { organisationId: board.organisationId, unitId: board.unitId });
  const canMove = useCallback(
    (card: CardData) =>
      actor !== null && can(actor, "assignment:update", { organisationId: board.organisationId, unitId: board.unitId, workingGroupId: card.group?.id ?? null }),
    [actor, board.organisationId],
  );
  // Whether the viewer may move some card of the board: its cards are carried by its groups or by none.
  const interactive = useMemo(
    () =>
      actor !== null &&
      [null, ...board.groups.map((group) => group.id)].some((workingGroupId) =>
        can(actor, "assignment:update", { organisationId: board.organisationId, unitId: board.unitId, workingGroupId }),
      ),
    [actor, board.organisationId, board.unitId, board.groups],
  );
  const whyNoHandles = movingRightsNote(actor, interactive);

  const patch = useCallback(({ card, from }: MovedPatch) => {
    movedVersions.current.set(card.id, Math.max(card.version, movedVersions.current.get(card.id) ?? 0));
    setState((current) => applyPatch(current, card, from));
  }, []);
  // A filtered board cannot tell whether a moved card still passes: it reloads instead of patching.
  const live = useLiveBoard(`${eventsUrl}?after=${encodeURIComponent(liveCursor)}`, filtered ? null : patch, moving !== null || inFlight.length > 0);

  // Lanes folded away: kept here, so the keyboard moves a card only through lanes that show.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const toggleLane = useCallback(
    (id: string) =>
      setCollapsed((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const focusAreas = useMemo(() => focusAreasShown(board, filtered), [board, filtered]);
  const layout = useMemo(
    () => ({
      columnIds: board.columns.map((column) => column.id),
      focusAreaIds: focusAreas.filter((area) => !collapsed.has(area.id)).map((area) => area.id),
    }),
    [board.columns, focusAreas, collapsed],
  );
  const cellName = useCallback(
    (cell: string) => {
      const { columnId, focusAreaId } = splitCellKey(cell);
      return {
        column: board.columns.find((column) => column.id === columnId)?.name ?? "",
        focusArea: board.focusAreas.find((area) => area.id === focusAreaId)?.name ?? "",
      };
    },
    [board.columns, board.focusAreas],
  );
  const describe = (id: string, target: DropTarget) => ({
    title: shown.cards.get(id)?.title ?? "",
    ...describeTarget(shown, id, target),
    ...cellName(target.cell),
  });

  // A drop may take a column over its limit of cards in progress: allowed, and said.
  const announceAt = (key: "dnd.movedOver" | "dnd.dropped", id: string, target: DropTarget) => {
    const text = t(key, describe(id, target));
    const over = columnOverLimit(shown, id, target, board.columns);
    return over ? `${text} ${t("dnd.overLimit", { column: over.name, limit: over.wipLimit ?? 0 })}` : text;
  };

  const pickUp = (id: string, by: Moving["by"]) => {
    const place = placeOf(shown, id);
    if (!place) return;
    setMoveError(null);
    setMoving({ id, target: place, by });
    setAnnouncement(t("dnd.pickedUp", describe(id, place)));
  };

  const cancel = (id: string) => {
    setMoving(null);
    const place = placeOf(shown, id);
    if (place) setAnnouncement(t("dnd.cancelled", describe(id, place)));
  };

  const drop = (id: string, target: DropTarget) => {
    setMoving(null);
    const place = placeOf(shown, id);
    const card = shown.cards.get(id);
    if (!place || !card) return;
    setAnnouncement(announceAt("dnd.dropped", id, target));
    const afterId = afterIdAt(shown, id, target);
    if (target.cell === place.cell && afterId === afterIdAt(shown, id, place)) {
      if (focusAfterDrop.current?.id === id) focusAfterDrop.current.settled = true;
      return;
    }
    const { columnId, focusAreaId } = splitCellKey(target.cell);
    const fetcherKey = `${MOVE_KEY_PREFIX}${id}:${Date.now()}`;
    submit(
      { intent: MOVE_INTENT, assignmentId: id, version: String(card.version), toColumnId: columnId, toFocusAreaId: focusAreaId, afterId: afterId ?? "start" },
      { method: "post", action: `/plans/${board.id}`, navigate: false, fetcherKey },
    );
    setInFlight((moves) => [...moves, { fetcherKey, assignmentId: id, toColumnId: columnId, toFocusAreaId: focusAreaId, afterId }]);
  };

  // The keyboard path: one handler for every card's handle, reading the board as it is now.
  const onKey = (id: string, event: KeyboardEvent<HTMLButtonElement>) => {
    const isActivation = event.key === " " || event.key === "Enter";
    if (moving?.id !== id || moving.by !== "keyboard") {
      if (isActivation && moving === null) {
        event.preventDefault();
        pickUp(id, "keyboard");
      }
      return;
    }
    const step = ARROW_STEPS[event.key];
    if (step) {
      event.preventDefault();
      const target = stepTarget(shown, id, moving.target, step, layout);
      wakeLane(splitCellKey(target.cell).focusAreaId);
      setMoving({ ...moving, target });
      setAnnouncement(announceAt("dnd.movedOver", id, target));
    } else if (isActivation) {
      event.preventDefault();
      focusAfterDrop.current = { id, settled: false };
      drop(id, moving.target);
    } else if (event.key === "Escape" || event.key === "Tab") {
      if (event.key === "Escape") event.preventDefault();
      cancel(id);
    }
  };
  const keyHandlers = useRef({ onKey, cancel, moving });
  keyHandlers.current = { onKey, cancel, moving };
  const keyboard = useMemo<CardKeyboard>(
    () => ({
      onHandleKeyDown: (id, event) => keyHandlers.current.onKey(id, event),
      onHandleBlur: (id) => {
        const { moving: now, cancel: cancelMove } = keyHandlers.current;
        if (now?.id === id && now.by === "keyboard") cancelMove(id);
      },
    }),
    [],
  );

  const lanesRef = useRef<HTMLDivElement>(null);
  const boardRef = useRef<HTMLDivElement>(null);
  // A lane wakes half a screen before it scrolls into the board's sight. As a transition: React may
  // have yet to hydrate the lane, and then hydrates it in slices rather than in one long task.
  useEffect(() => {
    const asleep = lanesRef.current?.querySelectorAll<HTMLElement>("section[data-asleep]") ?? [];
    if (asleep.length === 0) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const lane = entry.target instanceof HTMLElement ? entry.target.dataset.lane : undefined;
          if (!entry.isIntersecting || !lane) continue;
          observer.unobserve(entry.target);
          startTransition(() => wakeLane(lane));
        }
      },
      { root: boardRef.current, rootMargin: "50% 0px" },
    );
    for (const lane of asleep) observer.observe(lane);
    return () => observer.disconnect();
  }, [focusAreas, wakeLane]);
  // Only the cards shown and the lanes shown change the cards' controls (not every drag step).
  useLayoutEffect(() => {
    if (lanesRef.current) keepOneTabStopPerList(lanesRef.current);
  }, [shown, focusAreas, collapsed, awakeLanes]);

  useLayoutEffect(() => {
    const dropped = focusAfterDrop.current;
    if (dropped && moving === null) {
      const handle = document.getElementById(`handle-${dropped.id}`);
      if (handle && document.activeElement !== handle) handle.focus();
      if (dropped.settled) focusAfterDrop.current = null;
    }
    if (moving?.by === "keyboard") document.querySelector(".drop-marker")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  // Dragging with a pointer loads when a pointer first comes over the board (pointer-drag.tsx).
  const [pointerDragWanted, setPointerDragWanted] = useState(false);
  const startPress = useRef<((press: CardPress) => void) | null>(null);
  const waitingPress = useRef<CardPress | null>(null);
  const pressedCard = useRef<string | null>(null);
  const press = (event: SyntheticEvent) => {
    const card = event.target instanceof Element ? event.target.closest<HTMLElement>("li.card.movable") : null;
    if (!card) return;
    pressedCard.current = card.id.slice("card-".length);
    if (startPress.current) return startPress.current({ card, event });
    waitingPress.current = { card, event };
    setPointerDragWanted(true);
    // Until the drag code is ready the browser must not start a drag of its own (of the title
    // link, say): it would swallow the pointer's moves. A press let go of by then is a click.
    const noNativeDrag = (dragEvent: Event) => dragEvent.preventDefault();
    window.addEventListener("dragstart", noNativeDrag, true);
    const release = () => {
      waitingPress.current = null;
      window.removeEventListener("dragstart", noNativeDrag, true);
    };
    window.addEventListener(event.type === "mousedown" ? "mouseup" : "touchend", release, { once: true });
  };
  const onPointerDragStart = () => {
    if (pressedCard.current) pickUp(pressedCard.current, "pointer");
  };
  const onPointerMove = (x: number, y: number) => {
    if (moving?.by !== "pointer") return;
    const cell = document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-cell]")?.dataset.cell;
    if (!cell) return;
    const target = { cell, index: indexAtPointer(cell, y, moving.id) };
    if (target.cell === moving.target.cell && target.index === moving.target.index) return;
    wakeLane(splitCellKey(cell).focusAreaId);
    setMoving({ ...moving, target });
    if (target.cell !== moving.target.cell) setAnnouncement(announceAt("dnd.movedOver", moving.id, target));
  };
  const onPointerDragEnd = () => {
    if (moving?.by === "pointer") drop(moving.id, moving.target);
  };
  const onPointerDragCancel = () => {
    if (moving?.by === "pointer") cancel(moving.id);
  };

  const onMoveSettled = useCallback(
    (fetcherKey: string, answer: BoardAnswer) => {
      setInFlight((moves) => moves.filter((move) => move.fetcherKey !== fetcherKey));
      if (focusAfterDrop.current && fetcherKey.startsWith(`${MOVE_KEY_PREFIX}${focusAfterDrop.current.id}:`)) focusAfterDrop.current.settled = true;
      if (answer.card) {
        const card = answer.card;
        setState((current) => applyPatch(current, card, card));
        // Whether the card still passes the filter (an overdue card moved to done does not), and
        // the counts of matches, only the server knows.
        if (filtered) revalidator.revalidate();
      }
      setMoveError(answer.error);
    },
    [filtered, revalidator],
  );

  const addCard = (event: FormEvent, form: HTMLFormElement) => {
    event.preventDefault();
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    const cell = form.dataset.cell ?? "";
    if (!title) return;
    // A cell shows its first cards only: one about to outgrow them opens in full, so every card
    // added stays in sight. The reload after the addition then reads the opened cell.
    const { columnId, focusAreaId } = splitCellKey(cell);
    const fullCell = `${columnId}.${focusAreaId}`;
    const pending = additions.filter((one) => one.cell === cell).length;
    if (shownCell !== fullCell && (shown.counts.get(cell) ?? 0) + pending + 1 > CARDS_PER_CELL) {
      navigate(boardSearch(filter, fullCell) || "?", { replace: true, preventScrollReset: true });
    }
    const fetcherKey = `${ADD_KEY_PREFIX}${Date.now()}`;
    submit(data, { method: "post", action: form.getAttribute("action") ?? "", navigate: false, fetcherKey });
    setAdditions((current) => [...current, { fetcherKey, title, cell }]);
    // Ready for the next one at once: Enter adds another.
    form.reset();
    form.querySelector<HTMLInputElement>("input[name=title]")?.focus();
  };
  const onAddSettled = useCallback(
    (fetcherKey: string, answer: BoardAnswer) => {
      const addition = additions.find((one) => one.fetcherKey === fetcherKey);
      setAdditions((current) => current.filter((one) => one.fetcherKey !== fetcherKey));
      setMoveError(answer.error);
      if (addition && answer.added) setAnnouncement(t("board.added", { title: addition.title, ...cellName(addition.cell) }));
    },
    [additions, t, cellName],
  );

  // Column and lane counts: every open card, or on a filtered board the cards that pass.
  const countByColumn = new Map<string, number>();
  const countByFocusArea = new Map<string, number>();
  const matchByColumn = new Map<string, number>();
  const matchByFocusArea = new Map<string, number>();
  const tally = (entries: Iterable<[string, number]>, byColumn: Map<string, number>, byArea: Map<string, number>) => {
    for (const [key, count] of entries) {
      const { columnId, focusAreaId } = splitCellKey(key);
      byColumn.set(columnId, (byColumn.get(columnId) ?? 0) + count);
      byArea.set(focusAreaId, (byArea.get(focusAreaId) ?? 0) + count);
    }
  };
  tally(shown.counts, countByColumn, countByFocusArea);
  if (filtered) tally(Object.entries(board.matchesByCell), matchByColumn, matchByFocusArea);
  const countText = (count: number, matches: number | undefined) =>
    filtered ? t("board.matchCount", { count: matches ?? 0, total: count }) : t("plans.cardCount", { count });
  const hiddenLanes = board.focusAreas.length - focusAreas.length;
  const movingCard = moving ? shown.cards.get(moving.id) : undefined;

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
                {countText(count, matchByColumn.get(column.id))}
                {column.wipLimit !== null ? ` · ${t("board.wipLimit", { limit: column.wipLimit })}` : null}
                {overLimit ? <strong> · {t("board.wipExceeded")}</strong> : null}
              </span>
            </div>
          );
        })}
      </div>
      {focusAreas.map((focusArea) => (
        <SwimLane
          key={focusArea.id}
          focusArea={focusArea}
          countText={countText(countByFocusArea.get(focusArea.id) ?? 0, matchByFocusArea.get(focusArea.id))}
          collapsed={collapsed.has(focusArea.id)}
          asleep={!awakeLanes.has(focusArea.id) || (lanesWithCards !== null && !lanesWithCards.has(focusArea.id))}
          onToggle={toggleLane}
          canAdd={canAdd}
          addingIn={addingIn !== null && addingIn.endsWith(`|${focusArea.id}`) ? addingIn : null}
          columns={board.columns}
          shown={shown}
          filter={filter}
          cardSearch={boardSearch(filter, shownCell ?? undefined)}
          matchesByCell={filtered ? board.matchesByCell : null}
          moving={moving}
          canMove={canMove}
          planId={board.id}
          now={now}
          today={today}
          linked={linkCards}
        />
      ))}
    </>
  );

  return (
    <CardLabelsProvider locale={locale} dueDates={allDueDates}>
      <CardKeyboardContext.Provider value={keyboard}>
        {whyNoHandles ? <p className="board-note">{t(whyNoHandles)}</p> : null}
        {hiddenLanes > 0 ? <p className="board-note">{t("board.lanesHidden", { count: hiddenLanes })}</p> : null}
        {/* A region of its own that takes the focus, so the keyboard can scroll it sideways. */}
        <div
          ref={boardRef}
          className="board"
          role="region"
          aria-label={t("board.region")}
          aria-describedby="board-list-keys"
          tabIndex={0}
          data-live={live ? "open" : "connecting"}
          data-cards={lanesWithCards ? "first-screen" : "all"}
          onClick={(event) => {
            const add = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-add-card]") : null;
            if (add && canAdd && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
              event.preventDefault();
              setAddingIn(add.dataset.addCard ?? null);
              return;
            }
            if (event.target instanceof Element && event.target.closest("[data-add-done]")) {
              setAddingIn(null);
              return;
            }
            followBoardLink(event, navigate);
          }}
          onSubmit={(event) => {
            if (event.target instanceof HTMLFormElement && event.target.matches(".add-card-form")) addCard(event, event.target);
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape" && addingIn && event.target instanceof Element && event.target.closest(".add-card-form")) {
              const cell = addingIn;
              setAddingIn(null);
              requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-cell="${cell}"] a[data-add-card]`)?.focus());
            }
          }}
        >
          {moveError ? (
            <p className="alert" role="alert">
              {t(`errors.board.${moveError}`)}
            </p>
          ) : null}
          {inFlight.map((move) => (
            <AnswerWatcher key={move.fetcherKey} fetcherKey={move.fetcherKey} onSettled={onMoveSettled} />
          ))}
          {additions.map((addition) => (
            <AnswerWatcher key={addition.fetcherKey} fetcherKey={addition.fetcherKey} onSettled={onAddSettled} />
          ))}
          <div id="board-announcer" className="visually-hidden" aria-live="assertive" aria-atomic="true">
            {announcement}
          </div>
          {interactive ? (
            <p id="board-move-instructions" hidden>
              {t("dnd.instructions")}
            </p>
          ) : null}
          <p id="board-list-keys" hidden>
            {t("board.listKeys")}
          </p>
          <div
            ref={lanesRef}
            className="board-lanes"
            onKeyDown={moveFocusInList}
            onFocus={(event) => {
              followFocusInList(event);
              const lane = event.target instanceof Element ? event.target.closest<HTMLElement>("section[data-asleep]")?.dataset.lane : undefined;
              if (lane) wakeLane(lane);
            }}
            onMouseDown={interactive ? press : undefined}
            onTouchStart={interactive ? press : undefined}
            onPointerOver={interactive && !pointerDragWanted ? () => setPointerDragWanted(true) : undefined}
          >
            {lanes}
          </div>
          {interactive && pointerDragWanted ? (
            <Suspense fallback={null}>
              <PointerDrag
                startPress={startPress}
                waitingPress={waitingPress}
                onStart={onPointerDragStart}
                onMove={onPointerMove}
                onEnd={onPointerDragEnd}
                onCancel={onPointerDragCancel}
                overlay={
                  moving?.by === "pointer" && movingCard ? (
                    <div className="card overlay">
                      <CardBody
                        card={movingCard}
                        planId={board.id}
                        days={wholeDaysBetween(movingCard.columnEnteredAt, now)}
                        overdue={false}
                        linked={false}
                        linkSearch=""
                      />
                    </div>
                  ) : null
                }
              />
            </Suspense>
          ) : null}
        </div>
      </CardKeyboardContext.Provider>
    </CardLabelsProvider>
  );
}

const EMPTY: readonly string[] = [];

/** Why a signed-in viewer sees no handle on some or all cards; nothing for one who may move every card. */
function movingRightsNote(actor: Actor | null, mayMoveSome: boolean): "board.readOnly" | "board.groupCardsOnly" | "board.noGroupCards" | null {
  if (actor === null || actor.role === "strategic_developer") return null;
  if (actor.activeGroupIds.length === 0) return "board.readOnly";
  return mayMoveSome ? "board.groupCardsOnly" : "board.noGroupCards";
}

/**
 * The board's links are plain anchors, followed by this one handler as Remix's <Link> would follow
 * them: a Link per card cost router hooks per card, and tied every lane to the router's state.
 */
function followBoardLink(event: MouseEvent<HTMLElement>, navigate: ReturnType<typeof useNavigate>) {
  const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-board-link]") : null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const url = new URL(link.href);
  // "Show all", "show fewer" and a card's panel change the board in place: it should not jump to its top.
  navigate(`${url.pathname}${url.search}`, { preventScrollReset: true });
}

interface SwimLaneProps {
  focusArea: { id: string; name: string; priority?: number | null };
  /** How many cards the lane holds (or, filtered, how many of them pass). */
  countText: string;
  /** Whether the lane is folded to its title. */
  collapsed: boolean;
  /** Whether the lane shows its cells' counts and links but not their cards (it is far from the screen). */
  asleep: boolean;
  onToggle: (focusAreaId: string) => void;
  /** Whether the viewer may add cards. */
  canAdd: boolean;
  /** The lane's cell whose "add a card" form is open, if any. */
  addingIn: string | null;
  columns: BoardData["columns"];
  shown: BoardState<CardData>;
  filter: BoardFilterParams;
  /** The board's address's query, kept in cards' links so that closing a card returns to the same board. */
  cardSearch: string;
  /** On a filtered board, how many cards of each cell pass. */
  matchesByCell: Record<string, number> | null;
  moving: Moving | null;
  canMove: (card: CardData) => boolean;
  planId: string;
  now: string;
  /** Today's date where the plan is followed, to tell overdue cards. */
  today: string;
  linked: boolean;
}

/**
 * One focus area's row of cells, inside a Suspense boundary that never suspends: React hydrates
 * each lane after the rest of the page, in the background, and at once when a person acts inside
 * it, so the board answers before all its cards are hydrated. A lane must re-render only when its
 * props change (hence memo, and no context that changes while lanes hydrate): an update reaching a
 * lane that is not hydrated yet makes React hydrate it at once, in one long task.
 */
const SwimLane = memo(function SwimLane({
  focusArea,
  countText,
  collapsed,
  asleep,
  onToggle,
  canAdd,
  addingIn,
  columns,
  shown,
  filter,
  cardSearch,
  matchesByCell,
  moving,
  canMove,
  planId,
  now,
  today,
  linked,
}: SwimLaneProps) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={null}>
      <section className="swimlane" aria-labelledby={`lane-${focusArea.id}`} data-lane={focusArea.id} data-asleep={asleep ? "" : undefined}>
        <h2 id={`lane-${focusArea.id}`} className="swimlane-title">
          <button
            type="button"
            className="lane-toggle"
            aria-expanded={!collapsed}
            aria-controls={`cells-${focusArea.id}`}
            onClick={() => onToggle(focusArea.id)}
          >
            {focusArea.name} <span className="muted">({countText})</span>
            {focusArea.priority != null ? <span className="priority">{t("votes.priority", { rank: focusArea.priority })}</span> : null}
          </button>
        </h2>
        <div className="swimlane-cells" id={`cells-${focusArea.id}`} hidden={collapsed}>
          {columns.map((column) => {
            const key = cellKey(column.id, focusArea.id);
            return (
              <Cell
                key={key}
                id={key}
                highlighted={moving?.by === "pointer" && moving.target.cell === key}
                ids={asleep ? null : (shown.cells.get(key) ?? EMPTY)}
                cards={shown.cards}
                total={matchesByCell ? (matchesByCell[key] ?? 0) : (shown.counts.get(key) ?? 0)}
                filter={filter}
                cardSearch={cardSearch}
                canAdd={canAdd}
                adding={addingIn === key}
                done={column.isDone}
                heading={column.name}
                label={t("board.cell", { column: column.name, focusArea: focusArea.name })}
                markerIndex={moving?.target.cell === key ? moving.target.index : null}
                markerOverLimit={moving?.target.cell === key && columnOverLimit(shown, moving.id, moving.target, columns) !== null}
                movingId={moving?.id ?? null}
                canMove={canMove}
                planId={planId}
                now={now}
                today={today}
                linked={linked}
              />
            );
          })}
        </div>
      </section>
    </Suspense>
  );
});

interface CellProps {
  id: string;
  /** Whether a card dragged by the pointer is over the cell. */
  highlighted: boolean;
  /** The cards shown, in order; null in a sleeping lane, whose cell shows its count and links only. */
  ids: readonly string[] | null;
  cards: ReadonlyMap<string, CardData>;
  /** How many cards the cell holds (or, on a filtered board, how many pass). */
  total: number;
  filter: BoardFilterParams;
  cardSearch: string;
  canAdd: boolean;
  /** Whether the cell's "add a card" form is open. */
  adding: boolean;
  /** Whether the cell is in a done column (its cards are never overdue). */
  done: boolean;
  heading: string;
  label: string;
  /** Where a card being moved would land among the cell's other cards, if it is over this cell. */
  markerIndex: number | null;
  /** Whether landing there would take the column over its limit of cards in progress. */
  markerOverLimit: boolean;
  movingId: string | null;
  canMove: (card: CardData) => boolean;
  planId: string;
  now: string;
  today: string;
  linked: boolean;
}

const Cell = memo(function Cell({
  id,
  highlighted,
  ids,
  cards,
  total,
  filter,
  cardSearch,
  canAdd,
  adding,
  done,
  heading,
  label,
  markerIndex,
  markerOverLimit,
  movingId,
  canMove,
  planId,
  now,
  today,
  linked,
}: CellProps) {
  const { t } = useTranslation();
  const items: ReactNode[] = [];
  const marker = markerOverLimit ? (
    <li key="drop-marker" className="drop-marker over-limit" aria-hidden="true">
      {t("board.wipExceeded")}
    </li>
  ) : (
    <li key="drop-marker" className="drop-marker" aria-hidden="true" />
  );
  const listed = ids ?? EMPTY;
  let others = 0;
  for (const cardId of listed) {
    const card = cards.get(cardId);
    if (!card) continue;
    if (cardId !== movingId) {
      if (others === markerIndex) items.push(marker);
      others++;
    }
    items.push(
      <CardItem
        key={cardId}
        card={card}
        planId={planId}
        days={wholeDaysBetween(card.columnEnteredAt, now)}
        overdue={!done && card.dueOn !== null && card.dueOn < today}
        linked={linked}
        linkSearch={cardSearch}
        movable={canMove(card)}
        moving={cardId === movingId}
      />,
    );
  }
  if (markerIndex !== null && markerIndex >= others) items.push(marker);

  const { columnId, focusAreaId } = splitCellKey(id);
  return (
    <div className={highlighted ? "cell drop-target" : "cell"} data-cell={id}>
      <h3 className="visually-hidden">{heading}</h3>
      {total === 0 ? <p className="empty-cell">{isFiltered(filter) ? t("board.noMatches") : t("board.emptyCell")}</p> : null}
      {ids ? (
        <ol className="card-list" aria-label={label}>
          {items}
        </ol>
      ) : null}
      {total > listed.length ? (
        <a className="show-all" href={boardSearch(filter, `${columnId}.${focusAreaId}`) || "?"} data-board-link="">
          {t("board.showAll", { count: total })}
        </a>
      ) : listed.length > CARDS_PER_CELL ? (
        <a className="show-all" href={boardSearch(filter) || "?"} data-board-link="">
          {t("board.showFewer")}
        </a>
      ) : null}
      {canAdd && adding ? (
        // Opened by the board's script only; without it, the link below leads to the full form.
        <form className="add-card-form" method="post" action={`/plans/${planId}${cardSearch}`} data-cell={id}>
          <input type="hidden" name="intent" value={ADD_CARD_INTENT} />
          <input type="hidden" name="toColumnId" value={columnId} />
          <input type="hidden" name="toFocusAreaId" value={focusAreaId} />
          <label htmlFor={`add-${columnId}-${focusAreaId}`} className="visually-hidden">
            {t("board.addTitle", { cell: label })}
          </label>
          <input id={`add-${columnId}-${focusAreaId}`} name="title" required maxLength={200} autoComplete="off" autoFocus />
          <div className="button-row">
            <button type="submit">{t("board.add")}</button>
            <button type="button" data-add-done="">
              {t("board.addDone")}
            </button>
          </div>
        </form>
      ) : canAdd ? (
        <a className="add-card" href={`/plans/${planId}/assignments/new?columnId=${columnId}&focusAreaId=${focusAreaId}`} data-add-card={id}>
          {t("board.addCard")}
        </a>
      ) : null}
    </div>
  );
});

/** Follows one submission (a move, a new card) until the server has answered, and hands the answer to the board before it paints. */
function AnswerWatcher({ fetcherKey, onSettled }: { fetcherKey: string; onSettled: (key: string, answer: BoardAnswer) => void }) {
  const fetcher = useFetcher<BoardAnswer>({ key: fetcherKey });
  useLayoutEffect(() => {
    if (fetcher.state === "idle" && fetcher.data !== undefined) onSettled(fetcherKey, fetcher.data);
  }, [fetcher.state, fetcher.data, fetcherKey, onSettled]);
  return null;
}
