import { z } from "zod";
import { MONTH_PATTERN } from "~/utils/month";

// The field types every schema builds on, so that what the database cannot store is refused
// here with a message, not met there as an error: NUL in text, years PostgreSQL rejects (0000)
// or that date arithmetic carries out of four digits, integers beyond its `integer`, the same
// id twice in a list that becomes rows.

/** The years a date may fall in: wide for any plan, narrow enough that ±a year stays four digits. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;
/** PostgreSQL's `integer`. */
export const MAX_INT = 2_147_483_647;

// Checked once the format holds (`abort`), so a malformed date gets one message, not two.
const yearInRange = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

const storable = (value: string) => !value.includes("\u0000");
const storableError = { error: "errors.invalidCharacters" };

/** Text as it may be stored (PostgreSQL cannot hold the NUL character), at most `max` characters. */
export const text = (max: number) => z.string().max(max, { error: "errors.tooLong" }).refine(storable, storableError);

/** Text that must be filled in, at most `max` characters. */
export const requiredText = (max: number, error = "errors.required") =>
  z.string({ error }).trim().min(1, { error }).max(max, { error: "errors.tooLong" }).refine(storable, storableError);

/** Text that may be left out (then ""), at most `max` characters. */
export const optionalText = (max: number) =>
  text(max)
    .trim()
    .optional()
    .transform((value) => value ?? "");

const id = (error?: string) => z.uuid(error ? { error } : undefined);

/** Ids that become one row each: the same one twice is the same choice. */
export const idList = (max: number, error = "errors.choose") =>
  z
    .array(id(error))
    .max(max, { error: "errors.tooMany" })
    .default([])
    .transform((ids) => [...new Set(ids)]);

/** A calendar date `YYYY-MM-DD` in the years the app handles. */
export const day = (error = "errors.dateInvalid") => z.iso.date({ error, abort: true }).refine(yearInRange, { error });

/** A calendar month `YYYY-MM` in the years the app handles. */
export const month = (error = "errors.monthInvalid") => z.string().regex(MONTH_PATTERN, { error, abort: true }).refine(yearInRange, { error });

/** An instant with its offset (`2026-10-01T08:00:00.000Z`) in the years the app handles. */
export const instant = (error: string) => z.iso.datetime({ offset: true, error, abort: true }).refine(yearInRange, { error });

/** A whole number from a form field, within `min`…`max` (and always within PostgreSQL's `integer`). */
export const wholeNumber = (min: number, max: number, error: string) =>
  z.coerce.number({ error }).int({ error }).min(min, { error }).max(Math.min(max, MAX_INT), { error });

/** A row's version, as a form sends it back for optimistic locking. */
export const version = wholeNumber(1, MAX_INT, "errors.board.stale");

/** The answer to "are you sure?" that an irreversible action needs (see ConfirmedSubmit). */
/** A checkbox as a form sends it: "on" when ticked, nothing when not. */
export const checkbox = z.literal("on").optional().transform((value) => value === "on");

export const confirmation = z.literal("yes", { error: "errors.confirmationRequired" });
