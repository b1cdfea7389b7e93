import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BoardError, createAssignment, moveAssignment } from "~/models/assignment.server";
import { action as applicationAction, loader as applicationLoader } from "~/routes/groups.$groupId_.application/route";
import { action as groupAction, loader as groupLoader } from "~/routes/groups.$groupId/route";
import { action as selectionAction, loader as selectionLoader } from "~/routes/groups.$groupId_.selection/route";
import { loader as groupsLoader } from "~/routes/groups._index/route";
import { action as newGroupAction } from "~/routes/groups.new/route";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/notifications/route";
import { getActor } from "~/utils/auth.server";
import { breadthOf, suggestSelection } from "~/utils/breadth";
import type { Actor } from "~/utils/permissions";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";
import { dateIn, notificationsFingerprint } from "./support/groups";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext, type RouteResult } from "./support/requests";

const COMPETENCES = [
  "Arbetsrätt",
  "Motiverande samtal",
  "Processledning",
  "Digitalisering",
  "Ekonomi",
  "Handledning",
  "Juridik",
  "Statistik",
];
const UNITS = ["Ekonomiskt bistånd", "Jobbtorget", "Vuxenutbildning", "Mottagningen", "Stadsdel Norr", "Stadsdel Söder"];
const YEARS = [1, 3, 6, 8, 12, 15, 22, 30];

type Handler = Parameters<typeof callRoute>[0];

