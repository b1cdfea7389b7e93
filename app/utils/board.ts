/** Board facts the server and the browser share. */

/** How many cards of each cell a board shows before "show all": a screen holds about this many. */
export const CARDS_PER_CELL = 5;

export const MOVE_INTENT = "move";

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
