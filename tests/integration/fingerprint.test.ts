import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";
import { databaseFingerprint } from "./support/requests";

// The tests' check that a refused request wrote nothing: it must see every kind of write.
describe.each(databaseKinds)("the database fingerprint on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("changes with an insert, a delete, and an update even to the same values; not with a read or a rolled-back write", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 3 });
    const [first, second] = fixture.cards as [(typeof fixture.cards)[number], (typeof fixture.cards)[number]];
    const before = await databaseFingerprint(test.db);

    await test.db.selectFrom("assignments").selectAll().execute();
    expect(await databaseFingerprint(test.db)).toBe(before);

    await expect(
      test.db.transaction().execute(async (trx) => {
        await trx.updateTable("assignments").set({ title: "Rolled back" }).where("id", "=", first.id).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await databaseFingerprint(test.db)).toBe(before);

    await test.db.updateTable("assignments").set({ title: first.title }).where("id", "=", first.id).execute();
    const afterSameValues = await databaseFingerprint(test.db);
    expect(afterSameValues).not.toBe(before);

    const comment = (body: string) => ({ assignment_id: second.id, author_id: fixture.person.id, body });
    const { id } = await test.db.insertInto("comments").values(comment("Ett")).returning("id").executeTakeFirstOrThrow();
    const afterInsert = await databaseFingerprint(test.db);
    expect(afterInsert).not.toBe(afterSameValues);

    await test.db.deleteFrom("comments").where("id", "=", id).execute();
    const afterDelete = await databaseFingerprint(test.db);
    expect(afterDelete).not.toBe(afterInsert);

    // A delete and an insert in one transaction leave the count as it was.
    await test.db.insertInto("comments").values(comment("Två")).execute();
    const withOne = await databaseFingerprint(test.db);
    await test.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("comments").where("body", "=", "Två").execute();
      await trx.insertInto("comments").values(comment("Tre")).execute();
    });
    const commentsPart = (fingerprint: string) => fingerprint.split(" ").find((part) => part.startsWith("comments:"))!;
    expect(commentsPart(withOne).split(":")[1]).toBe("1");
    expect(commentsPart(await databaseFingerprint(test.db))).not.toBe(commentsPart(withOne));
  });

  it("covers every table, including one it was never told about", async () => {
    await databaseFingerprint(test.db);
    await sql`create table fingerprint_probe (id int)`.execute(test.db);
    try {
      const before = await databaseFingerprint(test.db);
      await sql`insert into fingerprint_probe values (1)`.execute(test.db);
      expect(await databaseFingerprint(test.db)).not.toBe(before);
    } finally {
      await sql`drop table fingerprint_probe`.execute(test.db);
    }
  });
});
