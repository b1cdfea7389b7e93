import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCentralChanges } from "~/models/adoption.server";
import { indicatorsForPlan } from "~/models/indicator.server";
import { summaryRows } from "~/models/flow.server";
import { addMonths, monthOf } from "~/utils/month";
import { EVENT_FIELDS } from "../../db/schema";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";

const DAY = 24 * 60 * 60 * 1000;

async function tableCounts(test: TestDatabase) {
  const tables = ["organisations", "people", "action_plans", "assignments", "assignment_events", "working_groups", "group_applications"] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await test.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe.each(databaseKinds)("demo data on %s", (kind) => {
  let test: TestDatabase;
  const now = new Date("2026-11-20T10:00:00Z");

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db, { now });
  });
  afterAll(async () => {
    await test?.close();
  });

  it("is idempotent", async () => {
    const before = await tableCounts(test);
    await seedDemoData(test.db, { now: new Date(now.getTime() + 3 * DAY) });
    expect(await tableCounts(test)).toEqual(before);
  });

  it("tells the story of the labour-market administration", async () => {
    const org = await test.db.selectFrom("organisations").selectAll().where("slug", "=", "exempelby").executeTakeFirstOrThrow();
    const plans = await test.db.selectFrom("action_plans").select("title").where("organisation_id", "=", org.id).execute();
    expect(plans.map((p) => p.title).sort()).toEqual(
      [
        "Bli en processorganisation",
        "Införa huvudhandläggare",
        "Invånaren som medskapare",
        "Invånaren som medskapare – Stadsdel Norr",
        "Kvalitativ behovs- och målgruppsanalys",
        "Skilja beslut från planering",
      ].sort(),
    );
    // The central plan is offered to three units; Stadsdel Norr adopted it and has a change to answer.
    const central = await test.db.selectFrom("action_plans").select("id").where("title", "=", "Invånaren som medskapare").executeTakeFirstOrThrow();
    const offers = await test.db.selectFrom("plan_offers as o").innerJoin("units as u", "u.id", "o.unit_id").select("u.name").where("o.plan_id", "=", central.id).execute();
    expect(offers.map((offer) => offer.name).sort()).toEqual(["Jobbtorget", "Stadsdel Norr", "Stadsdel Söder"]);
    const adopted = await test.db
      .selectFrom("action_plans as p")
      .innerJoin("units as u", "u.id", "p.unit_id")
      .select(["p.id", "u.name"])
      .where("p.central_plan_id", "=", central.id)
      .execute();
    expect(adopted.map((plan) => plan.name)).toEqual(["Stadsdel Norr"]);
    const changes = await loadCentralChanges(test.db, adopted[0]!.id);
    expect(changes?.newAssignments.map((change) => change.name)).toEqual(["Gemensam mall för återkoppling till brukarråden"]);
    // Three indicators followed for the central plan, with values for the three units it is offered to.
    const series = await indicatorsForPlan(test.db, central.id);
    expect(series.map((indicator) => [indicator.name, indicator.period, indicator.units.length])).toEqual([
      ["Korttidsfrånvaro", "month", 3],
      ["Medarbetarnöjdhet", "quarter", 3],
      ["Personalomsättning", "quarter", 3],
    ]);

    const assignments = await test.db
      .selectFrom("assignments as a")
      .innerJoin("action_plans as p", "p.id", "a.plan_id")
      .innerJoin("board_columns as c", "c.id", "a.column_id")
      .where("p.organisation_id", "=", org.id)
      .select(["c.name as column"])
      .execute();
    expect(assignments.length).toBeGreaterThanOrEqual(25);
    expect(new Set(assignments.map((a) => a.column))).toEqual(new Set(["Planerad", "Pågår", "Uppföljning", "Klart"]));

    const groups = await test.db.selectFrom("working_groups").selectAll().where("organisation_id", "=", org.id).execute();
    expect(groups).toHaveLength(5);
    const open = groups.filter((g) => g.recruitment === "open_application" && g.name === "Utvecklingsgruppen");
    expect(open).toHaveLength(1);
    expect(open[0]!.seats).toBe(8);
    const applications = await test.db.selectFrom("group_applications").select("status").where("group_id", "=", open[0]!.id).execute();
    expect(applications).toHaveLength(25);
    expect(applications.filter((a) => a.status === "selected")).toHaveLength(8);
  });

  it("names only fields the app describes in its history's changes", async () => {
    const { rows } = await sql<{ field: string }>`select distinct jsonb_object_keys(changes) as field from assignment_events where changes is not null`.execute(test.db);
    expect(rows.map((row) => row.field)).toContain("dueOn");
    for (const { field } of rows) expect(EVENT_FIELDS).toContain(field);
  });

  it("has the demo accounts of each kind", async () => {
    const people = await test.db
      .selectFrom("people")
      .select(["email", "role"])
      .where("email", "in", ["strateg@exempelby.test", "grupp@exempelby.test", "personal@exempelby.test", "annan@annanstad.test"])
      .orderBy("email")
      .execute();
    expect(people).toEqual([
      { email: "annan@annanstad.test", role: "strategic_developer" },
      { email: "grupp@exempelby.test", role: "staff" },
      { email: "personal@exempelby.test", role: "staff" },
      { email: "strateg@exempelby.test", role: "strategic_developer" },
    ]);
  });

  it("has six months of history that ends where each card stands", async () => {
    const months = await sql<{ month: string }>`
      select distinct to_char(occurred_at at time zone 'Europe/Stockholm', 'YYYY-MM') as month
      from assignment_events where kind = 'moved' and occurred_at > ${new Date(now.getTime() - 183 * DAY)}
    `.execute(test.db);
    expect(months.rows.length).toBeGreaterThanOrEqual(6);

    const mismatches = await sql<{ id: string }>`
      select a.id from assignments a
      join lateral (
        select to_column_id, version from assignment_events e
        where e.assignment_id = a.id and e.kind in ('created', 'moved')
        order by e.version desc limit 1
      ) last_move on true
      where last_move.to_column_id is distinct from a.column_id
    `.execute(test.db);
    expect(mismatches.rows).toEqual([]);

    const gaps = await sql<{ assignment_id: string }>`
      select assignment_id from assignment_events group by assignment_id
      having min(version) <> 1 or max(version) <> count(*)
    `.execute(test.db);
    expect(gaps.rows).toEqual([]);
  });

  it("summarises last month of the demo data in one statement, agreeing with its history", async () => {
    const org = await test.db.selectFrom("organisations").select("id").where("slug", "=", "exempelby").executeTakeFirstOrThrow();
    const month = addMonths(monthOf(now), -1);
    test.queries.length = 0;
    const rows = await summaryRows(test.db, { organisationId: org.id }, { first: month, last: month }, 4, now);
    expect(test.queries).toHaveLength(1);

    const { rows: moved } = await sql<{ assignment_id: string }>`
      select distinct e.assignment_id from assignment_events e join action_plans p on p.id = e.plan_id
      where p.organisation_id = ${org.id} and e.kind = 'moved' and e.from_column_id is distinct from e.to_column_id
        and to_char(e.occurred_at at time zone 'Europe/Stockholm', 'YYYY-MM') = ${month}
    `.execute(test.db);
    const listed = (category: string) => rows.filter((row) => row.category === category).map((row) => row.assignmentId).sort();
    expect(moved.length).toBeGreaterThan(0);
    expect(listed("moved")).toEqual(moved.map((row) => row.assignment_id).sort());
    expect(listed("stalled").length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.planTitle)).size).toBeGreaterThan(1);
  });
});
