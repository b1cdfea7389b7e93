import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { text, version, wholeNumber } from "./fields";

// Server-only: the board page's client bundle must not carry zod (its JavaScript budget is 120 kB).

/**
 * One move of a card: after a neighbour, or "start" for the top of the cell (drag and drop), or
 * to a 1-based position (the form without JavaScript).
 */
export const moveSchema = z
  .object({
    intent: z.literal("move"),
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

export type MoveSubmission = z.infer<typeof moveSchema>;

export const moveIntents = [moveSchema.shape.intent.value];

/** Parses a move's form data (kept here so the board's client bundle carries neither zod nor conform). */
export function parseMove(formData: FormData) {
  return parseWithZod(formData, { schema: moveSchema });
}

const cellSchema = z
  .string()
  .regex(/^[0-9a-f-]{36}\.[0-9a-f-]{36}$/i)
  .transform((value) => {
    const [columnId = "", focusAreaId = ""] = value.split(".");
    return { columnId, focusAreaId };
  })
  .pipe(z.object({ columnId: z.uuid(), focusAreaId: z.uuid() }));

/**
 * What part of a board to show: `show` opens one cell in full (`<columnId>.<focusAreaId>`), `card`
 * opens the cell that holds a card (a link to a card on the board), `q` finds cards by title.
 */
export const boardViewSchema = z.object({
  show: cellSchema.optional(),
  card: z.uuid().optional(),
  q: text(200)
    .trim()
    .transform((value) => value || undefined)
    .optional(),
});
export type BoardViewParams = z.infer<typeof boardViewSchema>;

/** The board view a URL asks for; a malformed one is a 400, not a guess. */
export function parseBoardView(url: URL): BoardViewParams {
  const parsed = boardViewSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw Response.json({ errors: ["errors.badBoardView"] }, { status: 400 });
  return parsed.data;
}

const cursorSchema = z.string().regex(/^\d{1,19}$/);

/** Where a reconnecting event stream resumes: the browser's Last-Event-ID, else `?after=`. */
export function parseLiveCursor(request: Request): string | null {
  const value = request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("after");
  if (value === null || value === "") return null;
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw Response.json({ errors: ["errors.badBoardView"] }, { status: 400 });
  return parsed.data;
}
