import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { appRequestHandler } from "./support/remix-handler";
import { cookieFor, databaseFingerprint, loadContext, ORIGIN } from "./support/requests";

/**
 * Each class of bad input the generated-request test found answering 500, once by name, through
 * Remix's request handler: a 4xx with a message, the form's values kept, nothing written.
 */
describe.each(databaseKinds)("bad input at the edge on %s", (kind) => {
  let test: TestDatabase;
  let cookie: string;
  let planId: string;
  let focusAreaId: string;
  let assignmentId: string;
  let groupId: string;
  const handle = appRequestHandler();

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const { db } = test;
    await seedDemoData(db);
    const admin = await db.selectFrom("people").select(["id", "organisation_id"]).where("email", "=", "strateg@exempelby.test").executeTakeFirstOrThrow();
    cookie = await cookieFor(db, admin.id);
    const plan = await db.selectFrom("action_plans").select("id").where("organisation_id", "=", admin.organisation_id).orderBy("created_at").executeTakeFirstOrThrow();
    planId = plan.id;
    focusAreaId = (await db.selectFrom("focus_areas").select("id").where("plan_id", "=", planId).executeTakeFirstOrThrow()).id;
    assignmentId = (await db.selectFrom("assignments").select("id").where("plan_id", "=", planId).where("archived_at", "is", null).executeTakeFirstOrThrow()).id;
    groupId = (await db.selectFrom("working_groups").select("id").where("organisation_id", "=", admin.organisation_id).where("ended_at", "is", null).executeTakeFirstOrThrow()).id;
  });

  afterAll(async () => {
    await test?.close();
  });

  async function send(path: string, init: { form?: Record<string, string | string[]>; body?: BodyInit; contentType?: string } = {}) {
    const headers = new Headers({ Cookie: cookie, Origin: ORIGIN, Host: new URL(ORIGIN).host });
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(Object.entries(init.form).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((one) => [key, one])));
    }
    if (init.contentType) headers.set("Content-Type", init.contentType);
    const url = `${ORIGIN}${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeIdOf(path))}`;
    const request = body === undefined ? new Request(url, { headers }) : new Request(url, { method: "POST", headers, body });
    const response = await handle(request, loadContext(test.db));
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  async function refusedWithoutWriting(status: number, path: string, init: Parameters<typeof send>[1]) {
    const before = await databaseFingerprint(test.db);
    const result = await send(path, init);
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    expect(await databaseFingerprint(test.db), "nothing written").toBe(before);
    return result.body;
  }

  it("answers a body that is not a form with 415, and a form it cannot read with 400", async () => {
    const path = `/plans/${planId}/assignments/new`;
    const form = "intent=create&title=Nytt&focusAreaId=" + focusAreaId;
    for (const contentType of ["application/json", "text/plain;charset=UTF-8", "application/xml", undefined]) {
      const body = await refusedWithoutWriting(415, path, { body: contentType === "application/json" ? JSON.stringify({ intent: "create" }) : form, contentType });
      expect(body, String(contentType)).toEqual({ errors: ["errors.unsupportedMediaType"] });
    }
    for (const contentType of ["multipart/form-data; boundary=----x", "multipart/form-data"]) {
      const body = await refusedWithoutWriting(400, path, { body: "------x\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\ncreate\r\n---", contentType });
      expect(body, contentType).toEqual({ errors: ["errors.formUnreadable"] });
    }
  });

  it("refuses a malformed unit id with a field error before any query checks it", async () => {
    const form = { intent: "create", title: "Ny plan", unitId: "not-a-unit" };
    const body = await refusedWithoutWriting(400, "/plans/new", { form, contentType: "application/x-www-form-urlencoded" });
    expect(body).toMatchObject({ status: "error", initialValue: form, error: { unitId: ["errors.choose"] } });
  });

  it("refuses malformed unit ids in an application the same way", async () => {
    await refusedWithoutWriting(400, `/groups/${groupId}/application`, {
      form: { intent: "apply", motivation: "Jag vill.", experienceYears: "3", unitIds: ["x", "y"] },
      contentType: "application/x-www-form-urlencoded",
    });
  });

  it("takes the same person twice among a new card's responsible people as one choice", async () => {
    const personId = (await test.db.selectFrom("people").select("id").where("email", "=", "grupp@exempelby.test").executeTakeFirstOrThrow()).id;
    const result = await send(`/plans/${planId}/assignments/new`, {
      form: { intent: "create", title: "Dubbelt ansvar", focusAreaId, responsibleIds: [personId, personId] },
      contentType: "application/x-www-form-urlencoded",
    });
    expect(result.status).toBe(204);
    const card = await test.db.selectFrom("assignments").select("id").where("title", "=", "Dubbelt ansvar").executeTakeFirstOrThrow();
    const responsible = await test.db.selectFrom("assignment_responsibles").select("person_id").where("assignment_id", "=", card.id).execute();
    expect(responsible).toEqual([{ person_id: personId }]);
  });

  it("refuses NUL in titles, comments and column names with a field error", async () => {
    const urlencoded = "application/x-www-form-urlencoded";
    const create = await refusedWithoutWriting(400, `/plans/${planId}/assignments/new`, { form: { intent: "create", title: "A\u0000B", focusAreaId }, contentType: urlencoded });
    expect(create).toMatchObject({ error: { title: ["errors.invalidCharacters"] } });
    const comment = await refusedWithoutWriting(400, `/plans/${planId}/assignments/${assignmentId}`, { form: { intent: "comment", body: "hej\u0000" }, contentType: urlencoded });
    expect(JSON.stringify(comment)).toContain("errors.invalidCharacters");
    const column = await refusedWithoutWriting(400, `/plans/${planId}/settings`, { form: { intent: "add-column", name: "\u0000" }, contentType: urlencoded });
    expect(JSON.stringify(column)).toContain("errors.invalidCharacters");
  });

  it("refuses years PostgreSQL cannot store in due dates, plan dates and group dates", async () => {
    const urlencoded = "application/x-www-form-urlencoded";
    const due = await refusedWithoutWriting(400, `/plans/${planId}/assignments/new`, { form: { intent: "create", title: "Tidigt", focusAreaId, dueOn: "0000-01-01" }, contentType: urlencoded });
    expect(due).toMatchObject({ error: { dueOn: ["errors.dateInvalid"] } });
    const plan = await refusedWithoutWriting(400, "/plans/new", { form: { intent: "create", title: "Plan", startsOn: "0000-01-01", endsOn: "0000-12-31" }, contentType: urlencoded });
    expect(plan).toMatchObject({ error: { startsOn: ["planForm.errors.dateInvalid"], endsOn: ["planForm.errors.dateInvalid"] } });
    await refusedWithoutWriting(400, "/groups/new", {
      form: { intent: "create", name: "Grupp", startsOn: "0000-01-01", endsOn: "2027-01-01", recruitment: "open_application", seats: "3", applicationsCloseOn: "0000-06-01", applicationPrompt: "Berätta" },
      contentType: urlencoded,
    });
  });

  it("refuses a card version beyond PostgreSQL's integer", async () => {
    await refusedWithoutWriting(400, `/plans/${planId}/assignments/${assignmentId}`, {
      form: { intent: "archive", version: "2147483648" },
      contentType: "application/x-www-form-urlencoded",
    });
  });

  it("refuses query strings that do not parse: activity cursors, periods and months", async () => {
    for (const query of ["after=0000-01-01T00:00:00Z|1", "after=2026-01-01T00:00:00Z|99999999999999999999", "after=x|1", "from=0000-01-01"]) {
      expect((await send(`/activity?${query}`)).status, query).toBe(400);
    }
    expect((await send(`/plans/${planId}/flow?from=0000-01-01`)).status).toBe(400);
    expect((await send(`/plans/${planId}/summary?month=0000-01`)).status).toBe(400);
    expect((await send("/summary?month=0000-01")).status).toBe(400);
  });
});

function routeIdOf(path: string): string {
  const pathname = path.split("?")[0]!;
  const patterns: [RegExp, string][] = [
    [/^\/plans\/new$/, "routes/plans.new"],
    [/^\/plans\/[^/]+\/assignments\/new$/, "routes/plans.$planId_.assignments.new"],
    [/^\/plans\/[^/]+\/assignments\/[^/]+$/, "routes/plans.$planId_.assignments.$assignmentId"],
    [/^\/plans\/[^/]+\/settings$/, "routes/plans.$planId_.settings"],
    [/^\/plans\/[^/]+\/flow$/, "routes/plans.$planId_.flow"],
    [/^\/plans\/[^/]+\/summary$/, "routes/plans.$planId_.summary"],
    [/^\/groups\/new$/, "routes/groups.new"],
    [/^\/groups\/[^/]+\/application$/, "routes/groups.$groupId_.application"],
    [/^\/activity$/, "routes/activity"],
    [/^\/summary$/, "routes/summary"],
  ];
  const found = patterns.find(([pattern]) => pattern.test(pathname));
  if (!found) throw new Error(`no route id for ${pathname}`);
  return found[1];
}
