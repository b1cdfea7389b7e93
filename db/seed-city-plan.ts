import { generateNKeysBetween } from "fractional-indexing";
import type { Insertable, Kysely } from "kysely";
import type { AssignmentTable, Database } from "./schema";
import { demoId } from "./demo-id";

// A city-wide plan at the size the board is built for: 13 focus areas drawn up with staff,
// managers and unions, adopted in 14 districts, with as many assignments as asked for (1,000 for
// the end-to-end tests and for trying the board at scale). Added on top of the demo data with
// `npm run db:seed -- --city-plan 1000`; deterministic and idempotent like the rest of the seed.

const PLAN_KEY = "stadens-plan";
const DAY = 24 * 60 * 60 * 1000;

export const CITY_PLAN_TITLE = "Stadens gemensamma plan för socialt arbete";

export const cityFocusAreaNames = [
  "Brukarmedverkan",
  "Introduktion och mentorskap",
  "Arbetssituation",
  "Kompetensutveckling",
  "Administrativt stöd till chefer",
  "Fler studentplatser",
  "Ändamålsenliga lokaler",
  "Hot och våld",
  "Jämställdhet",
  "Samverkan",
  "Arbetsfördelning",
  "Digitalt stöd",
  "Uppföljning av resultat",
] as const;
export const cityColumns = [
  { name: "Planerad", isDone: false },
  { name: "Pågår", isDone: false },
  { name: "Uppföljning", isDone: false },
  { name: "Klart", isDone: true },
] as const;
const districts = [
  "Centrum", "Norr", "Söder", "Öster", "Väster", "Hamnen", "Bergsjö", "Ängen",
  "Kvarnby", "Lindvik", "Sjöstaden", "Torpa", "Vallby", "Åby",
] as const;
const actions = [
  "Införa mentorskap för nyanställda",
  "Mäta arbetsbelastningen enligt Göteborgsmodellen",
  "Schemalägga ärendetid utan telefon",
  "Ta emot fler socionomstudenter",
  "Utbilda i hot- och våldsrutiner",
  "Ordna samtalsrum som går att larma",
  "Följa upp korttidsfrånvaron",
  "Samla synpunkter från brukarråd",
  "Ta fram stöd för dokumentation",
  "Se över delegationsordningen",
  "Regelbundna samtal om arbetssituationen",
  "Gemensam introduktionsvecka",
] as const;

/** mulberry32 from a fixed seed: the same plan on every run. */
export function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedCityPlan(db: Kysely<Database>, cards: number, now = new Date()): Promise<void> {
  const rand = prng(14_13);
  const organisationId = demoId("organisation:exempelby");
  const creatorId = demoId("person:strateg@exempelby.test");
  const planId = demoId(`plan:${PLAN_KEY}`);
  const carrierIds = [demoId("group:multiteam"), demoId("group:utveckling"), null];
  const columnIds = cityColumns.map((column) => demoId(`column:${PLAN_KEY}:${column.name}`));
  const focusIds = cityFocusAreaNames.map((name) => demoId(`focus-area:${PLAN_KEY}:${name}`));

  const cells = new Map<string, Array<Insertable<AssignmentTable> & { id: string }>>();
  for (let index = 0; index < cards; index++) {
    const column = rand() < 0.35 ? 0 : rand() < 0.5 ? 1 : rand() < 0.5 ? 2 : 3;
    const focus = Math.floor(rand() * focusIds.length);
    const district = districts[index % districts.length]!;
    const card = {
      id: demoId(`assignment:${PLAN_KEY}:${index}`),
      plan_id: planId,
      column_id: columnIds[column]!,
      focus_area_id: focusIds[focus]!,
      position: "",
      title: `${district}: ${actions[Math.floor(rand() * actions.length)]!} (${index + 1})`,
      description: "",
      working_group_id: carrierIds[index % carrierIds.length]!,
      created_by: creatorId,
      created_at: new Date(now.getTime() - (30 + Math.floor(rand() * 150)) * DAY),
      column_entered_at: new Date(now.getTime() - Math.floor(rand() * 60) * DAY),
    };
    const key = `${card.column_id}|${card.focus_area_id}`;
    cells.set(key, [...(cells.get(key) ?? []), card]);
  }
  for (const cell of cells.values()) {
    generateNKeysBetween(null, null, cell.length).forEach((position, index) => (cell[index]!.position = position));
  }
  const assignments = [...cells.values()].flat();

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("action_plans")
      .values({
        id: planId,
        organisation_id: organisationId,
        title: CITY_PLAN_TITLE,
        description: "Stadens plan med tretton fokusområden, antagen i fjorton stadsdelar som var och en driver sina egna uppdrag.",
        created_by: creatorId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const columnKeys = generateNKeysBetween(null, null, cityColumns.length);
    await trx
      .insertInto("board_columns")
      .values(cityColumns.map((column, index) => ({ id: columnIds[index]!, plan_id: planId, name: column.name, position: columnKeys[index]!, is_done: column.isDone })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    const focusKeys = generateNKeysBetween(null, null, cityFocusAreaNames.length);
    await trx
      .insertInto("focus_areas")
      .values(cityFocusAreaNames.map((name, index) => ({ id: focusIds[index]!, plan_id: planId, name, description: "", position: focusKeys[index]! })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    // PostgreSQL takes at most 65,535 parameters a statement.
    for (let start = 0; start < assignments.length; start += 500) {
      const batch = assignments.slice(start, start + 500);
      const inserted = await trx.insertInto("assignments").values(batch).onConflict((oc) => oc.doNothing()).returning("id").execute();
      const fresh = new Set(inserted.map((row) => row.id));
      const created = batch.filter((card) => fresh.has(card.id));
      if (created.length === 0) continue;
      await trx
        .insertInto("assignment_events")
        .values(
          created.map((card) => ({
            assignment_id: card.id,
            plan_id: planId,
            actor_id: creatorId,
            actor_name: "Sara Strand",
            kind: "created" as const,
            to_column_id: card.column_id,
            to_column_name: cityColumns[columnIds.indexOf(card.column_id)]!.name,
            to_focus_area_id: card.focus_area_id,
            to_focus_area_name: cityFocusAreaNames[focusIds.indexOf(card.focus_area_id)]!,
            version: 1,
            occurred_at: card.created_at as Date,
          })),
        )
        .execute();
    }
  });
}
