import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { keepingVacuumed, tablesDueForVacuum, vacuumDueTables } from "~/utils/embedded-vacuum.server";
import { createTestDatabase, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

// PGlite only: a PostgreSQL server vacuums by itself (autovacuum), and the server process starts
// this only on the embedded database.
describe("the embedded database is vacuumed as autovacuum would", () => {
  let test: TestDatabase;
  let planId: string;
  let organisationId: string;
  beforeAll(async () => {
    test = await createTestDatabase("pglite");
    ({ planId, organisationId } = await createPlanFixture(test.db, { cards: 200 }));
    // What migrations and the fixture wrote is analysed first, so that only what a test does is due.
    await sql`select pg_stat_force_next_flush()`.execute(test.db);
    await vacuumDueTables(test.db);
  });
  afterAll(async () => {
    await test?.close();
  });

  const statsOf = async (table: string) => {
    const { rows } = await sql<{ dead: number; vacuums: number; analyses: number }>`
      select n_dead_tup::int as dead, vacuum_count::int as vacuums, analyze_count::int as analyses
      from pg_stat_user_tables where relname = ${table}`.execute(test.db);
    return rows[0]!;
  };

  /**
   * Three new versions of each of the plan's 200 cards: up to 600 dead rows (fewer where a page
   * was pruned on the way), well past 50 + 20 % of 200. A process sends its table statistics at
   * most once a second unless told to at once.
   */
  const rewriteCards = async () => {
    for (let round = 0; round < 3; round++) {
      await test.db.updateTable("assignments").set((eb) => ({ version: eb("version", "+", 1) })).where("plan_id", "=", planId).execute();
    }
    await sql`select pg_stat_force_next_flush()`.execute(test.db);
  };

  it("vacuums and analyses a table once its dead rows pass autovacuum's threshold, and leaves the others", async () => {
    expect(await tablesDueForVacuum(test.db)).toEqual([]);
    await rewriteCards();
    expect((await statsOf("assignments")).dead).toBeGreaterThan(50 + 0.2 * 200);
    expect(await tablesDueForVacuum(test.db)).toEqual([{ table: "assignments", vacuum: true, analyze: true }]);

    const vacuumsBefore = (await statsOf("assignments")).vacuums;
    const analysesBefore = (await statsOf("assignments")).analyses;
    const votesBefore = await statsOf("votes");
    expect(await vacuumDueTables(test.db)).toEqual([{ table: "assignments", vacuum: true, analyze: true }]);
    expect(await statsOf("assignments")).toEqual({ dead: 0, vacuums: vacuumsBefore + 1, analyses: analysesBefore + 1 });
    expect(await statsOf("votes")).toEqual(votesBefore);
    expect(await tablesDueForVacuum(test.db)).toEqual([]);
  });

  it("only analyses a table whose rows were added, until enough were for a vacuum, and samples a bounded number of rows", async () => {
    // 400 new people: past 50 + 10 % of the table for an analysis, short of 1,000 + 20 % for a vacuum.
    const addPeople = (count: number) =>
      sql`insert into people (organisation_id, name, email, role)
          select ${organisationId}, 'Person ' || n, 'person.' || n || '.' || ${Math.random().toString(36).slice(2)} || '@test', 'staff'
          from generate_series(1, ${count}) n`.execute(test.db);
    await addPeople(400);
    await sql`select pg_stat_force_next_flush()`.execute(test.db);
    const before = await statsOf("people");
    expect(await vacuumDueTables(test.db)).toEqual([{ table: "people", vacuum: false, analyze: true }]);
    expect(await statsOf("people")).toEqual({ ...before, analyses: before.analyses + 1 });
    // Statistics target 10: a histogram of at most 10 buckets, where the default (100) makes up to 100.
    const { rows } = await sql<{ bounds: number }>`
      select cardinality(histogram_bounds::text::text[]) as bounds from pg_stats where tablename = 'people' and attname = 'email'`.execute(test.db);
    expect(rows[0]!.bounds).toBeGreaterThan(1);
    expect(rows[0]!.bounds).toBeLessThanOrEqual(11);

    await addPeople(1_200);
    await sql`select pg_stat_force_next_flush()`.execute(test.db);
    expect(await vacuumDueTables(test.db)).toEqual([{ table: "people", vacuum: true, analyze: true }]);
    expect((await statsOf("people")).vacuums).toBe(before.vacuums + 1);
  });

  it("keeps vacuuming on a timer until stopped", async () => {
    const stop = keepingVacuumed(test.db, 20);
    const vacuumsBefore = (await statsOf("assignments")).vacuums;
    try {
      await rewriteCards();
      await vi.waitFor(async () => expect(await statsOf("assignments")).toMatchObject({ dead: 0, vacuums: vacuumsBefore + 1 }), { timeout: 5_000, interval: 20 });
    } finally {
      stop();
    }
    await rewriteCards();
    // Ten times the interval: a timer still running would have vacuumed by now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await statsOf("assignments")).dead).toBeGreaterThan(50 + 0.2 * 200);
    expect((await statsOf("assignments")).vacuums).toBe(vacuumsBefore + 1);
  });
});