describe.each(databaseKinds)("working groups on %s", (kind) => {
  let test: TestDatabase;
  let org: Awaited<ReturnType<typeof buildOrganisation>>;

  /** An organisation with a plan, units, a competence list, a strategic developer and 25 staff. */
  async function buildOrganisation(db: TestDatabase["db"]) {
    const fixture = await createPlanFixture(db, { columns: ["Planerad", "Pågår", "Klart"], focusAreas: ["Arbetsmiljö"] });
    const units = await db
      .insertInto("units")
      .values(UNITS.map((name) => ({ organisation_id: fixture.organisationId, name, kind: "unit" as const })))
      .returning(["id", "name"])
      .execute();
    await db
      .insertInto("competences")
      .values(COMPETENCES.map((name) => ({ organisation_id: fixture.organisationId, name })))
      .execute();
    const staff = await db
      .insertInto("people")
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          organisation_id: fixture.organisationId,
          unit_id: units[i % units.length]!.id,
          name: `Sökande ${String(i + 1).padStart(2, "0")}`,
          email: `sokande.${i + 1}.${fixture.organisationId.slice(0, 8)}@test`,
          role: "staff" as const,
        }))
      )
      .returning(["id", "name"])
      .execute();
    return { ...fixture, units, staff };
  }

  const context = () => loadContext(test.db);
  const cookies = new Map<string, string>();
  const cookieOf = async (personId: string) => {
    if (!cookies.has(personId)) cookies.set(personId, await cookieFor(test.db, personId));
    return cookies.get(personId)!;
  };
  /** The person as the permissions module sees them on their next request: groups running today included. */
  const actorOf = async (personId: string): Promise<Actor> => {
    const actor = await getActor({ request: buildRequest("/", { cookie: await cookieOf(personId) }), context: context() });
    if (!actor) throw new Error("no actor");
    return actor;
  };
  const get = async (handler: Handler, path: string, params: Record<string, string>, personId: string) =>
    callRoute(handler, buildRequest(path, { cookie: await cookieOf(personId) }), params, context());
  const post = async (
    handler: Handler,
    path: string,
    params: Record<string, string>,
    personId: string,
    form: Record<string, string> | URLSearchParams
  ) => {
    const request = new Request(`http://localhost${path}`, {
      method: "POST",
      headers: {
        Cookie: await cookieOf(personId),
        Origin: "http://localhost",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(form).toString(),
    });
    return callRoute(handler, request, params, context());
  };

  /** Profiles that differ in competences, units and experience, so that breadth has something to choose. */
  const profile = (i: number) => {
    const form = new URLSearchParams({
      intent: "apply",
      motivation: `Jag vill vara med, skriver sökande ${i + 1}.`,
      experienceYears: String(YEARS[i % YEARS.length]),
    });
    form.append("competences", COMPETENCES[i % COMPETENCES.length]!);
    if (i % 3 === 0) form.append("competences", COMPETENCES[(i * 5 + 2) % COMPETENCES.length]!);
    if (i === 24) form.set("otherCompetences", "Teckenspråk");
    form.append("unitIds", org.units[i % org.units.length]!.id);
    if (i % 4 === 0) form.append("unitIds", org.units[(i + 3) % org.units.length]!.id);
    return form;
  };

  async function createOpenCall(seats = 8) {
    const result = await post(newGroupAction, "/groups/new", {}, org.person.id, {
      intent: "create",
      name: `Arbetsmiljögruppen ${Math.random().toString(36).slice(2, 6)}`,
      purpose: "Bättre arbetsmiljö.",
      startsOn: dateIn(-1),
      endsOn: dateIn(180),
      recruitment: "open_application",
      seats: String(seats),
      applicationsCloseOn: dateIn(10),
      applicationPrompt: "Berätta om din erfarenhet.",
    });
    expect(result.status, JSON.stringify(result.body)).toBe(302);
    return result.location!.replace("/groups/", "");
  }

  const unchanged = async () => `${await databaseFingerprint(test.db)} ${await notificationsFingerprint(test.db)}`;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    org = await buildOrganisation(test.db);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("runs the whole flow: open call, 25 applications, suggestion, adjustment, confirmation, moving cards, ending", async () => {
    const groupId = await createOpenCall(8);
    const strategic = org.person.id;
    const card = await createAssignment(test.db, await actorOf(strategic), org.planId, {
      title: "Kartlägga arbetsbelastningen",
      description: "",
      focusAreaId: org.focusAreas[0]!.id,
      workingGroupId: groupId,
      responsibleIds: [],
      dueOn: null,
    });

    for (const [i, person] of org.staff.entries()) {
      const result = await post(applicationAction, `/groups/${groupId}/application`, { groupId }, person.id, profile(i));
      expect(result.status, JSON.stringify(result.body)).toBe(200);
    }
    const stored = await test.db.selectFrom("group_applications").selectAll().where("group_id", "=", groupId).execute();
    expect(stored).toHaveLength(25);
    expect(stored.find((row) => row.person_id === org.staff[24]!.id)!.competences).toEqual([
      COMPETENCES[0],
      COMPETENCES[2],
      "Teckenspråk",
    ]);

    // The suggestion: the same pure function the page uses, the same answer every time.
    const path = `/groups/${groupId}/selection?suggest=1`;
    const first = await get(selectionLoader, path, { groupId }, strategic);
    const again = await get(selectionLoader, path, { groupId }, strategic);
    const page = first.body as {
      suggestion: string[];
      applicants: Array<{ id: string; submittedAt: string; competences: string[]; unitIds: string[]; experienceYears: number }>;
    };
    expect(page.applicants).toHaveLength(25);
    expect(page.suggestion).toHaveLength(8);
    expect((again.body as { suggestion: string[] }).suggestion).toEqual(page.suggestion);
    expect(page.suggestion).toEqual(suggestSelection(page.applicants, 8));

    const universe = { competences: COMPETENCES, unitIds: org.units.map((unit) => unit.id) };
    const suggested = breadthOf(page.applicants, page.suggestion, universe);
    const firstEight = breadthOf(
      page.applicants,
      page.applicants.slice(0, 8).map((a) => a.id),
      universe
    );
    expect(suggested.coveredCount).toBeGreaterThan(firstEight.coveredCount);
    expect(suggested.units.missing).toEqual([]);
    expect(suggested.experience.missing).toEqual([]);

    // The developer adjusts: one suggested applicant out, one other in.
    const out = page.suggestion[7]!;
    const inn = page.applicants.find((applicant) => !page.suggestion.includes(applicant.id))!.id;
    const chosen = [...page.suggestion.filter((id) => id !== out), inn];

    // More than the seats: refused, nothing written.
    const before = await unchanged();
    const tooMany = new URLSearchParams({ intent: "confirm", confirm: "yes" });
    for (const id of [...chosen, out]) tooMany.append("applicationIds", id);
    const refused = await post(selectionAction, `/groups/${groupId}/selection`, { groupId }, strategic, tooMany);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "too-many", result: { error: { "": ["groups.errors.too-many"] } } });
    expect(await unchanged()).toBe(before);

    const confirm = new URLSearchParams({ intent: "confirm", confirm: "yes" });
    for (const id of chosen) confirm.append("applicationIds", id);
    const confirmed = await post(selectionAction, `/groups/${groupId}/selection`, { groupId }, strategic, confirm);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ confirmed: { selected: 8, declined: 17 } });

    const decided = await test.db.selectFrom("group_applications").selectAll().where("group_id", "=", groupId).execute();
    expect(
      decided
        .filter((row) => row.status === "selected")
        .map((row) => row.id)
        .sort()
    ).toEqual([...chosen].sort());
    expect(decided.filter((row) => row.status === "declined")).toHaveLength(17);
    expect(decided.every((row) => row.decided_by === strategic && row.decided_at !== null)).toBe(true);
    const members = await test.db.selectFrom("group_memberships").selectAll().where("group_id", "=", groupId).execute();
    const selectedPeople = decided
      .filter((row) => row.status === "selected")
      .map((row) => row.person_id)
      .sort();
    expect(members.map((member) => member.person_id).sort()).toEqual(selectedPeople);
    const notifications = await test.db.selectFrom("notifications").selectAll().where("group_id", "=", groupId).execute();
    expect(notifications).toHaveLength(25);
    expect(
      notifications
        .filter((n) => n.kind === "application_selected")
        .map((n) => n.person_id)
        .sort()
    ).toEqual(selectedPeople);

    // Confirming again is refused: the selection is made once.
    expect((await post(selectionAction, `/groups/${groupId}/selection`, { groupId }, strategic, confirm)).status).toBe(409);

    // Every applicant is told; a selected member sees it and can mark it read.
    const memberId = selectedPeople[0]!;
    const declinedId = decided.find((row) => row.status === "declined")!.person_id;
    const inbox = await get(notificationsLoader, "/notifications", {}, memberId);
    expect((inbox.body as { notifications: Array<{ kind: string; readAt: unknown }> }).notifications).toMatchObject([
      { kind: "application_selected", readAt: null },
    ]);
    expect((await post(notificationsAction, "/notifications", {}, memberId, { intent: "mark-all-read" })).status).toBe(200);
    const read = await get(notificationsLoader, "/notifications", {}, memberId);
    expect((read.body as { notifications: Array<{ readAt: unknown }> }).notifications[0]!.readAt).not.toBeNull();
    const declinedInbox = await get(notificationsLoader, "/notifications", {}, declinedId);
    expect((declinedInbox.body as { notifications: Array<{ kind: string }> }).notifications).toMatchObject([
      { kind: "application_declined" },
    ]);

    // Members move the group's cards; a declined applicant does not.
    const columns = org.columns;
    const moved = await moveAssignment(test.db, await actorOf(memberId), {
      planId: org.planId,
      assignmentId: card.id,
      version: card.version,
      toColumnId: columns[1]!.id,
      toFocusAreaId: org.focusAreas[0]!.id,
      placement: { position: 1 },
    });
    await expect(
      moveAssignment(test.db, await actorOf(declinedId), {
        planId: org.planId,
        assignmentId: card.id,
        version: moved.version,
        toColumnId: columns[2]!.id,
        toFocusAreaId: org.focusAreas[0]!.id,
        placement: { position: 1 },
      })
    ).rejects.toMatchObject({ code: "forbidden" });

    // The group ends: its members no longer move its cards; the group and its members stay readable.
    const ended = await post(groupAction, `/groups/${groupId}`, { groupId }, strategic, { intent: "end", confirm: "yes" });
    expect(ended.status).toBe(200);
    const refusal = await moveAssignment(test.db, await actorOf(memberId), {
      planId: org.planId,
      assignmentId: card.id,
      version: moved.version,
      toColumnId: columns[2]!.id,
      toFocusAreaId: org.focusAreas[0]!.id,
      placement: { position: 1 },
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BoardError);
    expect(refusal).toMatchObject({ code: "forbidden", status: 403 });
    const afterwards = await get(groupLoader, `/groups/${groupId}`, { groupId }, memberId);
    expect(afterwards.status).toBe(200);
    expect(afterwards.body).toMatchObject({
      group: { status: "ended", members: expect.arrayContaining([expect.objectContaining({ id: memberId })]) },
    });
    expect((afterwards.body as { group: { assignments: Array<{ id: string }> } }).group.assignments.map((a) => a.id)).toEqual([
      card.id,
    ]);
  });

  describe("bad input writes nothing", () => {
    let groupId: string;
    let applicant: string;
    const apply = (form: Record<string, string>, id = groupId, person = applicant) =>
      post(applicationAction, `/groups/${id}/application`, { groupId: id }, person, form);

    beforeAll(async () => {
      groupId = await createOpenCall(3);
      applicant = org.staff[0]!.id;
    });

    it("an empty motivation: 400 with the field error, the typed values kept", async () => {
      const before = await unchanged();
      const result = await apply({ intent: "apply", motivation: "   ", experienceYears: "7", otherCompetences: "Teckenspråk" });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({
        result: {
          error: { motivation: ["groups.errors.motivationRequired"] },
          initialValue: { experienceYears: "7", otherCompetences: "Teckenspråk" },
        },
      });
      expect(await unchanged()).toBe(before);
    });

    it("applying twice: 409, the first application stays as it was", async () => {
      expect((await apply({ intent: "apply", motivation: "Första gången.", experienceYears: "4" })).status).toBe(200);
      const before = await unchanged();
      const again = await apply({ intent: "apply", motivation: "Andra gången.", experienceYears: "5" });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        error: "already-applied",
        result: { error: { "": ["groups.errors.already-applied"] } },
      });
      expect(await unchanged()).toBe(before);
    });

    it("after the closing date: 409 for applying, changing and withdrawing", async () => {
      const closed = await createOpenCall(3);
      expect((await apply({ intent: "apply", motivation: "I tid.", experienceYears: "2" }, closed)).status).toBe(200);
      await test.db
        .updateTable("working_groups")
        .set({ applications_close_on: dateIn(-2) })
        .where("id", "=", closed)
        .execute();
      const before = await unchanged();
      const late = await apply({ intent: "apply", motivation: "För sent.", experienceYears: "2" }, closed, org.staff[1]!.id);
      expect(late.body).toMatchObject({ error: "call-closed" });
      expect(late.status).toBe(409);
      expect((await apply({ intent: "update", motivation: "Ändrad.", experienceYears: "3" }, closed)).status).toBe(409);
      expect((await apply({ intent: "withdraw" }, closed)).status).toBe(409);
      expect(await unchanged()).toBe(before);
    });

    it("to a group with invited members only: 409", async () => {
      const created = await post(newGroupAction, "/groups/new", {}, org.person.id, {
        intent: "create",
        name: "Inbjudna",
        startsOn: dateIn(-1),
        endsOn: dateIn(90),
        recruitment: "invited",
      });
      const invited = created.location!.replace("/groups/", "");
      const before = await unchanged();
      const result = await apply({ intent: "apply", motivation: "Får jag vara med?", experienceYears: "2" }, invited);
      expect(result.status).toBe(409);
      expect(result.body).toMatchObject({ error: "invited-only" });
      expect(await unchanged()).toBe(before);
    });

    it("a unit of another organisation, or an experience out of range: 400", async () => {
      const before = await unchanged();
      const other = await createPlanFixture(test.db);
      const foreignUnit = await test.db
        .insertInto("units")
        .values({ organisation_id: other.organisationId, name: "Främmande", kind: "unit" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const mid = await unchanged();
      const result = await apply(
        { intent: "apply", motivation: "Hej.", experienceYears: "99", unitIds: foreignUnit.id },
        groupId,
        org.staff[2]!.id
      );
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({
        result: { error: { experienceYears: ["groups.errors.experience"], unitIds: ["errors.choose"] } },
      });
      expect(await unchanged()).toBe(mid);
      expect(mid).not.toBe(before);
    });

    it("an open call without seats, closing date or prompt, or closing in the past: 400 and no group", async () => {
      const before = await unchanged();
      const missing = await post(newGroupAction, "/groups/new", {}, org.person.id, {
        intent: "create",
        name: "Halvfärdig",
        startsOn: dateIn(1),
        endsOn: dateIn(90),
        recruitment: "open_application",
      });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({
        error: {
          seats: ["groups.errors.seats"],
          applicationsCloseOn: ["groups.errors.closeOnRequired"],
          applicationPrompt: ["groups.errors.promptRequired"],
        },
      });
      const past = await post(newGroupAction, "/groups/new", {}, org.person.id, {
        intent: "create",
        name: "Försenad",
        startsOn: dateIn(1),
        endsOn: dateIn(90),
        recruitment: "open_application",
        seats: "4",
        applicationsCloseOn: dateIn(-3),
        applicationPrompt: "Berätta.",
      });
      expect(past.status).toBe(400);
      expect(past.body).toMatchObject({ error: { applicationsCloseOn: ["groups.errors.closeInPast"] } });
      expect(await unchanged()).toBe(before);
    });

    it("a selection naming a withdrawn application, or nobody: refused, nothing written", async () => {
      const call = await createOpenCall(3);
      expect((await apply({ intent: "apply", motivation: "Ja.", experienceYears: "2" }, call, org.staff[3]!.id)).status).toBe(
        200
      );
      expect((await apply({ intent: "apply", motivation: "Ja.", experienceYears: "2" }, call, org.staff[4]!.id)).status).toBe(
        200
      );
      expect((await apply({ intent: "withdraw" }, call, org.staff[4]!.id)).status).toBe(200);
      const withdrawn = await test.db
        .selectFrom("group_applications")
        .select("id")
        .where("group_id", "=", call)
        .where("person_id", "=", org.staff[4]!.id)
        .executeTakeFirstOrThrow();
      const before = await unchanged();
      const stale = await post(selectionAction, `/groups/${call}/selection`, { groupId: call }, org.person.id, {
        intent: "confirm",
        applicationIds: withdrawn.id,
        confirm: "yes",
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: "stale-selection" });
      const nobody = await post(selectionAction, `/groups/${call}/selection`, { groupId: call }, org.person.id, {
        intent: "confirm",
        confirm: "yes",
      });
      expect(nobody.status).toBe(400);
      expect(nobody.body).toMatchObject({ result: { error: { applicationIds: ["groups.errors.selectAtLeastOne"] } } });
      expect(await unchanged()).toBe(before);
    });

    it("extending to an earlier date, and changing an ended group: refused, nothing written", async () => {
      const call = await createOpenCall(3);
      const before = await unchanged();
      const earlier = await post(groupAction, `/groups/${call}`, { groupId: call }, org.person.id, {
        intent: "extend",
        endsOn: dateIn(5),
      });
      expect(earlier.status).toBe(400);
      expect(earlier.body).toMatchObject({ result: { error: { endsOn: ["groups.errors.extend-earlier"] } } });
      expect(await unchanged()).toBe(before);
      expect((await post(groupAction, `/groups/${call}`, { groupId: call }, org.person.id, { intent: "end", confirm: "yes" })).status).toBe(200);
      const ended = await unchanged();
      const forms: Array<Record<string, string>> = [
        { intent: "end", confirm: "yes" },
        { intent: "extend", endsOn: dateIn(400) },
        { intent: "add-member", personId: org.staff[5]!.id, role: "member" },
      ];
      for (const form of forms) {
        const result = await post(groupAction, `/groups/${call}`, { groupId: call }, org.person.id, form);
        expect(result.status, form.intent).toBe(409);
        expect(result.body).toMatchObject({ error: "group-ended" });
      }
      expect(await unchanged()).toBe(ended);
    });
  });

  describe("who sees applications", () => {
    let groupId: string;
    const motivation = "Mitt hemliga skäl att söka.";

    beforeAll(async () => {
      groupId = await createOpenCall(3);
      const result = await post(applicationAction, `/groups/${groupId}/application`, { groupId }, org.staff[10]!.id, {
        intent: "apply",
        motivation,
        experienceYears: "11",
      });
      expect(result.status).toBe(200);
    });

    it("the applicant sees their own application", async () => {
      const own = await get(applicationLoader, `/groups/${groupId}/application`, { groupId }, org.staff[10]!.id);
      expect(own.body).toMatchObject({ call: { application: { motivation, experienceYears: 11, status: "submitted" } } });
    });

    it("another staff member sees the call but no one's application, on any page", async () => {
      const other = org.staff[11]!.id;
      const pages: RouteResult[] = [
        await get(groupsLoader, "/groups", {}, other),
        await get(groupLoader, `/groups/${groupId}`, { groupId }, other),
        await get(applicationLoader, `/groups/${groupId}/application`, { groupId }, other),
      ];
      for (const result of pages) {
        expect(result.status).toBe(200);
        expect(JSON.stringify(result.body)).not.toContain(motivation);
      }
      expect(pages[1]!.body).toMatchObject({ group: { applicationCount: null, myApplicationStatus: null } });
      expect(pages[2]!.body).toMatchObject({ call: { application: null } });
      expect((await get(selectionLoader, `/groups/${groupId}/selection`, { groupId }, other)).status).toBe(403);
    });

    it("a strategic developer of the organisation sees them all; one of another organisation sees nothing", async () => {
      const selection = await get(selectionLoader, `/groups/${groupId}/selection`, { groupId }, org.person.id);
      expect(selection.status).toBe(200);
      expect(JSON.stringify(selection.body)).toContain(motivation);
      const group = await get(groupLoader, `/groups/${groupId}`, { groupId }, org.person.id);
      expect(group.body).toMatchObject({ group: { applicationCount: 1 } });

      const outsider = await createPlanFixture(test.db);
      for (const handler of [selectionLoader, groupLoader, applicationLoader]) {
        expect((await get(handler, `/groups/${groupId}`, { groupId }, outsider.person.id)).status).toBe(404);
      }
    });

    it("a withdrawn application is not shown in the selection", async () => {
      const call = await createOpenCall(3);
      const person = org.staff[12]!.id;
      const form = { intent: "apply", motivation: "Jag ångrar mig snart.", experienceYears: "3" };
      expect((await post(applicationAction, `/groups/${call}/application`, { groupId: call }, person, form)).status).toBe(200);
      expect(
        (await post(applicationAction, `/groups/${call}/application`, { groupId: call }, person, { intent: "withdraw" })).status
      ).toBe(200);
      const selection = await get(selectionLoader, `/groups/${call}/selection`, { groupId: call }, org.person.id);
      expect(selection.body).toMatchObject({ applicants: [], withdrawnCount: 1 });
      expect(JSON.stringify(selection.body)).not.toContain("Jag ångrar mig snart.");
    });
  });
});

describe.each(databaseKinds)("the demo's open call on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("is open now with ten applications, and the staff demo account can apply", async () => {
    const group = await test.db
      .selectFrom("working_groups")
      .selectAll()
      .where("name", "=", "Arbetsmiljögruppen")
      .executeTakeFirstOrThrow();
    expect(group).toMatchObject({ recruitment: "open_application", seats: 6, ended_at: null });
    const applications = await test.db
      .selectFrom("group_applications")
      .select(["status", "person_id"])
      .where("group_id", "=", group.id)
      .execute();
    expect(applications).toHaveLength(10);
    expect(applications.every((application) => application.status === "submitted")).toBe(true);

    const staff = await test.db
      .selectFrom("people")
      .select("id")
      .where("email", "=", "personal@exempelby.test")
      .executeTakeFirstOrThrow();
    const cookie = await cookieFor(test.db, staff.id);
    const page = await callRoute(
      applicationLoader,
      buildRequest(`/groups/${group.id}/application`, { cookie }),
      { groupId: group.id },
      loadContext(test.db)
    );
    expect(page.body).toMatchObject({ call: { callOpen: true, isMember: false, application: null } });
  });
});
