import { generateNKeysBetween } from "fractional-indexing";
import type { Db } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";

/** A small organisation with one plan, for tests that need a board of their own. */
export async function createPlanFixture(
  db: Db,
  options: { columns?: string[]; focusAreas?: string[]; cards?: number; slug?: string } = {},
) {
  const columnNames = options.columns ?? ["Planerad", "Pågår", "Klart"];
  const focusAreaNames = options.focusAreas ?? ["Samverkan", "Arbetsmiljö"];
  const slug = options.slug ?? `org-${Math.random().toString(36).slice(2, 10)}`;

  const organisation = await db
    .insertInto("organisations")
    .values({ name: `Testkommun ${slug}`, slug })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("people")
    .values({ organisation_id: organisation.id, name: "Testa Testsson", email: `testa@${slug}.test`, role: "strategic_developer" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  const group = await db
    .insertInto("working_groups")
    .values({ organisation_id: organisation.id, name: "Testgruppen", starts_on: "2026-01-01", ends_on: "2027-12-31" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  const plan = await db
    .insertInto("action_plans")
    .values({ organisation_id: organisation.id, title: "Testplan", created_by: person.id })
    .returning("id")
    .executeTakeFirstOrThrow();

  const columnKeys = generateNKeysBetween(null, null, columnNames.length);
  const columns = await db
    .insertInto("board_columns")
    .values(
      columnNames.map((name, index) => ({
        plan_id: plan.id,
        name,
        position: columnKeys[index]!,
        is_done: index === columnNames.length - 1,
      })),
    )
    .returning(["id", "name", "position"])
    .execute();
  const focusKeys = generateNKeysBetween(null, null, focusAreaNames.length);
  const focusAreas = await db
    .insertInto("focus_areas")
    .values(focusAreaNames.map((name, index) => ({ plan_id: plan.id, name, position: focusKeys[index]! })))
    .returning(["id", "name", "position"])
    .execute();

  const cardCount = options.cards ?? 0;
  const cardKeys = generateNKeysBetween(null, null, cardCount);
  const cards =
    cardCount === 0
      ? []
      : await db
          .insertInto("assignments")
          .values(
            cardKeys.map((position, index) => ({
              plan_id: plan.id,
              column_id: columns[index % columns.length]!.id,
              focus_area_id: focusAreas[index % focusAreas.length]!.id,
              position,
              title: `Uppdrag ${index + 1}`,
              working_group_id: index % 2 === 0 ? group.id : null,
              created_by: person.id,
            })),
          )
          .returning(["id", "title", "column_id", "focus_area_id"])
          .execute();
  if (cards.length > 0) {
    await db
      .insertInto("assignment_responsibles")
      .values(cards.filter((_, index) => index % 3 === 0).map((card) => ({ assignment_id: card.id, person_id: person.id })))
      .execute();
  }

  return { organisationId: organisation.id, planId: plan.id, person, group, columns, focusAreas, cards };
}

export type Fixture = Awaited<ReturnType<typeof createPlanFixture>>;

/** The fixture's strategic developer as the permissions module sees them. */
export function strategicActor(fixture: Fixture): Actor {
  return {
    id: fixture.person.id,
    name: fixture.person.name,
    email: `${fixture.person.id}@test`,
    organisationId: fixture.organisationId,
    organisationName: "Testkommun",
    role: "strategic_developer",
    isAdmin: true,
    activeGroupIds: [],
    unitId: null,
    unitIds: null,
  };
}

/** A staff member of the fixture's organisation, optionally a member of running groups. */
export async function staffActor(db: Db, fixture: Fixture, activeGroupIds: string[] = []): Promise<Actor> {
  const email = `staff.${Math.random().toString(36).slice(2, 10)}@test`;
  const person = await db
    .insertInto("people")
    .values({ organisation_id: fixture.organisationId, name: `Staff ${email}`, email, role: "staff" })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  return {
    id: person.id,
    name: person.name,
    email,
    organisationId: fixture.organisationId,
    organisationName: "Testkommun",
    role: "staff",
    isAdmin: false,
    activeGroupIds,
    unitId: null,
    unitIds: null,
  };
}

/** Cards of one cell in board order. */
export async function cellOrder(db: Db, columnId: string, focusAreaId: string) {
  const rows = await db
    .selectFrom("assignments")
    .where("column_id", "=", columnId)
    .where("focus_area_id", "=", focusAreaId)
    .where("archived_at", "is", null)
    .select(["id", "position"])
    .orderBy("position")
    .execute();
  return rows;
}
