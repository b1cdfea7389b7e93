import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { TIME_ZONE } from "./format";
import { readQuery } from "./params.server";

// Excel reads a CSV as UTF-8 only when it starts with a byte-order mark (else as Windows-1252,
// and å, ä, ö break). It splits a double-clicked CSV at the list separator of Windows' regional
// settings, which is a semicolon in Sweden (the comma is the decimal sign): so semicolons by
// default, commas on request for other tools (decision 0011).
const BOM = "\uFEFF";

export const csvQuerySchema = z.object({
  delimiter: z.enum(["comma", "semicolon"], { error: "errors.delimiterInvalid" }).default("semicolon"),
});

const stockholmMinute = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant as Excel reads a date and time: `2026-11-07 12:31`, Stockholm time. */
export function csvTime(instant: Date | string | null): string {
  if (instant === null) return "";
  const parts = Object.fromEntries(stockholmMinute.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
}

// A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet shows as written: a leading quote makes a would-be formula plain text. */
function neutraliseFormula(value: string | number | null | undefined): string | number {
  if (typeof value !== "string") return value ?? "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Every CSV the app writes goes through here, so no cell can reach a spreadsheet as a formula. */
export function toCsv<Row>(rows: readonly Row[], columns: CsvColumn<Row>[], delimiter: "comma" | "semicolon"): string {
  return (
    BOM +
    stringify(
      [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => column.value(row)))].map((record) =>
        record.map(neutraliseFormula),
      ),
      { delimiter: delimiter === "semicolon" ? ";" : ",", record_delimiter: "windows" },
    )
  );
}

/** The delimiter a request asks for; anything else is a 400 with the reason. */
export function readCsvDelimiter(request: Request) {
  return readQuery(request, csvQuerySchema).delimiter;
}

export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** A file name from a title: letters, digits and dashes only. */
export function fileSlug(title: string): string {
  return (
    title
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "plan"
  );
}
