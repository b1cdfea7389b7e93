/** Pure board arithmetic shared by the board, its drag and drop and its tests. */

export interface Placeable {
  id: string;
  columnId: string;
  focusAreaId: string;
}

export const cellKey = (columnId: string, focusAreaId: string) => `${columnId}|${focusAreaId}`;

export function splitCellKey(key: string): { columnId: string; focusAreaId: string } {
  const [columnId = "", focusAreaId = ""] = key.split("|");
  return { columnId, focusAreaId };
}

/** Card ids per cell, in board order (the cards come sorted by their ordering key). */
export function groupByCell(cards: readonly Placeable[]): Map<string, string[]> {
  const cells = new Map<string, string[]>();
  for (const card of cards) {
    const key = cellKey(card.columnId, card.focusAreaId);
    const ids = cells.get(key);
    if (ids) ids.push(card.id);
    else cells.set(key, [card.id]);
  }
  return cells;
}

export interface PendingMove {
  assignmentId: string;
  toColumnId: string;
  toFocusAreaId: string;
  afterId: string | null;
}

/** The board as it will be once the moves still on their way to the server have landed. */
export function applyMoves<T extends Placeable>(cards: readonly T[], moves: readonly PendingMove[]): T[] {
  if (moves.length === 0) return cards as T[];
  let result = [...cards];
  for (const move of moves) {
    const moving = result.find((card) => card.id === move.assignmentId);
    if (!moving) continue;
    const moved = { ...moving, columnId: move.toColumnId, focusAreaId: move.toFocusAreaId };
    result = result.filter((card) => card.id !== move.assignmentId);
    const afterIndex = move.afterId === null ? -1 : result.findIndex((card) => card.id === move.afterId);
    result.splice(afterIndex + 1, 0, moved);
  }
  return result;
}

/** Where a card stands: its cell, 1-based position and the size of the cell. */
export function locate(cells: Map<string, string[]>, id: string) {
  for (const [key, ids] of cells) {
    const index = ids.indexOf(id);
    if (index >= 0) return { key, position: index + 1, size: ids.length, afterId: ids[index - 1] ?? null };
  }
  return null;
}
