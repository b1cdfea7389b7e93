import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShareLink } from "~/models/share.server";
import { action as groupAction } from "~/routes/groups.$groupId/route";
import { action as selectionAction } from "~/routes/groups.$groupId_.selection/route";
import { action as personAction } from "~/routes/people.$personId/route";
import { action as settingsAction } from "~/routes/plans.$planId_.settings/route";
import { action as sharingAction } from "~/routes/plans.$planId_.sharing/route";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { demoPlanIdOf, freshGroup, personIdByEmail } from "./support/groups";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext, type RouteResult } from "./support/requests";

type Db = TestDatabase["db"];

/** One irreversible action: how to send it to a fresh subject, without the confirmation. */
interface Irreversible {
  send: (db: Db, cookie: string, subjectId: string, form: Record<string, string>) => Promise<RouteResult>;
  subject: (db: Db, planId: string, strategistId: string) => Promise<string>;
  form: (subjectId: string) => Record<string, string>;
  done: (db: Db, subjectId: string) => Promise<boolean>;
}

const IRREVERSIBLE: Record<string, Irreversible> = {
  "revoke a share link": {
    subject: async (db, planId, strategistId) => {
      await createShareLink(db, planId, strategistId, { label: "Skärmen", expiresOn: null });
      return (await db.selectFrom("share_links").select("id").where("plan_id", "=", planId).orderBy("created_at", "desc").executeTakeFirstOrThrow()).id;
    },
    send: async (db, cookie, linkId, form) => {
      const { plan_id: planId } = await db.selectFrom("share_links").select("plan_id").where("id", "=", linkId).executeTakeFirstOrThrow();
      return callRoute(sharingAction, buildRequest(`/plans/${planId}/sharing`, { cookie, form }), { planId }, loadContext(db));
    },
    form: (linkId) => ({ intent: "revoke", linkId }),
    done: async (db, linkId) => (await db.selectFrom("share_links").select("revoked_at").where("id", "=", linkId).executeTakeFirstOrThrow()).revoked_at !== null,
  },
  "deactivate a person": {
    subject: (db) => personIdByEmail(db, "personal@exempelby.test"),
    send: (db, cookie, personId, form) => callRoute(personAction, buildRequest(`/people/${personId}`, { cookie, form }), { personId }, loadContext(db)),
    form: () => ({ intent: "deactivate" }),
    done: async (db, personId) => (await db.selectFrom("people").select("deactivated_at").where("id", "=", personId).executeTakeFirstOrThrow()).deactivated_at !== null,
  },
  "end a group now": {
    subject: async (db) => (await freshGroup(db)).groupId,
    send: (db, cookie, groupId, form) => callRoute(groupAction, buildRequest(`/groups/${groupId}`, { cookie, form }), { groupId }, loadContext(db)),
    form: () => ({ intent: "end" }),
    done: async (db, groupId) => (await db.selectFrom("working_groups").select("ended_at").where("id", "=", groupId).executeTakeFirstOrThrow()).ended_at !== null,
  },
  "confirm a group's selection": {
    subject: async (db) => (await freshGroup(db, { everyoneApplied: true })).groupId,
    send: (db, cookie, groupId, form) => callRoute(selectionAction, buildRequest(`/groups/${groupId}/selection`, { cookie, form }), { groupId }, loadContext(db)),
    form: () => ({ intent: "confirm" }),
    done: async (db, groupId) => (await db.selectFrom("group_memberships").select("person_id").where("group_id", "=", groupId).execute()).length > 0,
  },
  // Last: the other actions need the plan open.
  "archive a plan": {
    subject: async (_db, planId) => planId,
    send: (db, cookie, planId, form) => callRoute(settingsAction, buildRequest(`/plans/${planId}/settings`, { cookie, form }), { planId }, loadContext(db)),
    form: () => ({ intent: "archive-plan" }),
    done: async (db, planId) => (await db.selectFrom("action_plans").select("archived_at").where("id", "=", planId).executeTakeFirstOrThrow()).archived_at !== null,
  },
};

describe.each(databaseKinds)("irreversible actions ask first, on %s", (kind) => {
  let test: TestDatabase;
  let planId: string;
  let strategistId: string;
  let cookie: string;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    planId = await demoPlanIdOf(test.db, "exempelby");
    strategistId = await personIdByEmail(test.db, "strateg@exempelby.test");
    cookie = await cookieFor(test.db, strategistId);
  });
  afterAll(async () => {
    await test?.close();
  });

  it.each(Object.entries(IRREVERSIBLE))("%s: refused with 400 and nothing written without confirm=yes, done with it", async (_name, action) => {
    const subjectId = await action.subject(test.db, planId, strategistId);
    let form = action.form(subjectId);
    if (form.intent === "confirm") {
      const applications = await test.db.selectFrom("group_applications").select("id").where("group_id", "=", subjectId).execute();
      form = { ...form, applicationIds: applications[0]!.id };
    }
    for (const refused of [form, { ...form, confirm: "" }, { ...form, confirm: "no" }]) {
      const before = await databaseFingerprint(test.db);
      const answer = await action.send(test.db, cookie, subjectId, refused);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain("errors.confirmationRequired");
      expect(await databaseFingerprint(test.db)).toBe(before);
      expect(await action.done(test.db, subjectId)).toBe(false);
    }
    const confirmed = await action.send(test.db, cookie, subjectId, { ...form, confirm: "yes" });
    expect(confirmed.status).toBeLessThan(400);
    expect(await action.done(test.db, subjectId)).toBe(true);
  });
});
