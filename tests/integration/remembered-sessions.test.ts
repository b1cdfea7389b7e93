import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { changeRole, deactivatePerson, findSession } from "~/models/person.server";
import { rememberedSession, rememberSessions } from "~/models/remembered-sessions.server";
import { openDatabase, type Db } from "~/utils/db.server";
import { liveHubFor, notifyPlanChanged } from "~/utils/live-events.server";
import { hashToken, newToken } from "~/utils/session.server";
import { closeOtherInstance, createTestDatabase, databaseKinds, openOtherInstance, type TestDatabase } from "./support/databases";
import { createPlanFixture, type Fixture } from "./support/fixtures";
import { proxyToDatabase } from "./support/tcp-proxy";

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

  /**
   * Waits until this process has heard every notification sent before now: a plan event sent
   * after them all arrives after them (notifications come in commit order).
   */
  async function heardAllSoFar() {
    const planId = randomUUID();
    let heard = false;
    const unsubscribe = await liveHubFor(test.db).subscribe(planId, () => (heard = true));
    try {
      await notifyPlanChanged(otherInstance, { planId, kind: "plan" });
      await vi.waitFor(() => expect(heard).toBe(true), ARRIVES_WITHIN);
    } finally {
      unsubscribe();
    }
  }

  it("asks the database once for a session that asks again, and again after something people are made of changed", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    test.queries.length = 0;
    expect((await findSession(test.db, tokenHash))?.actor.role).toBe("strategic_developer");
    expect((await findSession(test.db, tokenHash))?.actor.role).toBe("strategic_developer");
    expect(sessionLookups()).toBe(1);

    // A write to a table nobody is made of (a plan), and writes that change no row or leave it as
    // it was, tell nobody: of them all, only the role's change is heard.
    let told = 0;
    const stopWatching = liveHubFor(test.db).watchActors(() => told++);
    await otherInstance.updateTable("action_plans").set({ title: "Renamed" }).where("id", "=", fixture.planId).execute();
    await otherInstance.deleteFrom("sessions").where("id_hash", "=", hashToken("no such session")).execute();
    await changeRole(otherInstance, fixture.organisationId, fixture.person.id, "strategic_developer", false);
    await heardAllSoFar();
    expect(told).toBe(0);
    expect(sessionLookups()).toBe(1);
    await changeRole(otherInstance, fixture.organisationId, fixture.person.id, "staff", false);
    await heardAllSoFar();
    stopWatching();
    expect(told).toBe(1);
    expect((await findSession(test.db, tokenHash))?.actor.role).toBe("staff");
  });

  it("forgets the groups, units and organisation a person had, and a session that ended or a person deactivated", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    const otherTokenHash = await sessionOf(fixture);
    const actor = async (hash = tokenHash) => (await findSession(test.db, hash))?.actor ?? null;
    const groupsAre = (groupIds: string[]) => vi.waitFor(async () => expect((await actor())?.activeGroupIds).toEqual(groupIds), ARRIVES_WITHIN);
    const join = () => otherInstance.insertInto("group_memberships").values({ group_id: fixture.group.id, person_id: fixture.person.id }).execute();
    expect((await actor())?.activeGroupIds).toEqual([]);

    await join();
    await groupsAre([fixture.group.id]);
    await otherInstance.deleteFrom("group_memberships").where("person_id", "=", fixture.person.id).execute();
    await groupsAre([]);
    await join();
    await groupsAre([fixture.group.id]);
    await sql`truncate group_memberships`.execute(otherInstance);
    await groupsAre([]);
    await join();
    await groupsAre([fixture.group.id]);
    await otherInstance.updateTable("working_groups").set({ ends_on: "2026-01-31" }).where("id", "=", fixture.group.id).execute();
    await groupsAre([]);
    await otherInstance.updateTable("working_groups").set({ ends_on: "2099-12-31" }).where("id", "=", fixture.group.id).execute();
    await groupsAre([fixture.group.id]);
    await otherInstance.updateTable("working_groups").set({ ended_at: new Date() }).where("id", "=", fixture.group.id).execute();
    await groupsAre([]);

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
    const elsewhere = await otherInstance
      .insertInto("units")
      .values({ organisation_id: fixture.organisationId, name: "Annan förvaltning", kind: "administration" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await heardAllSoFar();
    expect((await actor())?.unitIds).toEqual([unit.id, below.id]);
    await otherInstance.updateTable("units").set({ parent_id: elsewhere.id }).where("id", "=", below.id).execute();
    await vi.waitFor(async () => expect((await actor())?.unitIds).toEqual([unit.id]), ARRIVES_WITHIN);

    await otherInstance.updateTable("organisations").set({ name: "Nya kommunen" }).where("id", "=", fixture.organisationId).execute();
    await vi.waitFor(async () => expect((await actor())?.organisationName).toBe("Nya kommunen"), ARRIVES_WITHIN);

    expect(await actor(otherTokenHash)).not.toBeNull();
    await otherInstance.deleteFrom("sessions").where("id_hash", "=", otherTokenHash).execute();
    await vi.waitFor(async () => expect(await actor(otherTokenHash)).toBeNull(), ARRIVES_WITHIN);
    await deactivatePerson(otherInstance, fixture.organisationId, fixture.person.id);
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
    let read = () => {};
    const wasRead = new Promise<void>((resolve) => (read = resolve));
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const underWay = rememberedSession(test.db, `${tokenHash}:gated`, async () => {
      const session = await lookUp();
      read();
      await gate;
      return session;
    });
    await wasRead;
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

  it.runIf(kind === "postgres")("answers nothing from memory while its notifications cannot arrive, a silent loss included, and forgets what it knew", async () => {
    const fixture = await createPlanFixture(test.db);
    const tokenHash = await sessionOf(fixture);
    // This process's notifications come through a line the test can cut; its lookups, counted, go
    // to the database through another instance, which remembers nothing.
    const { proxy, url } = await proxyToDatabase(test.url!, 0);
    const db = await openDatabase({ url });
    const hub = liveHubFor(db);
    let lookups = 0;
    const find = () =>
      rememberedSession(db, tokenHash, () => {
        lookups++;
        return findSession(otherInstance, tokenHash);
      });
    try {
      rememberSessions(db);
      await vi.waitFor(() => expect(hub.listening).toBe(true), ARRIVES_WITHIN);
      await find();
      await find();
      expect(lookups).toBe(1);

      // The line goes quiet without a word, and stays so until restored: only the heartbeat can tell.
      proxy.stall();
      await vi.waitFor(() => expect(hub.listening).toBe(false), { timeout: 15_000, interval: 50 });
      await changeRole(otherInstance, fixture.organisationId, fixture.person.id, "staff", false);
      expect((await find())?.actor.role).toBe("staff");
      expect((await find())?.actor.role).toBe("staff");
      expect(lookups).toBe(3);

      proxy.restore();
      await vi.waitFor(() => expect(hub.listening).toBe(true), { timeout: 15_000, interval: 50 });
      await find();
      await find();
      expect(lookups).toBe(4);
    } finally {
      await db.destroy();
      await proxy.close();
    }
  });
});
