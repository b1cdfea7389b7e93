import { randomUUID } from "node:crypto";
import { generateNKeysBetween } from "fractional-indexing";
import type { Insertable } from "kysely";
import type { AssignmentResponsibleTable, AssignmentTable } from "../../db/schema";
import type { Db } from "../../app/utils/db.server";
import { cityColumns, cityFocusAreaNames, prng } from "../../db/seed-city-plan";

const DAY = 24 * 60 * 60 * 1000;

// The shape of the city-wide plan the board is built for (db/seed-city-plan.ts): 4 columns, 13 focus areas.
const columnNames = cityColumns.map((column) => column.name);
/** Where cards pile up on a real board: many planned, fewer further on. */
const columnWeights = [0.35, 0.33, 0.16, 0.16] as const;
const focusAreaNames = cityFocusAreaNames;
const groupNames = ["Utvecklingsgruppen", "Multiteamgruppen", "Gemensam ingång", "Arbetsmiljögruppen"] as const;
const firstNames = ["Anna", "Erik", "Fatima", "Johan", "Karin", "Lars", "Maria", "Mohammed", "Nils", "Sara", "Aisha", "Per"];
const lastNames = ["Andersson", "Berg", "Ekström", "Haddad", "Holm", "Lind", "Nyberg", "Öberg", "Sandberg"];
const verbs = ["Kartlägga", "Införa", "Följa upp", "Utvärdera", "Samordna", "Dokumentera", "Förbättra", "Utbilda i"];
const objects = [
  "rutiner för överlämning mellan enheterna",
  "introduktionen av nya medarbetare",
  "ärendefördelningen i teamen",
  "samverkan med Arbetsförmedlingen",
  "den digitala ansökan om ekonomiskt bistånd",
  "arbetsbelastningen enligt Göteborgsmodellen",
  "uppföljningen av individuella planer",
];

export const benchPlanShape = {
  columns: columnNames.length,
  focusAreas: focusAreaNames.length,
  groups: groupNames.length,
  people: 60,
};

export interface BenchPlanOptions {
  cards: number;
  /** The same seed gives the same board (apart from generated ids) on every database. */
  seed?: number;
  /** Rows per INSERT statement. */
  batchSize?: number;
}

export interface BenchPlan {
  organisationId: string;
  planId: string;
  /** A strategic developer of the plan's organisation, who may read the board. */
  viewer: { id: string; email: string };
  cards: number;
  responsibleLinks: number;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function weightedIndex(rand: () => number, weights: readonly number[]): number {
  let remaining = rand() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, weight] of weights.entries()) {
    remaining -= weight;
    if (remaining < 0) return index;
  }
  return weights.length - 1;
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

