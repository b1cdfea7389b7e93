import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "~/utils/migrate.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { EVENT_KINDS } from "../../db/schema";
import { up as renameEventFields } from "../../db/migrations/20261210000000_event_field_names";
import { createPlanFixture } from "./support/fixtures";

describe.each(databaseKinds)("schema on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("running the migrations again changes nothing", async () => {
    expect(await migrateToLatest(test.db)).toEqual([]);
  });

  it("keeps a history row readable after its column is renamed and removed", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const [planned, ongoing] = fixture.columns;
    const card = fixture.cards[0]!;
    await test.db
      .insertInto("assignment_events")
      .values({
        assignment_id: card.id,
        plan_id: fixture.planId,
        actor_id: fixture.person.id,
        actor_name: fixture.person.name,
        kind: "moved",
        from_column_id: planned!.id,
        from_column_name: planned!.name,
        to_column_id: ongoing!.id,
        to_column_name: ongoing!.name,
        version: 2,
      })
      .execute();

    await test.db.updateTable("board_columns").set({ name: "I gång" }).where("id", "=", ongoing!.id).execute();
    await test.db.deleteFrom("board_columns").where("id", "=", ongoing!.id).execute();

    const event = await test.db
      .selectFrom("assignment_events")
      .select(["to_column_id", "to_column_name", "from_column_name"])
      .where("assignment_id", "=", card.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ to_column_id: null, to_column_name: "Pågår", from_column_name: "Planerad" });
  });

  it("refuses to remove a column that still holds cards", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    await expect(
      test.db.deleteFrom("board_columns").where("id", "=", fixture.cards[0]!.column_id).execute(),
    ).rejects.toThrow(/foreign key/);
  });

  it("sorts ordering keys byte by byte on both databases", async () => {
    const fixture = await createPlanFixture(test.db);
    const keys = ["a0", "a0V", "Zz", "a1", "a0G"];
    await test.db
      .insertInto("focus_areas")
      .values(keys.map((position) => ({ plan_id: fixture.planId, name: position, position })))
      .execute();
    const rows = await test.db
      .selectFrom("focus_areas")
      .select("position")
      .where("plan_id", "=", fixture.planId)
      .where("name", "in", keys)
      .orderBy("position")
      .execute();
    expect(rows.map((row) => row.position)).toEqual(["Zz", "a0", "a0G", "a0V", "a1"]);
  });

  it("returns counts as numbers and dates as calendar strings on both drivers", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3 });
    await test.db.updateTable("action_plans").set({ starts_on: "2026-03-01" }).where("id", "=", fixture.planId).execute();
    const row = await test.db
      .selectFrom("action_plans")
      .select((eb) => [
        "starts_on",
        eb.selectFrom("assignments").whereRef("plan_id", "=", "action_plans.id").select(sql<number>`count(*)`.as("n")).as("cards"),
      ])
      .where("id", "=", fixture.planId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ starts_on: "2026-03-01", cards: 3 });
  });

  it("allows exactly the event kinds the app describes", async () => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(c.oid) as definition from pg_constraint c
      where c.conrelid = 'assignment_events'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%kind%'
    `.execute(test.db);
    const allowed = [...(rows[0]?.definition ?? "").matchAll(/'(\w+)'/g)].map((match) => match[1]);
    expect(allowed.sort()).toEqual([...EVENT_KINDS].sort());
  });

  it("renames the due date the demo once stored as due_on to the app's dueOn, keeping the other fields", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const card = fixture.cards[0]!;
    const legacy = { due_on: { from: null, to: "2026-12-01" }, title: { from: "a", to: "b" } };
    await test.db
      .insertInto("assignment_events")
      .values({ assignment_id: card.id, plan_id: fixture.planId, kind: "edited", changes: JSON.stringify(legacy), version: 2 })
      .execute();
    await renameEventFields(test.db);
    const event = await test.db.selectFrom("assignment_events").select("changes").where("assignment_id", "=", card.id).where("kind", "=", "edited").executeTakeFirstOrThrow();
    expect(event.changes).toEqual({ dueOn: { from: null, to: "2026-12-01" }, title: { from: "a", to: "b" } });
  });
});
