import * as XLSX from "@e965/xlsx";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as assignmentsCsvLoader } from "~/routes/plans.$planId_.assignments[.]csv";
import { loader as historyCsvLoader } from "~/routes/plans.$planId_.history[.]csv";
import { localeCookie } from "~/utils/locale.server";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, cookieFor, loadContext } from "./support/requests";

/**
 * The CSV files read back by SheetJS, whose CSV reader guesses separators and cell types the way
 * Excel does when a file is double-clicked: so what Excel would make of each cell is checked here.
 */
type Sheet = { headers: string[]; rows: XLSX.CellObject[][] };

function readSheet(bytes: Buffer): Sheet {
  const workbook = XLSX.read(bytes, { type: "buffer", cellDates: true });
  const sheet = workbook.Sheets[workbook.SheetNames[0]!]!;
  const range = XLSX.utils.decode_range(sheet["!ref"]!);
  const rows: XLSX.CellObject[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: XLSX.CellObject[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) row.push(sheet[XLSX.utils.encode_cell({ r, c })] ?? { t: "z" });
    rows.push(row);
  }
  const [header, ...body] = rows;
  return { headers: header!.map((cell) => String(cell.v)), rows: body };
}

/** A date cell's calendar date and wall-clock time, as the spreadsheet shows it. */
function shown(cell: XLSX.CellObject | undefined): string {
  expect(cell?.t, "a date cell").toBe("d");
  const date = cell!.v as Date;
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}${time === "00:00" ? "" : ` ${time}`}`;
}

describe.each(databaseKinds)("CSV as Swedish Excel reads it, on %s", (kind) => {
  let test: TestDatabase;
  let planId: string;
  let cardId: string;
  let cookie: string;
  const TITLE = "Räkna om bemanningen – ÅÄÖ åäö é «10 → 13»";

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    const card = await test.db
      .selectFrom("assignments as a")
      .innerJoin("action_plans as p", "p.id", "a.plan_id")
      .where("a.archived_at", "is", null)
      .select(["a.id", "a.plan_id"])
      .orderBy("a.created_at")
      .executeTakeFirstOrThrow();
    planId = card.plan_id;
    cardId = card.id;
    // Winter time (CET) and summer time (CEST), the second across midnight in Stockholm.
    await sql`
      update assignments set title = ${TITLE}, due_on = '2026-11-07', created_at = '2026-11-07T11:31:00Z',
        column_entered_at = '2026-07-01T22:05:00Z'
      where id = ${cardId}
    `.execute(test.db);
    await test.db
      .insertInto("assignment_events")
      .values({
        assignment_id: cardId,
        plan_id: planId,
        actor_name: "Åsa Öberg",
        kind: "edited",
        changes: JSON.stringify({ dueOn: { from: null, to: "2026-12-01" }, responsibles: { from: [], to: ["Ada Ek", "Bo Ås"] } }),
        version: 99,
      })
      .execute();
    await sql`update assignment_events set occurred_at = '2026-11-07T11:31:00Z' where version = 99 and assignment_id = ${cardId}`.execute(test.db);
    const staff = await test.db.selectFrom("people").select("id").where("email", "=", "personal@exempelby.test").executeTakeFirstOrThrow();
    cookie = await cookieFor(test.db, staff.id);
  });
  afterAll(async () => {
    await test?.close();
  });

  async function download(loader: typeof assignmentsCsvLoader, file: string, extraCookie?: string): Promise<Buffer> {
    const request = buildRequest(`/plans/${planId}/${file}`, { cookie: [cookie, extraCookie].filter(Boolean).join("; ") });
    const response = (await loader({ request, params: { planId }, context: loadContext(test.db) })) as Response;
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    // UTF-8 with a byte-order mark, separated by semicolons: what Swedish Excel opens as columns.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8").split("\r\n")[0]).toContain(";");
    return bytes;
  }

  it("gives assignments' dates as dates, times in Stockholm time, day counts as numbers and text intact", async () => {
    const { headers, rows } = readSheet(await download(assignmentsCsvLoader, "assignments.csv"));
    expect(headers).toEqual(["id", "Rubrik", "Kolumn", "Fokusområde", "Arbetsgrupp", "Ansvariga", "Klart senast", "Skapat", "I kolumnen sedan", "Dagar i kolumnen", "Arkiverat", "Beskrivning"]);
    const cell = (row: XLSX.CellObject[], header: string) => row[headers.indexOf(header)];
    const card = rows.find((row) => row[0]?.v === cardId)!;
    expect(cell(card, "Rubrik")).toMatchObject({ t: "s", v: TITLE });
    expect(shown(cell(card, "Klart senast"))).toBe("2026-11-07");
    expect(shown(cell(card, "Skapat"))).toBe("2026-11-07 12:31");
    expect(shown(cell(card, "I kolumnen sedan"))).toBe("2026-07-02 00:05");
    const days = cell(card, "Dagar i kolumnen")!;
    expect(days.t).toBe("n");
    expect(days.v).toBe(Math.floor((Date.now() - Date.parse("2026-07-01T22:05:00Z")) / 86_400_000));
    expect(cell(card, "Arkiverat")?.t, "an open card has no archive time").toBe("z");

    for (const row of rows) {
      expect(cell(row, "Rubrik")?.t).toBe("s");
      expect(cell(row, "Dagar i kolumnen")?.t).toBe("n");
      expect(cell(row, "Skapat")?.t).toBe("d");
      expect(["d", "z"]).toContain(cell(row, "Klart senast")?.t);
    }
  });

  it("gives history times in Stockholm time, kinds in words and changes as readable text, with no JSON in any cell", async () => {
    const { headers, rows } = readSheet(await download(historyCsvLoader, "history.csv"));
    expect(headers).toEqual(["Tidpunkt", "Uppdragets id", "Rubrik", "Händelse", "Vem", "Från kolumn", "Till kolumn", "Från fokusområde", "Till fokusområde", "Ändringar"]);
    const edit = rows.find((row) => row[1]?.v === cardId && row[4]?.v === "Åsa Öberg")!;
    expect(shown(edit[0])).toBe("2026-11-07 12:31");
    expect(edit[3]).toMatchObject({ t: "s", v: "Ändrat" });
    expect(edit[9]).toMatchObject({ t: "s", v: "slutdatumet: (inget) → 2026-12-01; ansvariga: (inget) → Ada Ek, Bo Ås" });

    expect(new Set(rows.map((row) => row[3]?.v))).toEqual(new Set(["Skapat", "Flyttat", "Ändrat", "Arkiverat"]));
    for (const row of rows) {
      expect(row[0]?.t).toBe("d");
      for (const value of row.map((cell) => cell.v)) expect(String(value ?? "")).not.toMatch(/^[[{]|":/);
    }
  });

  it("speaks the chosen language in headers, kinds and changes", async () => {
    const english = (await localeCookie.serialize("en")).split(";")[0]!;
    const { headers, rows } = readSheet(await download(historyCsvLoader, "history.csv", english));
    expect(headers.slice(0, 4)).toEqual(["Time", "Assignment id", "Title", "Event"]);
    const edit = rows.find((row) => row[1]?.v === cardId && row[4]?.v === "Åsa Öberg")!;
    expect(edit[3]?.v).toBe("Edited");
    expect(edit[9]?.v).toBe("the due date: (none) → 2026-12-01; the responsible people: (none) → Ada Ek, Bo Ås");
  });
});
