import { describe, expect, it } from "vitest";
import {
  afterIdAt,
  applyPatch,
  applyPendingMoves,
  cellKey,
  columnOverLimit,
  describeTarget,
  initialBoardState,
  lanesAwakeFromStart,
  lanesToRead,
  placeOf,
  stepTarget,
  withLaneCards,
  type Placed,
} from "./cells";

const card = (id: string, columnId: string, focusAreaId: string, position: string, version = 1): Placed => ({
  id,
  columnId,
  focusAreaId,
  position,
  version,
});

// Two columns (todo, done) × two lanes (x, y); the board shows at most the first two of each cell.
const shownCards = [card("a", "todo", "x", "a0"), card("b", "todo", "x", "a1"), card("c", "done", "x", "a0"), card("d", "todo", "y", "a0")];
const counts = [
  { columnId: "todo", focusAreaId: "x", count: 5 },
  { columnId: "done", focusAreaId: "x", count: 1 },
  { columnId: "todo", focusAreaId: "y", count: 1 },
];
const layout = { columnIds: ["todo", "done"], focusAreaIds: ["x", "y"] };
const board = () => initialBoardState(shownCards, counts);

describe("board state", () => {
  it("groups the shown cards per cell in order, with the exact counts beside them", () => {
    const state = board();
    expect(state.cells.get(cellKey("todo", "x"))).toEqual(["a", "b"]);
    expect(state.cells.get(cellKey("todo", "y"))).toEqual(["d"]);
    expect(state.counts.get(cellKey("todo", "x"))).toBe(5);
    expect(placeOf(state, "b")).toEqual({ cell: cellKey("todo", "x"), index: 1 });
    expect(placeOf(state, "zz")).toBeNull();
  });

  it("patches a moved card into place by its key, moving the counts", () => {
    const state = applyPatch(board(), card("a", "done", "x", "a1", 2), { columnId: "todo", focusAreaId: "x" });
    expect(state.cells.get(cellKey("done", "x"))).toEqual(["c", "a"]);
    expect(state.cells.get(cellKey("todo", "x"))).toEqual(["b"]);
    expect(state.counts.get(cellKey("todo", "x"))).toBe(4);
    expect(state.counts.get(cellKey("done", "x"))).toBe(2);
  });

  it("ignores a patch it already has, so the mover's answer and the live event may both arrive", () => {
    const once = applyPatch(board(), card("a", "done", "x", "a1", 2), { columnId: "todo", focusAreaId: "x" });
    expect(applyPatch(once, card("a", "done", "x", "a1", 2), { columnId: "todo", focusAreaId: "x" })).toBe(once);
  });

  it("counts a card that lands below the shown part of a cell without showing it", () => {
    // todo|x shows a0, a1 of five: a card keyed a5 lands among the hidden ones.
    const state = applyPatch(board(), card("n", "todo", "x", "a5", 3), { columnId: "todo", focusAreaId: "y" });
    expect(state.cells.get(cellKey("todo", "x"))).toEqual(["a", "b"]);
    expect(state.cards.has("n")).toBe(false);
    expect(state.counts.get(cellKey("todo", "x"))).toBe(6);
    expect(state.counts.get(cellKey("todo", "y"))).toBe(0);
  });

  it("shows a card from elsewhere that lands among the shown ones, and at the end of a whole cell", () => {
    const between = applyPatch(board(), card("n", "todo", "x", "a0V", 3), { columnId: "done", focusAreaId: "y" });
    expect(between.cells.get(cellKey("todo", "x"))).toEqual(["a", "n", "b"]);
    const atEnd = applyPatch(board(), card("m", "done", "x", "a9", 3), { columnId: "done", focusAreaId: "y" });
    expect(atEnd.cells.get(cellKey("done", "x"))).toEqual(["c", "m"]);
  });

  it("applies pending moves in order: to the top of a cell, and after a neighbour", () => {
    const state = applyPendingMoves(board(), [
      { assignmentId: "b", toColumnId: "done", toFocusAreaId: "x", afterId: null },
      { assignmentId: "a", toColumnId: "done", toFocusAreaId: "x", afterId: "c" },
    ]);
    expect(state.cells.get(cellKey("done", "x"))).toEqual(["b", "c", "a"]);
    expect(state.cells.get(cellKey("todo", "x"))).toEqual([]);
    expect(state.counts.get(cellKey("todo", "x"))).toBe(3);
    expect(state.counts.get(cellKey("done", "x"))).toBe(3);
  });
});

