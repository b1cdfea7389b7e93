import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { readQuery } from "./params.server";

// Excel opens UTF-8 correctly only with a byte-order mark; Swedish Excel also expects semicolons.
const BOM = "\uFEFF";

export const csvQuerySchema = z.object({
  delimiter: z.enum(["comma", "semicolon"], { error: "errors.delimiterInvalid" }).default("comma"),
});

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
