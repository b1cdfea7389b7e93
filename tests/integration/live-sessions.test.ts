import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveAssignment } from "~/models/assignment.server";
import { changeOwnPassword, deactivatePerson } from "~/models/person.server";
import { action as logoutAction } from "~/routes/logout";
import { loader as eventsLoader } from "~/routes/plans.$planId_.events";
import type { Db } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { hashToken, readSessionToken } from "~/utils/session.server";
import { closeOtherInstance, createTestDatabase, databaseKinds, openOtherInstance, type TestDatabase } from "./support/databases";
import { createPlanFixture, strategicActor, type Fixture } from "./support/fixtures";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";

const decoder = new TextDecoder();

/** Reads a stream until it ends or `timeoutMs` passes: whether it ended, and everything it said. */
async function readUntilEnd(reader: ReadableStreamDefaultReader<Uint8Array>, timeoutMs: number): Promise<{ ended: boolean; text: string }> {
  let text = "";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const chunk = await Promise.race([reader.read(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now())))]);
    if (chunk === "timeout") return { ended: false, text };
    if (chunk.done) return { ended: true, text };
    text += decoder.decode(chunk.value);
  }
}

/** Reads until the stream has said `what`, failing after a few seconds. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, what: string): Promise<string> {
  let text = "";
  const deadline = Date.now() + 5_000;
  while (!text.includes(what)) {
    const chunk = await Promise.race([reader.read(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), deadline - Date.now()))]);
    if (chunk === "timeout" || chunk.done) throw new Error(`the stream did not say ${what}; it said ${JSON.stringify(text)}`);
    text += decoder.decode(chunk.value);
  }
  return text;
}

describe.each(databaseKinds)("a live stream ends with the session that opened it, on %s", (kind) => {
  let test: TestDatabase;
  // The session ends on one app instance while the stream is open on another.
  let otherInstance: Db;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    otherInstance = await openOtherInstance(test);
  });
  afterAll(async () => {
    await closeOtherInstance(test, otherInstance);
    await test?.close();
  });

  let moves = 0;
  /** Moves the fixture's first card to another column: a change every viewer of the plan is told about. */
  const change = async (fixture: Fixture) => {
    moves++;
    await moveAssignment(test.db, strategicActor(fixture), {
      planId: fixture.planId,
      assignmentId: fixture.cards[0]!.id,
      version: moves,
      toColumnId: fixture.columns[moves % 2 === 0 ? 0 : 1]!.id,
      toFocusAreaId: fixture.cards[0]!.focus_area_id,
      placement: { afterId: null },
    });
  };

  const openStream = async (fixture: Fixture, cookie: string) => {
    const response = (await eventsLoader({
      request: buildRequest(`/plans/${fixture.planId}/events`, { cookie }),
      params: { planId: fixture.planId },
      context: loadContext(test.db),
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    const reader = response.body!.getReader();
    await readUntil(reader, "retry:");
    return reader;
  };

  /** A stream that works: a change arrives as an event. */
  const provenLive = async (fixture: Fixture, cookie: string) => {
    const reader = await openStream(fixture, cookie);
    await change(fixture);
    await readUntil(reader, "event: moved");
    return reader;
  };

  it("ends at sign-out and sends nothing changed after it", async () => {
    moves = 0;
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    const reader = await provenLive(fixture, cookie);

    const signedOut = await callRoute(logoutAction, buildRequest("/logout", { cookie, form: {} }), {}, loadContext(otherInstance));
    expect(signedOut.location).toBe("/login");
    await change(fixture);
    expect(await readUntilEnd(reader, 3_000)).toEqual({ ended: true, text: "" });
  });

  // The check that follows the sign-out is held up (its query waits for a lock), and a change
  // commits meanwhile: the stream must hold it back until the check has answered, then end.
  it.runIf(kind === "postgres")("holds back a change that commits while the session is being checked", async () => {
    moves = 0;
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    const reader = await provenLive(fixture, cookie);

    await otherInstance.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      await sql`lock table organisations in access exclusive mode`.execute(connection);
      await callRoute(logoutAction, buildRequest("/logout", { cookie, form: {} }), {}, loadContext(test.db));
      await change(fixture);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql`commit`.execute(connection);
    });
    expect(await readUntilEnd(reader, 3_000)).toEqual({ ended: true, text: "" });
  });

  it("ends when an administrator deactivates the person, and sends nothing changed after it", async () => {
    moves = 0;
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const reader = await provenLive(fixture, await cookieFor(test.db, fixture.person.id));

    await deactivatePerson(otherInstance, fixture.organisationId, fixture.person.id);
    await change(fixture);
    expect(await readUntilEnd(reader, 3_000)).toEqual({ ended: true, text: "" });
  });

  it("ends the streams of the sessions a password change ends, and keeps the one that changed it", async () => {
    moves = 0;
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    await test.db.updateTable("people").set({ password_hash: await hashPassword("the old password") }).where("id", "=", fixture.person.id).execute();
    const elsewhere = await provenLive(fixture, await cookieFor(test.db, fixture.person.id));
    const hereCookie = await cookieFor(test.db, fixture.person.id);
    const here = await openStream(fixture, hereCookie);

    const hereHash = hashToken((await readSessionToken(buildRequest("/", { cookie: hereCookie })))!);
    expect(await changeOwnPassword(otherInstance, fixture.person.id, "the old password", "a new password 123", hereHash)).toBe(true);
    await change(fixture);
    expect(await readUntilEnd(elsewhere, 3_000)).toEqual({ ended: true, text: "" });
    await readUntil(here, "event: moved");
    await here.cancel();
  });

  it("ends when the session expires, and sends nothing changed after it", async () => {
    moves = 0;
    const fixture = await createPlanFixture(test.db, { cards: 1 });
    const cookie = await cookieFor(test.db, fixture.person.id);
    await test.db.updateTable("sessions").set({ expires_at: new Date(Date.now() + 2_000) }).where("person_id", "=", fixture.person.id).execute();
    const reader = await provenLive(fixture, cookie);

    const { ended, text } = await readUntilEnd(reader, 4_000);
    expect(ended).toBe(true);
    expect(text).toBe("");
  });
});