async function insertInBatches<Row>(rows: readonly Row[], batchSize: number, insert: (batch: Row[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += batchSize) {
    await insert(rows.slice(start, start + batchSize));
  }
}

/**
 * A plan of `cards` open cards in its own organisation: 4 columns, 13 focus areas, 4 working
 * groups and 60 people, with 1–2 responsible people on about half of the cards. One
 * transaction; cards and their responsible people are inserted `batchSize` rows at a time.
 */
export async function createBenchPlan(db: Db, options: BenchPlanOptions): Promise<BenchPlan> {
  const rand = prng(options.seed ?? options.cards);
  const batchSize = options.batchSize ?? 500;
  const slug = `bench-${options.cards}-${randomUUID().slice(0, 8)}`;
  const now = Date.now();

  return db.transaction().execute(async (trx) => {
    const organisation = await trx
      .insertInto("organisations")
      .values({ name: `Benchkommun ${options.cards}`, slug })
      .returning("id")
      .executeTakeFirstOrThrow();
    const people = await trx
      .insertInto("people")
      .values(
        Array.from({ length: benchPlanShape.people }, (_, index) => ({
          organisation_id: organisation.id,
          name: `${pick(rand, firstNames)} ${pick(rand, lastNames)}`,
          email: `person${index}@${slug}.test`,
          role: index < 4 ? ("strategic_developer" as const) : ("staff" as const),
        })),
      )
      .returning(["id", "email"])
      .execute();
    const author = people[0];
    if (!author) throw new Error("no people were created");
    const groups = await trx
      .insertInto("working_groups")
      .values(
        groupNames.map((name) => ({
          organisation_id: organisation.id,
          name,
          starts_on: isoDate(now - 200 * DAY),
          ends_on: isoDate(now + 400 * DAY),
          created_by: author.id,
        })),
      )
      .returning("id")
      .execute();
    const plan = await trx
      .insertInto("action_plans")
      .values({
        organisation_id: organisation.id,
        title: `Handlingsplan med ${options.cards} uppdrag`,
        description: "Genererad för prestandamätning av tavlan.",
        created_by: author.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const columnKeys = generateNKeysBetween(null, null, columnNames.length);
    const columns = await trx
      .insertInto("board_columns")
      .values(
        columnNames.map((name, index) => ({
          plan_id: plan.id,
          name,
          position: columnKeys[index]!,
          is_done: index === columnNames.length - 1,
        })),
      )
      .returning("id")
      .execute();
    const focusKeys = generateNKeysBetween(null, null, focusAreaNames.length);
    const focusAreas = await trx
      .insertInto("focus_areas")
      .values(focusAreaNames.map((name, index) => ({ plan_id: plan.id, name, position: focusKeys[index]! })))
      .returning("id")
      .execute();

    // Deal the cards out to cells first, so each (column, focus area) cell gets one key sequence.
    const cellOfCard = Array.from({ length: options.cards }, () => ({
      column: weightedIndex(rand, columnWeights),
      focusArea: Math.floor(rand() * focusAreas.length),
    }));
    const cellSizes = new Map<string, number>();
    const cellKey = (cell: { column: number; focusArea: number }) => `${cell.column}|${cell.focusArea}`;
    for (const cell of cellOfCard) cellSizes.set(cellKey(cell), (cellSizes.get(cellKey(cell)) ?? 0) + 1);
    const keysByCell = new Map<string, string[]>();
    for (const [key, size] of cellSizes) keysByCell.set(key, generateNKeysBetween(null, null, size).reverse());

    const assignments: Insertable<AssignmentTable>[] = [];
    const responsibles: Insertable<AssignmentResponsibleTable>[] = [];
    for (const [index, cell] of cellOfCard.entries()) {
      const position = keysByCell.get(cellKey(cell))?.pop();
      const column = columns[cell.column];
      const focusArea = focusAreas[cell.focusArea];
      if (position === undefined || !column || !focusArea) throw new Error(`no cell for card ${index}`);
      const id = randomUUID();
      assignments.push({
        id,
        plan_id: plan.id,
        column_id: column.id,
        focus_area_id: focusArea.id,
        position,
        title: `${pick(rand, verbs)} ${pick(rand, objects)} (${index + 1})`,
        description: "Beskrivning av uppdraget, med bakgrund, mål och hur det följs upp.",
        working_group_id: rand() < 0.7 ? pick(rand, groups).id : null,
        due_on: rand() < 0.4 ? isoDate(now + Math.floor((rand() - 0.3) * 240) * DAY) : null,
        column_entered_at: new Date(now - Math.floor(rand() * 180 * DAY)),
        created_by: author.id,
      });
      if (rand() < 0.5) {
        const first = pick(rand, people);
        responsibles.push({ assignment_id: id, person_id: first.id });
        const second = pick(rand, people);
        if (rand() < 0.5 && second.id !== first.id) responsibles.push({ assignment_id: id, person_id: second.id });
      }
    }

    await insertInBatches(assignments, batchSize, (batch) => trx.insertInto("assignments").values(batch).execute());
    await insertInBatches(responsibles, batchSize, (batch) =>
      trx.insertInto("assignment_responsibles").values(batch).execute(),
    );
    return {
      organisationId: organisation.id,
      planId: plan.id,
      viewer: author,
      cards: assignments.length,
      responsibleLinks: responsibles.length,
    };
  });
}

/** `count` more strategic developers of `organisationId` (who may move any card of its plans). */
export async function addPeople(db: Db, organisationId: string, count: number, label: string) {
  return db
    .insertInto("people")
    .values(
      Array.from({ length: count }, (_, index) => ({
        organisation_id: organisationId,
        name: `${label} ${index + 1}`,
        email: `${label.toLowerCase()}${index + 1}-${randomUUID().slice(0, 8)}@bench.test`,
        role: "strategic_developer" as const,
      })),
    )
    .returning(["id", "email"])
    .execute();
}