describe("keyboard steps", () => {
  it("moves within a cell, then past its edge into the next swimlane", () => {
    const state = board();
    let target = placeOf(state, "a")!;
    target = stepTarget(state, "a", target, "down", layout);
    expect(target).toEqual({ cell: cellKey("todo", "x"), index: 1 });
    target = stepTarget(state, "a", target, "down", layout);
    expect(target).toEqual({ cell: cellKey("todo", "y"), index: 0 });
    target = stepTarget(state, "a", target, "down", layout);
    expect(target).toEqual({ cell: cellKey("todo", "y"), index: 1 });
    // The bottom of the board: it stays.
    expect(stepTarget(state, "a", target, "down", layout)).toEqual(target);
    target = stepTarget(state, "a", target, "up", layout);
    target = stepTarget(state, "a", target, "up", layout);
    expect(target).toEqual({ cell: cellKey("todo", "x"), index: 1 });
  });

  it("changes column in the same swimlane, keeping the position where the cell allows", () => {
    const state = board();
    const right = stepTarget(state, "b", placeOf(state, "b")!, "right", layout);
    expect(right).toEqual({ cell: cellKey("done", "x"), index: 1 });
    expect(stepTarget(state, "b", right, "right", layout)).toEqual(right);
    expect(stepTarget(state, "b", right, "left", layout)).toEqual({ cell: cellKey("todo", "x"), index: 1 });
  });

  it("describes a target with its 1-based position of the cell's size, and the neighbour above it", () => {
    const state = board();
    const into = { cell: cellKey("done", "x"), index: 1 };
    expect(describeTarget(state, "a", into)).toEqual({ position: 2, size: 2 });
    expect(describeTarget(state, "a", placeOf(state, "a")!)).toEqual({ position: 1, size: 5 });
    expect(afterIdAt(state, "a", into)).toBe("c");
    expect(afterIdAt(state, "a", { cell: cellKey("done", "x"), index: 0 })).toBeNull();
  });
});

describe("columnOverLimit", () => {
  const columns = [
    { id: "todo", wipLimit: 6 },
    { id: "done", wipLimit: 1 },
  ];
  it("names the column a card from elsewhere would take over its limit", () => {
    // "done" holds 1 card, its limit: a card from "todo" makes 2.
    expect(columnOverLimit(board(), "a", { cell: cellKey("done", "x"), index: 0 }, columns)).toEqual({ id: "done", wipLimit: 1 });
  });
  it("counts the column across its swimlanes, and a card moving within it is no drop into it", () => {
    // "todo" holds 5 + 1 = 6 cards, its limit: one more from "done" is over it.
    expect(columnOverLimit(board(), "c", { cell: cellKey("todo", "y"), index: 0 }, columns)).toEqual({ id: "todo", wipLimit: 6 });
    // Moving "a" to another lane of "todo" leaves it at 6, and even over its limit says nothing.
    expect(columnOverLimit(board(), "a", { cell: cellKey("todo", "y"), index: 0 }, columns)).toBeNull();
    expect(columnOverLimit(board(), "a", { cell: cellKey("todo", "y"), index: 0 }, [{ id: "todo", wipLimit: 2 }])).toBeNull();
  });
  it("says nothing for a column without a limit", () => {
    expect(columnOverLimit(board(), "a", { cell: cellKey("done", "x"), index: 0 }, [{ id: "done", wipLimit: null }])).toBeNull();
  });
});

