import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptPriorities, castBallot, closeVote, loadVote, openVote, rankPoints } from "~/models/vote.server";
import { selectActors, toActor } from "~/models/person.server";
import { addUnit } from "~/models/unit.server";
import type { Db } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";
import { appRoutes } from "./support/routes";
import { createPlanFixture } from "./support/fixtures";

const today = () => new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" });

describe("rankPoints", () => {
  it("ranks by votes, ties sharing a place and the next place skipping as many", () => {
    const ranked = rankPoints([
      { id: "a", votes: 3 },
      { id: "b", votes: 5 },
      { id: "c", votes: 3 },
      { id: "d", votes: 1 },
      { id: "e", votes: 0 },
    ]);
    expect(ranked.map((point) => `${point.id}:${point.rank}`)).toEqual(["b:1", "a:2", "c:2", "d:4", "e:5"]);
  });
});

describe.each(databaseKinds)("priority votes (%s)", (kind) => {
  let database: TestDatabase;
  let db: Db;
  let fixture: Awaited<ReturnType<typeof createPlanFixture>>;
  let developer: Actor;
  const staff: Actor[] = [];
  let outsider: Actor;

  const actorOf = async (id: string) => toActor(await selectActors(db).where("p.id", "=", id).executeTakeFirstOrThrow());
  const person = async (name: string, role: "strategic_developer" | "staff", unitId: string | null) => {
    const row = await db
      .insertInto("people")
      .values({ organisation_id: fixture.organisationId, name, email: `${name.replace(/\W+/g, ".")}.${Math.random().toString(36).slice(2, 8)}@test`, role, unit_id: unitId })
      .returning("id")
      .executeTakeFirstOrThrow();
    return actorOf(row.id);
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    fixture = await createPlanFixture(db, { focusAreas: ["Samverkan", "Arbetsmiljö", "Introduktion", "Lokaler"], cards: 4 });
    const district = await addUnit(db, fixture.organisationId, { name: "Norr", kind: "district", parentId: null });
    const team = await addUnit(db, fixture.organisationId, { name: "Norr, team 1", kind: "unit", parentId: district.id });
    const elsewhere = await addUnit(db, fixture.organisationId, { name: "Söder", kind: "district", parentId: null });
    await db.updateTable("action_plans").set({ unit_id: district.id }).where("id", "=", fixture.planId).execute();
    developer = await person("Nora Norr", "strategic_developer", district.id);
    for (const [index, unit] of [district.id, district.id, team.id, team.id].entries()) staff.push(await person(`Medarbetare ${index + 1}`, "staff", unit));
    outsider = await person("Sune Söder", "staff", elsewhere.id);
  });
  afterAll(() => database.close());

  const points = async (voteId: string, viewer: Actor) => (await loadVote(db, voteId, viewer))!.points;

  it("takes one ballot per person, changeable until the vote closes, and keeps who chose what secret", async () => {
    const vote = await openVote(db, developer, fixture.planId, { title: "Vilka två är viktigast?", pointKind: "focus_area", maxChoices: 2, closesOn: today() });
    const [samverkan, arbetsmiljo, introduktion] = await points(vote.id, developer);
    const first = staff[0]!;

    await castBallot(db, first, vote.id, [samverkan!.id, arbetsmiljo!.id]);
    await castBallot(db, first, vote.id, [introduktion!.id]);
    await castBallot(db, staff[2]!, vote.id, [introduktion!.id, samverkan!.id]);

    const seenByFirst = (await loadVote(db, vote.id, first))!;
    expect(seenByFirst).toMatchObject({ myChoices: [introduktion!.id], hasVoted: true, mayVote: true, voted: 2, eligible: 5, result: null });
    const seenBySecond = (await loadVote(db, vote.id, staff[1]!))!;
    expect(seenBySecond).toMatchObject({ myChoices: [], hasVoted: false, mayVote: true });
    expect(JSON.stringify(seenBySecond)).not.toContain(first.id);

    // One ballot for the person who changed theirs; nothing in the ballot tables names a person.
    expect(await db.selectFrom("ballots").select("id").where("vote_id", "=", vote.id).execute()).toHaveLength(2);
    const stored = JSON.stringify([
      await db.selectFrom("ballots").selectAll().execute(),
      await db.selectFrom("ballot_choices").selectAll().execute(),
    ]);
    for (const voter of [first, staff[2]!]) expect(stored).not.toContain(voter.id);
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns where table_name in ('ballots', 'ballot_choices', 'vote_voters')
    `.execute(db);
    expect(columns.rows.filter((row) => row.table_name !== "vote_voters").map((row) => row.column_name).sort()).toEqual(["ballot_id", "ballot_key", "id", "point_id", "vote_id"]);
    expect(columns.rows.filter((row) => row.table_name === "vote_voters").map((row) => row.column_name).sort()).toEqual(["person_id", "vote_id"]);

    await expect(castBallot(db, first, vote.id, [samverkan!.id, arbetsmiljo!.id, introduktion!.id])).rejects.toMatchObject({ code: "too-many" });
    await expect(castBallot(db, first, vote.id, [])).rejects.toMatchObject({ code: "none-chosen" });
    await expect(castBallot(db, outsider, vote.id, [samverkan!.id])).rejects.toMatchObject({ code: "not-eligible" });
    const otherVote = await openVote(db, developer, fixture.planId, { title: "En annan", pointKind: "focus_area", maxChoices: 1, closesOn: today() });
    const [foreignPoint] = await points(otherVote.id, developer);
    await expect(castBallot(db, first, vote.id, [foreignPoint!.id])).rejects.toMatchObject({ code: "unknown-point" });
    // Still what they chose last: a refused ballot changes nothing.
    expect((await loadVote(db, vote.id, first))!.myChoices).toEqual([introduktion!.id]);

    await expect(closeVote(db, first, vote.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(adoptPriorities(db, developer, vote.id, 2)).rejects.toMatchObject({ code: "still-open" });
    await closeVote(db, developer, vote.id);
    await expect(castBallot(db, staff[1]!, vote.id, [samverkan!.id])).rejects.toMatchObject({ code: "closed" });
    const closed = (await loadVote(db, vote.id, staff[1]!))!;
    expect(closed.result?.map((point) => [point.label, point.votes, point.rank])).toEqual([
      ["Introduktion", 2, 1],
      ["Samverkan", 1, 2],
      ["Arbetsmiljö", 0, 3],
      ["Lokaler", 0, 3],
    ]);
  });

  it("makes the top places the unit's priorities in one step, ties at the cut included, replacing the earlier ones", async () => {
    const vote = await openVote(db, developer, fixture.planId, { title: "Uppdragen", pointKind: "assignment", maxChoices: 2, closesOn: today() });
    const cards = await points(vote.id, developer);
    expect(cards).toHaveLength(4);
    await castBallot(db, staff[0]!, vote.id, [cards[0]!.id, cards[1]!.id]);
    await castBallot(db, staff[1]!, vote.id, [cards[0]!.id, cards[2]!.id]);
    await castBallot(db, staff[2]!, vote.id, [cards[3]!.id]);
    await closeVote(db, developer, vote.id);
    // Ranks: first 2 votes (1), then three with 1 vote each (2, 2, 2): top 2 takes all four.
    const { adopted } = await adoptPriorities(db, developer, vote.id, 2);
    expect(adopted.map((point) => point.rank)).toEqual([1, 2, 2, 2]);
    const priorities = await db.selectFrom("assignments").select(["title", "priority"]).where("plan_id", "=", fixture.planId).orderBy("priority").orderBy("title").execute();
    expect(priorities.map((card) => card.priority)).toEqual([1, 2, 2, 2]);
    const { adopted: fewer } = await adoptPriorities(db, developer, vote.id, 1);
    expect(fewer).toHaveLength(1);
    const after = await db.selectFrom("assignments").select("priority").where("plan_id", "=", fixture.planId).where("priority", "is not", null).execute();
    expect(after).toEqual([{ priority: 1 }]);
    await expect(adoptPriorities(db, staff[0]!, vote.id, 1)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("shows a ballot through no route but to its own voter", async () => {
    const vote = await openVote(db, developer, fixture.planId, { title: "Hemligt", pointKind: "focus_area", maxChoices: 1, closesOn: today() });
    const [, chosen] = await points(vote.id, developer);
    const voter = staff[3]!;
    await castBallot(db, voter, vote.id, [chosen!.id]);
    const ballot = await db.selectFrom("ballots").select(["id", "ballot_key"]).where("vote_id", "=", vote.id).executeTakeFirstOrThrow();

    const get = async (routeId: string, params: Record<string, string>, as: Actor) => {
      const route = appRoutes.find((candidate) => candidate.id === routeId)!;
      const path = `/${route.path.replace(/:(\w+)/g, (_, name: string) => params[name]!)}`;
      const result = await callRoute(route.module.loader!, buildRequest(path, { cookie: await cookieFor(db, as.id) }), params, loadContext(db));
      expect(result.status, routeId).toBe(200);
      return typeof result.body === "string" ? result.body : JSON.stringify(result.body);
    };
    const own = JSON.parse(await get("votes.$voteId", { voteId: vote.id }, voter)) as { vote: { myChoices: string[] } };
    expect(own.vote.myChoices).toEqual([chosen!.id]);
    for (const viewer of [developer, staff[0]!]) {
      const seen = JSON.parse(await get("votes.$voteId", { voteId: vote.id }, viewer)) as { vote: { myChoices: string[]; voted: number } };
      expect(seen.vote).toMatchObject({ myChoices: [], voted: 1 });
    }
    const pages: Array<[string, Record<string, string>]> = [
      ["votes.$voteId", { voteId: vote.id }],
      ["plans.$planId_.votes", { planId: fixture.planId }],
      ["plans.$planId_.export[.]json", { planId: fixture.planId }],
      ["plans.$planId_.activity", { planId: fixture.planId }],
      ["plans.$planId_.history[.]csv", { planId: fixture.planId }],
      ["plans.$planId_.summary", { planId: fixture.planId }],
    ];
    for (const [routeId, params] of pages) {
      for (const viewer of [developer, voter, staff[0]!]) {
        const body = await get(routeId, params, viewer);
        expect(body, routeId).not.toContain(ballot.id);
        expect(body, routeId).not.toContain(ballot.ballot_key);
      }
    }
  });

  it("opens votes only on a unit's plan, by that unit's strategic developers", async () => {
    await expect(openVote(db, staff[0]!, fixture.planId, { title: "X", pointKind: "focus_area", maxChoices: 1, closesOn: today() })).rejects.toMatchObject({ code: "forbidden" });
    const organisationWide = await createPlanFixture(db, { slug: `other-${Math.random().toString(36).slice(2, 8)}` });
    const theirDeveloper = await actorOf(organisationWide.person.id);
    await expect(openVote(db, theirDeveloper, organisationWide.planId, { title: "X", pointKind: "focus_area", maxChoices: 1, closesOn: today() })).rejects.toMatchObject({ code: "no-unit" });
    await expect(openVote(db, developer, organisationWide.planId, { title: "X", pointKind: "focus_area", maxChoices: 1, closesOn: today() })).rejects.toMatchObject({ code: "not-found" });
  });
});
