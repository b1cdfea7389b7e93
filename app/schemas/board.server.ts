import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { BoardFilter } from "~/models/board.server";
import { ADD_CARD_INTENT, MOVE_INTENT, type BoardFilterParams } from "~/utils/board";
import { requiredText, text, version, wholeNumber } from "./fields";

// Server-only: the board page's client bundle must not carry zod (its JavaScript budget is 120 kB).

/**
 * One move of a card: after a neighbour, or "start" for the top of the cell (drag and drop), or
 * to a 1-based position (the form without JavaScript).
 */
export const moveSchema = z
  .object({
    intent: z.literal(MOVE_INTENT),
    assignmentId: z.uuid(),
    version,
    toColumnId: z.uuid({ error: "errors.choose" }),
    toFocusAreaId: z.uuid({ error: "errors.choose" }),
    afterId: z.union([z.uuid(), z.literal("start")]).optional(),
    position: wholeNumber(1, 100_000, "errors.positionInvalid").optional(),
  })
  .refine((move) => (move.afterId === undefined) !== (move.position === undefined), {
    path: ["position"],
    error: "errors.positionInvalid",
  });

/** A new card, by title, at the bottom of a cell (the board's inline "add"). */
export const addCardSchema = z.object({
  intent: z.literal(ADD_CARD_INTENT),
  title: requiredText(200),
  toColumnId: z.uuid({ error: "errors.choose" }),
  toFocusAreaId: z.uuid({ error: "errors.choose" }),
});

const boardActionSchema = z.discriminatedUnion("intent", [moveSchema, addCardSchema]);

export const boardIntents = boardActionSchema.options.map((option) => option.shape.intent.value);

/** Parses a move's or a new card's form data (kept here so the board's client bundle carries neither zod nor conform). */
export function parseBoardAction(formData: FormData) {
  return parseWithZod(formData, { schema: boardActionSchema });
}

const cellSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}\.[0-9a-f-]{36}$/i)
  .transform((value) => {
    const [columnId = "", focusAreaId = ""] = value.split(".");
    return { columnId, focusAreaId };
  })
  .pipe(z.object({ columnId: z.uuid(), focusAreaId: z.uuid() }));

/** Focus areas' ids, separated by commas. */
const lanesSchema = z
  .string()
  .transform((value) => value.split(","))
  .pipe(z.array(z.uuid()).max(500));

/**
 * What part of a board to show: `show` opens one cell in full (`<columnId>.<focusAreaId>`), `card`
 * opens the cell that holds a card (a link to a card on the board); `q`, `group` (an id or
 * "none"), `person`, `area`, `due` and `mine` narrow the board to the cards that pass them all.
 * `skip` leaves out the cards of lanes the board has already (its read after the page).
 */
export const boardViewSchema = z.object({
  show: cellSchema.optional(),
  skip: lanesSchema.optional(),
  card: z.uuid().optional(),
  q: text(200)
    .trim()
    .transform((value) => value || undefined)
    .optional(),
  group: z.union([z.uuid(), z.literal("none")]).optional(),
  person: z.uuid().optional(),
  area: z.uuid().optional(),
  due: z.enum(["overdue", "month"]).optional(),
  mine: z.literal("1").optional(),
});
export type BoardViewParams = z.infer<typeof boardViewSchema>;

/** The board view a URL asks for (blank fields of the filter form count as not given); a malformed one is a 400, not a guess. */
export function parseBoardView(url: URL): BoardViewParams {
  const given = [...url.searchParams].filter(([, value]) => value !== "");
  const parsed = boardViewSchema.safeParse(Object.fromEntries(given));
  if (!parsed.success) throw Response.json({ errors: ["errors.badBoardView"] }, { status: 400 });
  return parsed.data;
}

/** The filter a board view asks for, as the board's query reads it. */
export function boardFilterOf(view: BoardViewParams, viewer: { id: string | null; today: string }): BoardFilter {
  return {
    query: view.q,
    groupId: view.group,
    personId: view.person,
    focusAreaId: view.area,
    due: view.due,
    mineOf: view.mine && viewer.id ? viewer.id : undefined,
    today: viewer.today,
  };
}

/** The filter as the board's links and form carry it. */
export function filterParamsOf(view: BoardViewParams): BoardFilterParams {
  return { q: view.q, group: view.group, person: view.person, area: view.area, due: view.due, mine: view.mine };
}

/** A move's id, or `t` and the time a board that had seen no move was read (see LiveCursor). */
const cursorSchema = z.string().regex(/^(\d{1,19}|t\d{1,15})$/);

/** Where a reconnecting event stream resumes: the browser's Last-Event-ID, else `?after=`. */
export function parseLiveCursor(request: Request): string | null {
  const value = request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("after");
  if (value === null || value === "") return null;
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw Response.json({ errors: ["errors.badBoardView"] }, { status: 400 });
  return parsed.data;
}