describe("the lanes whose cards a read of the board carries", () => {
  // Four lanes; LANES_ON_FIRST_SCREEN (two) show their cards from the start.
  const lanes = ["p", "q", "r", "s"].map((id) => ({ id }));
  const cellCounts = lanes.map((lane) => ({ columnId: "todo", focusAreaId: lane.id, count: 3 }));
  const plan = { focusAreas: lanes, cellCounts, openLane: null, panelLane: null };
  const page = { page: true, filtered: false };

  it("a page's: the first screen's lanes", () => {
    expect(lanesToRead(plan, page)).toEqual(["p", "q"]);
  });

  it("a page's: down to an opened cell's lane or to that of the card shown in a panel", () => {
    expect(lanesToRead({ ...plan, openLane: "r" }, page)).toEqual(["p", "q", "r"]);
    expect(lanesToRead({ ...plan, panelLane: "r" }, page)).toEqual(["p", "q", "r"]);
    // Down to the last lane: every lane's cards, said as null.
    expect(lanesToRead({ ...plan, panelLane: "s" }, page)).toBeNull();
    // The board wakes the same lanes from the data the page carries.
    const cards = ["p", "q", "r", "s"].map((lane, index) => card(`card-${lane}`, "todo", lane, `a${index}`));
    const facts = { columns: [{ id: "todo" }], focusAreas: lanes, cards, matchesByCell: {}, openLane: null };
    expect(lanesAwakeFromStart({ ...facts, openLane: "r" }, false, undefined)).toEqual(["p", "q", "r"]);
    expect(lanesAwakeFromStart(facts, false, "card-s")).toEqual(["p", "q", "r", "s"]);
    // A filtered board wakes the first lanes it shows: those with cards that pass.
    expect(lanesAwakeFromStart({ ...facts, matchesByCell: { "todo|q": 1, "todo|s": 1 } }, true, undefined)).toEqual(["q", "s"]);
  });

  it("a page's: every lane, said as null, when the other lanes hold no card", () => {
    const emptyBelow = cellCounts.map((cell) => (cell.focusAreaId === "p" || cell.focusAreaId === "q" ? cell : { ...cell, count: 0 }));
    expect(lanesToRead({ ...plan, cellCounts: emptyBelow }, page)).toBeNull();
  });

  it("a filtered page's and any other read's: every lane", () => {
    expect(lanesToRead(plan, { page: true, filtered: true })).toBeNull();
    expect(lanesToRead(plan, { page: false, filtered: false })).toBeNull();
  });

  it("the read after the page: the lanes it does not have, filtered or not", () => {
    expect(lanesToRead(plan, { page: false, filtered: false, skip: ["p", "q"] })).toEqual(["r", "s"]);
    expect(lanesToRead(plan, { page: false, filtered: true, skip: ["q"] })).toEqual(["p", "r", "s"]);
  });
});

describe("withLaneCards", () => {
  // The page held lane x's cards; lane y's come after, read once the page was hydrated.
  const page = () => initialBoardState(shownCards.filter((each) => each.focusAreaId === "x"), counts);
  const laneY = new Set(["y"]);

  it("puts the lacking lanes' cards in their cells in order, and leaves the counts", () => {
    const read = [card("d", "todo", "y", "a0"), card("e", "done", "y", "a3"), card("f", "done", "y", "a1"), card("a", "todo", "x", "a0")];
    const before = page();
    const state = withLaneCards(before, read, laneY, new Map());
    expect(state.cells.get(cellKey("todo", "y"))).toEqual(["d"]);
    expect(state.cells.get(cellKey("done", "y"))).toEqual(["f", "e"]);
    expect(state.cells.get(cellKey("todo", "x"))).toEqual(["a", "b"]);
    expect(state.counts).toBe(before.counts);
    expect(state.counts.get(cellKey("todo", "y"))).toBe(1);
    expect(state.cards.get("e")?.position).toBe("a3");
  });

  it("keeps a card where a later move put it, whether the board shows it or only counts it", () => {
    // "d" moved to done|x (version 2) before lane y's cards, read before that move, arrived.
    const moved = applyPatch(page(), card("d", "done", "x", "a5", 2), { columnId: "todo", focusAreaId: "y" });
    const state = withLaneCards(moved, [card("d", "todo", "y", "a0", 1)], laneY, new Map([["d", 2]]));
    expect(state.cells.get(cellKey("todo", "y")) ?? []).toEqual([]);
    expect(state.cells.get(cellKey("done", "x"))).toEqual(["c", "d"]);
    expect(state.cards.get("d")?.version).toBe(2);
    // "g" moved into lane y below what the board could show: counted, then shown once its lane's
    // cards, read after the move, arrive.
    const counted = applyPatch(page(), card("g", "todo", "y", "a9", 4), { columnId: "todo", focusAreaId: "x" });
    expect(counted.cards.has("g")).toBe(false);
    const joined = withLaneCards(counted, [card("d", "todo", "y", "a0"), card("g", "todo", "y", "a9", 4)], laneY, new Map([["g", 4]]));
    expect(joined.cells.get(cellKey("todo", "y"))).toEqual(["d", "g"]);
    expect(joined.counts.get(cellKey("todo", "y"))).toBe(2);
  });
});
