/** Pure board arithmetic shared by the board, its drag and drop, its live updates and its tests. */

import type { BoardPlan } from "~/models/board.server";
import { LANES_ON_FIRST_SCREEN } from "~/utils/board";

export interface Placed {
  id: string;
  columnId: string;
  focusAreaId: string;
  /** The ordering key within the cell (compared byte by byte, as the database does). */
  position: string;
  version: number;
}

export interface CellCount {
  columnId: string;
  focusAreaId: string;
  count: number;
}

export const cellKey = (columnId: string, focusAreaId: string) => `${columnId}|${focusAreaId}`;

export function splitCellKey(key: string): { columnId: string; focusAreaId: string } {
  const [columnId = "", focusAreaId = ""] = key.split("|");
  return { columnId, focusAreaId };
}

/**
 * What a viewer's board holds: the cards it has (the first of each cell, or all of an opened
 * one), their order per cell, and the exact number of open cards per cell.
 */
export interface BoardState<T extends Placed> {
  cards: ReadonlyMap<string, T>;
  cells: ReadonlyMap<string, readonly string[]>;
  counts: ReadonlyMap<string, number>;
}

export function initialBoardState<T extends Placed>(cards: readonly T[], cellCounts: readonly CellCount[]): BoardState<T> {
  const cells = new Map<string, string[]>();
  for (const card of cards) {
    const key = cellKey(card.columnId, card.focusAreaId);
    const ids = cells.get(key);
    if (ids) ids.push(card.id);
    else cells.set(key, [card.id]);
  }
  return {
    cards: new Map(cards.map((card) => [card.id, card])),
    cells,
    counts: new Map(cellCounts.map((cell) => [cellKey(cell.columnId, cell.focusAreaId), cell.count])),
  };
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What decides which lanes a board shows, and which of them show their cards from the start. */
export interface LaneFacts<A extends { id: string }> {
  columns: ReadonlyArray<{ id: string }>;
  focusAreas: readonly A[];
  cards: readonly Placed[];
  /** Per cell, how many cards pass the filter. */
  matchesByCell: Record<string, number>;
  /** The lane of a cell opened in full, shown with its cards wherever it is. */
  openLane: string | null;
}

/** The focus areas a board has lanes for: on a filtered board, those with cards that pass. */
export function focusAreasShown<A extends { id: string }>(board: LaneFacts<A>, filtered: boolean): readonly A[] {
  return filtered
    ? board.focusAreas.filter((area) => board.columns.some((column) => (board.matchesByCell[cellKey(column.id, area.id)] ?? 0) > 0))
    : board.focusAreas;
}

/**
 * The focus areas whose lanes show their cards from the start: the first screen's, and those down
 * to an opened cell's or to that of the card whose panel is open over the board. The browser
 * scrolls to that card (closing the panel focuses it), and no lane above it then grows.
 */
export function lanesAwakeFromStart(board: LaneFacts<{ id: string }>, filtered: boolean, panelCardId: string | undefined): string[] {
  const lanes = focusAreasShown(board, filtered).map((area) => area.id);
  return firstLanes(lanes, board.openLane, board.cards.find((card) => card.id === panelCardId)?.focusAreaId);
}

/** The first screen's lanes, and down to the lanes of an opened cell and of a card shown in a panel. */
function firstLanes(lanes: readonly string[], ...shownLanes: Array<string | null | undefined>): string[] {
  const last = Math.max(LANES_ON_FIRST_SCREEN - 1, ...shownLanes.map((lane) => lanes.indexOf(lane ?? "")));
  return lanes.slice(0, last + 1);
}

/**
 * The lanes whose cards a read of the board carries, or null for every lane's. A page's document
 * (`page`) carries the cards of the lanes awake from the start, so the page's HTML and data hold a
 * screen of cards and the database reads no more; the board then reads the other lanes' cards
 * once it is hydrated, naming the lanes it has (`skip`). A filtered page carries every lane's
 * cards: which lanes have cards that pass is known only once they are read. Any other read
 * carries every card.
 */
export function lanesToRead(plan: BoardPlan, read: { page: boolean; filtered: boolean; skip?: readonly string[] }): string[] | null {
  const lanes = plan.focusAreas.map((area) => area.id);
  if (read.skip) {
    const skip = new Set(read.skip);
    return lanes.filter((lane) => !skip.has(lane));
  }
  if (!read.page || read.filtered) return null;
  const first = new Set(firstLanes(lanes, plan.openLane, plan.panelLane));
  return plan.cellCounts.some((cell) => cell.count > 0 && !first.has(cell.focusAreaId)) ? [...first] : null;
}

/**
 * The board with the cards of the lanes it lacked, read after the board was: they join their
 * cells in order. The counts already stand, kept by the moves applied since. A card the board
 * holds already, or that a later move (`movedVersions`: the versions moves brought, by card) took
 * elsewhere, stays as the board has it.
 */
export function withLaneCards<T extends Placed>(
  state: BoardState<T>,
  cards: readonly T[],
  lanes: ReadonlySet<string>,
  movedVersions: ReadonlyMap<string, number>,
): BoardState<T> {
  const joining = cards.filter(
    (card) => lanes.has(card.focusAreaId) && !state.cards.has(card.id) && (movedVersions.get(card.id) ?? 0) <= card.version,
  );
  if (joining.length === 0) return state;
  const all = new Map(state.cards);
  const cells = new Map(state.cells);
  for (const card of joining) {
    all.set(card.id, card);
    const key = cellKey(card.columnId, card.focusAreaId);
    cells.set(key, [...(cells.get(key) ?? []), card.id]);
  }
  for (const key of new Set(joining.map((card) => cellKey(card.columnId, card.focusAreaId)))) {
    cells.set(key, [...cells.get(key)!].sort((a, b) => compareKeys(all.get(a)!.position, all.get(b)!.position) || compareKeys(a, b)));
  }
  return { cards: all, cells, counts: state.counts };
}

/**
 * The board after a card moved (from the mover's answer or a live event). A card the board
 * already has in this version or later is left alone, so a patch may arrive twice. The card
 * joins its new cell only where the board shows that part of the cell; the counts always move.
 */
export function applyPatch<T extends Placed>(
  state: BoardState<T>,
  card: T,
  from: { columnId: string; focusAreaId: string },
): BoardState<T> {
  const known = state.cards.get(card.id);
  if (known && known.version >= card.version) return state;
  const fromKey = known ? cellKey(known.columnId, known.focusAreaId) : cellKey(from.columnId, from.focusAreaId);
  const toKey = cellKey(card.columnId, card.focusAreaId);
  const cards = new Map(state.cards);
  const cells = new Map(state.cells);
  const counts = new Map(state.counts);

  const targetBefore = state.cells.get(toKey) ?? [];
  const targetWasWhole = targetBefore.filter((id) => id !== card.id).length >= (counts.get(toKey) ?? 0) - (fromKey === toKey ? 1 : 0);
  if (fromKey !== toKey) {
    counts.set(fromKey, Math.max(0, (counts.get(fromKey) ?? 0) - 1));
    counts.set(toKey, (counts.get(toKey) ?? 0) + 1);
  }
  const source = cells.get(fromKey);
  if (source?.includes(card.id)) cells.set(fromKey, source.filter((id) => id !== card.id));

  const target = (cells.get(toKey) ?? []).filter((id) => id !== card.id);
  const index = target.findIndex((id) => compareKeys(cards.get(id)!.position, card.position) > 0);
  if (index >= 0 || targetWasWhole) {
    target.splice(index >= 0 ? index : target.length, 0, card.id);
    cards.set(card.id, card);
  } else {
    // It lands below what this board shows of the cell: counted, not shown.
    cards.delete(card.id);
  }
  cells.set(toKey, target);
  return { cards, cells, counts };
}

export interface PendingMove {
  assignmentId: string;
  toColumnId: string;
  toFocusAreaId: string;
  afterId: string | null;
}

/** The board as it will be once the moves still on their way to the server have landed. */
export function applyPendingMoves<T extends Placed>(state: BoardState<T>, moves: readonly PendingMove[]): BoardState<T> {
  if (moves.length === 0) return state;
  const cells = new Map(state.cells);
  const counts = new Map(state.counts);
  const cards = new Map(state.cards);
  for (const move of moves) {
    const card = cards.get(move.assignmentId);
    if (!card) continue;
    const fromKey = cellKey(card.columnId, card.focusAreaId);
    const toKey = cellKey(move.toColumnId, move.toFocusAreaId);
    cells.set(fromKey, (cells.get(fromKey) ?? []).filter((id) => id !== card.id));
    if (fromKey !== toKey) {
      counts.set(fromKey, Math.max(0, (counts.get(fromKey) ?? 0) - 1));
      counts.set(toKey, (counts.get(toKey) ?? 0) + 1);
    }
    const target = [...(cells.get(toKey) ?? [])];
    const afterIndex = move.afterId === null ? -1 : target.indexOf(move.afterId);
    target.splice(afterIndex + 1, 0, card.id);
    cells.set(toKey, target);
    cards.set(card.id, { ...card, columnId: move.toColumnId, focusAreaId: move.toFocusAreaId });
  }
  return { cards, cells, counts };
}

/** A place a card can be dropped: a cell, and an index among that cell's other shown cards. */
export interface DropTarget {
  cell: string;
  index: number;
}

/** Where a card stands now, as a drop target (null when the board does not show it). */
export function placeOf(state: BoardState<Placed>, id: string): DropTarget | null {
  const card = state.cards.get(id);
  if (!card) return null;
  const cell = cellKey(card.columnId, card.focusAreaId);
  const index = (state.cells.get(cell) ?? []).indexOf(id);
  return index < 0 ? null : { cell, index };
}

/** The card ids shown in `cell`, without the one being moved. */
export function othersIn(state: BoardState<Placed>, cell: string, movingId: string): readonly string[] {
  return (state.cells.get(cell) ?? []).filter((id) => id !== movingId);
}

/** What a screen reader hears about a drop target: 1-based position of how many, in which cell. */
export function describeTarget(state: BoardState<Placed>, movingId: string, target: DropTarget) {
  const source = placeOf(state, movingId);
  const count = state.counts.get(target.cell) ?? 0;
  return { position: target.index + 1, size: source?.cell === target.cell ? count : count + 1 };
}

/**
 * The column over its limit of cards in progress that the card would be dropped into, if any:
 * counted with the card, from the board's exact counts. Moving within a column is no drop into it.
 */
export function columnOverLimit<C extends { id: string; wipLimit: number | null }>(
  state: BoardState<Placed>,
  movingId: string,
  target: DropTarget,
  columns: readonly C[],
): C | null {
  const { columnId } = splitCellKey(target.cell);
  const column = columns.find((each) => each.id === columnId);
  if (!column || column.wipLimit === null) return null;
  const source = placeOf(state, movingId);
  if (source && splitCellKey(source.cell).columnId === columnId) return null;
  let count = 1;
  for (const [cell, cellCount] of state.counts) if (splitCellKey(cell).columnId === columnId) count += cellCount;
  return count > column.wipLimit ? column : null;
}

export type KeyboardStep = "left" | "right" | "up" | "down";

/**
 * The drop target one arrow key away: left and right change column in the same swimlane; up and
 * down move one place, and past the top or bottom of a cell into the swimlane above or below.
 * At the edge of the board the target stays where it is.
 */
export function stepTarget(
  state: BoardState<Placed>,
  movingId: string,
  target: DropTarget,
  step: KeyboardStep,
  layout: { columnIds: readonly string[]; focusAreaIds: readonly string[] },
): DropTarget {
  const { columnId, focusAreaId } = splitCellKey(target.cell);
  const column = layout.columnIds.indexOf(columnId);
  const lane = layout.focusAreaIds.indexOf(focusAreaId);
  const sizeOf = (cell: string) => othersIn(state, cell, movingId).length;
  switch (step) {
    case "left":
    case "right": {
      const nextColumn = layout.columnIds[column + (step === "right" ? 1 : -1)];
      if (nextColumn === undefined) return target;
      const cell = cellKey(nextColumn, focusAreaId);
      return { cell, index: Math.min(target.index, sizeOf(cell)) };
    }
    case "down": {
      if (target.index < sizeOf(target.cell)) return { cell: target.cell, index: target.index + 1 };
      const nextLane = layout.focusAreaIds[lane + 1];
      return nextLane === undefined ? target : { cell: cellKey(columnId, nextLane), index: 0 };
    }
    case "up": {
      if (target.index > 0) return { cell: target.cell, index: target.index - 1 };
      const previousLane = lane > 0 ? layout.focusAreaIds[lane - 1] : undefined;
      if (previousLane === undefined) return target;
      const cell = cellKey(columnId, previousLane);
      return { cell, index: sizeOf(cell) };
    }
  }
}

/** The neighbour a card dropped at `target` goes after (null: the top of the cell). */
export function afterIdAt(state: BoardState<Placed>, movingId: string, target: DropTarget): string | null {
  return target.index === 0 ? null : (othersIn(state, target.cell, movingId)[target.index - 1] ?? null);
}
