/** Board facts the server and the browser share. */

/** How many cards of each cell a board shows before "show all": a screen holds about this many. */
export const CARDS_PER_CELL = 5;

/**
 * How many lanes a board renders with their cards before the page is scrolled: what a tall screen
 * holds. The others show their cells' counts and links until they come near the screen.
 */
export const LANES_ON_FIRST_SCREEN = 2;

export const MOVE_INTENT = "move";
export const ADD_CARD_INTENT = "add";

/** A move posted from the board itself (not a failed one), whose answer patches the board in place. */
export function isBoardMove({
  formMethod,
  formAction,
  formData,
  actionResult,
}: {
  formMethod?: string;
  formAction?: string;
  formData?: FormData;
  actionResult?: unknown;
}): boolean {
  const failed = typeof actionResult === "object" && actionResult !== null && (actionResult as { error?: unknown }).error != null;
  return (
    formMethod?.toUpperCase() === "POST" &&
    formData?.get("intent") === MOVE_INTENT &&
    /^\/plans\/[^/?#]+$/.test(formAction ?? "") &&
    !failed
  );
}

/** The query-string fields that narrow a board, in the order its filter form shows them. */
export const FILTER_FIELDS = ["q", "group", "person", "area", "due", "mine"] as const;
export type BoardFilterParams = Partial<Record<(typeof FILTER_FIELDS)[number], string>>;

/** A board address's query string: its filter, and optionally a cell shown in full. */
export function boardSearch(filter: BoardFilterParams, show?: string): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = filter[field];
    if (value) params.set(field, value);
  }
  if (show) params.set("show", show);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export const isFiltered = (filter: BoardFilterParams) => FILTER_FIELDS.some((field) => Boolean(filter[field]));
