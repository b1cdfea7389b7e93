import { describe, expect, it } from "vitest";
import { applyMoves, cellKey, groupByCell, locate } from "./cells";

const cards = [
  { id: "a", columnId: "todo", focusAreaId: "x" },
  { id: "b", columnId: "todo", focusAreaId: "x" },
  { id: "c", columnId: "done", focusAreaId: "x" },
  { id: "d", columnId: "todo", focusAreaId: "y" },
];

describe("board cells", () => {
  it("groups cards per column and focus area, keeping their order", () => {
    const cells = groupByCell(cards);
    expect(cells.get(cellKey("todo", "x"))).toEqual(["a", "b"]);
    expect(cells.get(cellKey("todo", "y"))).toEqual(["d"]);
    expect(cells.get(cellKey("done", "y"))).toBeUndefined();
  });

  it("applies pending moves in order: to the top of a cell, and after a neighbour", () => {
    const moved = applyMoves(cards, [
      { assignmentId: "b", toColumnId: "done", toFocusAreaId: "x", afterId: null },
      { assignmentId: "a", toColumnId: "done", toFocusAreaId: "x", afterId: "c" },
    ]);
    const cells = groupByCell(moved);
    expect(cells.get(cellKey("done", "x"))).toEqual(["b", "c", "a"]);
    expect(cells.get(cellKey("todo", "x"))).toBeUndefined();
    expect(cards.map((card) => card.columnId)).toEqual(["todo", "todo", "done", "todo"]);
  });

  it("locates a card with its 1-based position and its neighbour above", () => {
    expect(locate(groupByCell(cards), "b")).toEqual({ key: cellKey("todo", "x"), position: 2, size: 2, afterId: "a" });
    expect(locate(groupByCell(cards), "zz")).toBeNull();
  });
});
