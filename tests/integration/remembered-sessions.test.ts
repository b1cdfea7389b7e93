import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { changeRole, findSession } from "~/models/person.server";
import { rememberedSession, rememberSessions } from "~/models/remembered-sessions.server";
import type { Db } from "~/utils/db.server";
import { liveHubFor } from "~/utils/live-events.server";
import { hashToken, newToken } from "~/utils/session.server";
import { closeOtherInstance, createTestDatabase, databaseKinds, openOtherInstance, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

type Fixture = Awaited<ReturnType<typeof createPlanFixture>>;

/** Notifications from another instance take a moment to arrive on a server. */
const ARRIVES_WITHIN = { timeout: 5_000, interval: 20 };

describe.each(databaseKinds)("sessions remembered by a server process, on %s", (kind) => {
  let test: TestDatabase;
  // Changes are written by another app instance, as an administrator's would be.
  let otherInstance: Db;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    otherInstance = await openOtherInstance(test);
    rememberSessions(test.db);
    await vi.waitFor(() => expect(liveHubFor(test.db).listening).toBe(true), ARRIVES_WITHIN);
  });
  afterAll(async () => {
    await closeOtherInstance(test, otherInstance);
    await test?.close();
  });

  /** A session of the fixture's person, as a sign-in starts one; `expiresInMs` for one about to end. */
  async function sessionOf(fixture: Fixture, expiresInMs = 60 * 60 * 1000) {
    const tokenHash = hashToken(newToken());
    await test.db
      .insertInto("sessions")
      .values({ id_hash: tokenHash, person_id: fixture.person.id, auth_method: "password", expires_at: new Date(Date.now() + expiresInMs) })
      .execute();
    return tokenHash;
  }

  const sessionLookups = () => test.queries.filter((statement) => /join "sessions"/.test(statement)).length;

  it("asks the database once for a session that asks again, and again after something people are made of changed", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    test.queries.length = 0;
    expect((await findSession(test.db, tokenHash))?.actor.role).toBe("strategic_developer");
    expect((await findSession(test.db, tokenHash))?.actor.role).toBe("strategic_developer");
    expect(sessionLookups()).toBe(1);

    // A change to a table nobody is made of (a plan) is not one.
    await otherInstance.updateTable("action_plans").set({ title: "Renamed" }).where("id", "=", fixture.planId).execute();
    await findSession(test.db, tokenHash);
    expect(sessionLookups()).toBe(1);

    await changeRole(otherInstance, fixture.organisationId, fixture.person.id, "staff", false);
    await vi.waitFor(async () => expect((await findSession(test.db, tokenHash))?.actor.role).toBe("staff"), ARRIVES_WITHIN);
  });

  it("forgets a session that ended, and the groups, units and organisation a person had", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    const actor = async () => (await findSession(test.db, tokenHash))?.actor ?? null;
    expect((await actor())?.activeGroupIds).toEqual([]);

    await otherInstance.insertInto("group_memberships").values({ group_id: fixture.group.id, person_id: fixture.person.id }).execute();
    await vi.waitFor(async () => expect((await actor())?.activeGroupIds).toEqual([fixture.group.id]), ARRIVES_WITHIN);

    await otherInstance.updateTable("working_groups").set({ ended_at: new Date() }).where("id", "=", fixture.group.id).execute();
    await vi.waitFor(async () => expect((await actor())?.activeGroupIds).toEqual([]), ARRIVES_WITHIN);

    const unit = await otherInstance
      .insertInto("units")
      .values({ organisation_id: fixture.organisationId, name: "Förvaltningen", kind: "administration" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await otherInstance.updateTable("people").set({ unit_id: unit.id }).where("id", "=", fixture.person.id).execute();
    await vi.waitFor(async () => expect((await actor())?.unitIds).toEqual([unit.id]), ARRIVES_WITHIN);
    const below = await otherInstance
      .insertInto("units")
      .values({ organisation_id: fixture.organisationId, parent_id: unit.id, name: "Enheten", kind: "unit" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await vi.waitFor(async () => expect((await actor())?.unitIds).toEqual([unit.id, below.id]), ARRIVES_WITHIN);

    await otherInstance.updateTable("organisations").set({ name: "Nya kommunen" }).where("id", "=", fixture.organisationId).execute();
    await vi.waitFor(async () => expect((await actor())?.organisationName).toBe("Nya kommunen"), ARRIVES_WITHIN);

    await otherInstance.deleteFrom("sessions").where("id_hash", "=", tokenHash).execute();
    await vi.waitFor(async () => expect(await actor()).toBeNull(), ARRIVES_WITHIN);
  });

  it("does not answer a session past its end from memory", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture, 1_000);
    expect(await findSession(test.db, tokenHash)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await findSession(test.db, tokenHash)).toBeNull();
  });

  it("does not remember a lookup that was under way when people changed", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    let lookups = 0;
    const lookUp = () => {
      lookups++;
      return findSession(test.db, tokenHash);
    };
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const underWay = rememberedSession(test.db, `${tokenHash}:gated`, async () => {
      const session = await lookUp();
      await gate;
      return session;
    });
    let told = false;
    const stopWatching = liveHubFor(test.db).watchActors(() => (told = true));
    await otherInstance.updateTable("people").set({ name: "Testa Omdöpt" }).where("id", "=", fixture.person.id).execute();
    await vi.waitFor(() => expect(told).toBe(true), ARRIVES_WITHIN);
    stopWatching();
    release();
    expect((await underWay)?.actor.name).toBe("Testa Testsson");
    await rememberedSession(test.db, `${tokenHash}:gated`, lookUp);
    expect(lookups).toBe(2);
  });

  it.runIf(kind === "postgres")("asks the database every time while it cannot hear its notifications, and forgets what it knew", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    await findSession(test.db, tokenHash);
    const admin = await openOtherInstance(test);
    try {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'`.execute(admin);
      await vi.waitFor(() => expect(liveHubFor(test.db).listening).toBe(false), ARRIVES_WITHIN);
      // Written while nobody listens: nothing tells this process, so it must not answer from memory.
      await changeRole(admin, fixture.organisationId, fixture.person.id, "staff", false);
      test.queries.length = 0;
      expect((await findSession(test.db, tokenHash))?.actor.role).toBe("staff");
      expect((await findSession(test.db, tokenHash))?.actor.role).toBe("staff");
      expect(sessionLookups()).toBe(2);

      await vi.waitFor(() => expect(liveHubFor(test.db).listening).toBe(true), ARRIVES_WITHIN);
      test.queries.length = 0;
      await findSession(test.db, tokenHash);
      await findSession(test.db, tokenHash);
      expect(sessionLookups()).toBe(1);
    } finally {
      await closeOtherInstance(test, admin);
    }
  });
});
