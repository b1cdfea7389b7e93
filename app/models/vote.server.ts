import { createHmac } from "node:crypto";
import { sql } from "kysely";
import type { VotePointKind } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { notifyPlanChanged } from "~/utils/live-events.server";
import { can, type Actor } from "~/utils/permissions";
import { refusalOf, type RefusalStatus } from "./refusal.server";

export type VoteErrorCode = "not-found" | "forbidden" | "no-unit" | "no-points" | "closed" | "still-open" | "not-eligible" | "too-many" | "none-chosen" | "unknown-point";

const STATUS: Record<VoteErrorCode, RefusalStatus> = {
  "not-found": 404,
  forbidden: 403,
  "no-unit": 409,
  "no-points": 409,
  closed: 409,
  "still-open": 409,
  "not-eligible": 403,
  "too-many": 400,
  "none-chosen": 400,
  "unknown-point": 400,
};

/** A refused vote, ballot or adoption of its result; the route answers it with `status` and an i18n message. */
export class VoteError extends refusalOf(STATUS) {}

/**
 * Where a person's ballot is kept: a keyed hash of the vote and the person, so that the ballot
 * table holds no person and the same person finds (and changes) their own ballot (decision 0016).
 */
function ballotKey(voteId: string, personId: string): string {
  return createHmac("sha256", getEnv().sessionSecret).update(`ballot:${voteId}:${personId}`).digest("base64url");
}

/** The unit and every unit below it, as a subquery. */
const unitAndBelow = (unitId: string | ReturnType<typeof sql.ref>) => sql`(
  with recursive below(id) as (
    select ${unitId}::uuid
    union all
    select u.id from units u join below on u.parent_id = below.id
  )
  select id from below
)`;

export interface NewVote {
  title: string;
  pointKind: VotePointKind;
  maxChoices: number;
  /** The last day to vote, `YYYY-MM-DD`: the vote closes at midnight after it, Swedish time. */
  closesOn: string;
}

/**
 * Opens a vote among the staff of the plan's unit (and the units below it) on the plan's focus
 * areas or open assignments, fixed as they are now. One transaction.
 */
export async function openVote(db: Db, actor: Actor, planId: string, vote: NewVote) {
  return db.transaction().execute(async (trx) => {
    const plan = await trx
      .selectFrom("action_plans")
      .select(["id", "organisation_id", "unit_id", "archived_at"])
      .where("id", "=", planId)
      .forShare()
      .executeTakeFirst();
    if (!plan || plan.organisation_id !== actor.organisationId || plan.archived_at) throw new VoteError("not-found");
    if (plan.unit_id === null) throw new VoteError("no-unit");
    if (!can(actor, "unit:manage", { organisationId: plan.organisation_id, unitId: plan.unit_id })) throw new VoteError("forbidden");
    const points =
      vote.pointKind === "focus_area"
        ? (await trx.selectFrom("focus_areas").select(["id", "name as label"]).where("plan_id", "=", planId).orderBy("position").execute()).map((row) => ({ ...row, column: "focus_area_id" as const }))
        : (
            await trx
              .selectFrom("assignments as a")
              .innerJoin("focus_areas as f", "f.id", "a.focus_area_id")
              .select(["a.id", "a.title as label"])
              .where("a.plan_id", "=", planId)
              .where("a.archived_at", "is", null)
              .orderBy("f.position")
              .orderBy("a.position")
              .execute()
          ).map((row) => ({ ...row, column: "assignment_id" as const }));
    if (points.length === 0) throw new VoteError("no-points");
    const created = await trx
      .insertInto("votes")
      .values({
        plan_id: planId,
        unit_id: plan.unit_id,
        title: vote.title,
        point_kind: vote.pointKind,
        max_choices: Math.min(vote.maxChoices, points.length),
        closes_at: sql<Date>`(${vote.closesOn}::date + 1)::timestamp at time zone 'Europe/Stockholm'`,
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("vote_points")
      .values(points.map((point, index) => ({ vote_id: created.id, [point.column]: point.id, label: point.label, position: index })))
      .execute();
    return created;
  });
}

/** A plan's votes, newest first, with turnout. */
export async function listVotes(db: Db, planId: string) {
  return db
    .selectFrom("votes as v")
    .where("v.plan_id", "=", planId)
    .select((eb) => [
      "v.id",
      "v.title",
      "v.point_kind as pointKind",
      "v.max_choices as maxChoices",
      "v.closes_at as closesAt",
      sql<boolean>`v.closed_early_at is not null or v.closes_at <= now()`.as("closed"),
      eb.selectFrom("vote_voters as t").whereRef("t.vote_id", "=", "v.id").select((count) => count.fn.countAll<number>().as("n")).as("voted"),
    ])
    .orderBy("v.created_at", "desc")
    .execute();
}

/** Competition ranking: equal counts share a rank, and the next rank skips as many ("1, 2, 2, 4"). */
export function rankPoints<Point extends { votes: number }>(points: Point[]): Array<Point & { rank: number }> {
  const sorted = [...points].sort((a, b) => b.votes - a.votes);
  return sorted.map((point) => ({ ...point, rank: sorted.findIndex((other) => other.votes === point.votes) + 1 }));
}

/**
 * A vote as one person sees it: its points, turnout, whether they may vote, their own ballot
 * (found through its key; no one else's is ever read), and the ranked result once it is closed.
 */
export async function loadVote(db: Db, voteId: string, actor: Actor) {
  const vote = await db
    .selectFrom("votes as v")
    .innerJoin("action_plans as p", "p.id", "v.plan_id")
    .innerJoin("units as u", "u.id", "v.unit_id")
    .where("v.id", "=", voteId)
    .select([
      "v.id",
      "v.title",
      "v.plan_id as planId",
      "p.title as planTitle",
      "p.organisation_id as organisationId",
      "v.unit_id as unitId",
      "u.name as unitName",
      "v.point_kind as pointKind",
      "v.max_choices as maxChoices",
      "v.closes_at as closesAt",
      "v.priorities_adopted_at as prioritiesAdoptedAt",
      sql<boolean>`v.closed_early_at is not null or v.closes_at <= now()`.as("closed"),
      sql<number>`(select count(*)::int from vote_voters t where t.vote_id = v.id)`.as("voted"),
      sql<number>`(select count(*)::int from people e where e.deactivated_at is null and e.unit_id in ${unitAndBelow(sql.ref("v.unit_id"))})`.as("eligible"),
      sql<boolean>`exists (select 1 from people e where e.id = ${actor.id} and e.deactivated_at is null and e.unit_id in ${unitAndBelow(sql.ref("v.unit_id"))})`.as("mayVote"),
      sql<boolean>`exists (select 1 from vote_voters t where t.vote_id = v.id and t.person_id = ${actor.id})`.as("hasVoted"),
    ])
    .executeTakeFirst();
  if (!vote) return null;
  const [points, mine] = await Promise.all([
    db
      .selectFrom("vote_points as o")
      .where("o.vote_id", "=", voteId)
      .select((eb) => [
        "o.id",
        "o.label",
        // Counted only once the vote is closed: no running tally to follow.
        vote.closed
          ? eb.selectFrom("ballot_choices as c").whereRef("c.point_id", "=", "o.id").select((count) => count.fn.countAll<number>().as("n")).as("votes")
          : sql<number>`0`.as("votes"),
      ])
      .orderBy("o.position")
      .execute(),
    db
      .selectFrom("ballots as b")
      .innerJoin("ballot_choices as c", "c.ballot_id", "b.id")
      .where("b.ballot_key", "=", ballotKey(voteId, actor.id))
      .select("c.point_id")
      .execute(),
  ]);
  const counted = points.map((point) => ({ id: point.id, label: point.label, votes: Number(point.votes) }));
  return {
    ...vote,
    points: counted.map(({ id, label }) => ({ id, label })),
    myChoices: mine.map((choice) => choice.point_id),
    result: vote.closed ? rankPoints(counted) : null,
  };
}

/** The vote's owner, for authorising before anything else is read. */
export async function findVoteOwner(db: Db, voteId: string) {
  return db
    .selectFrom("votes as v")
    .innerJoin("action_plans as p", "p.id", "v.plan_id")
    .where("v.id", "=", voteId)
    .select(["v.id", "v.plan_id as planId", "v.unit_id as unitId", "p.organisation_id as organisationId"])
    .executeTakeFirst();
}

async function lockVote(trx: Db, actor: Actor, voteId: string, mode: "share" | "update") {
  const query = trx
    .selectFrom("votes as v")
    .innerJoin("action_plans as p", "p.id", "v.plan_id")
    .where("v.id", "=", voteId)
    .select(["v.id", "v.plan_id", "v.unit_id", "v.point_kind", "v.max_choices", "p.organisation_id", sql<boolean>`v.closed_early_at is not null or v.closes_at <= now()`.as("closed")]);
  const vote = await (mode === "share" ? query.forShare("v") : query.forUpdate("v")).executeTakeFirst();
  if (!vote || vote.organisation_id !== actor.organisationId) throw new VoteError("not-found");
  return vote;
}

/**
 * Casts or replaces the person's ballot, in one transaction: their choices under the ballot's
 * key, and their name among those who voted. The vote's row is shared-locked, so a ballot and
 * the closing of the vote happen one after the other.
 */
export async function castBallot(db: Db, actor: Actor, voteId: string, pointIds: string[]) {
  await db.transaction().execute(async (trx) => {
    const vote = await lockVote(trx, actor, voteId, "share");
    if (vote.closed) throw new VoteError("closed");
    const eligible = await sql<{ ok: boolean }>`
      select exists (select 1 from people where id = ${actor.id} and deactivated_at is null and unit_id in ${unitAndBelow(vote.unit_id)}) as ok
    `.execute(trx);
    if (!eligible.rows[0]?.ok) throw new VoteError("not-eligible");
    if (pointIds.length === 0) throw new VoteError("none-chosen");
    if (pointIds.length > vote.max_choices) throw new VoteError("too-many");
    const known = await trx.selectFrom("vote_points").select("id").where("vote_id", "=", voteId).where("id", "in", pointIds).execute();
    if (known.length !== pointIds.length) throw new VoteError("unknown-point");
    const ballot = await trx
      .insertInto("ballots")
      .values({ vote_id: voteId, ballot_key: ballotKey(voteId, actor.id) })
      .onConflict((oc) => oc.column("ballot_key").doUpdateSet({ vote_id: voteId }))
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.deleteFrom("ballot_choices").where("ballot_id", "=", ballot.id).execute();
    await trx.insertInto("ballot_choices").values(pointIds.map((pointId) => ({ ballot_id: ballot.id, point_id: pointId }))).execute();
    await trx.insertInto("vote_voters").values({ vote_id: voteId, person_id: actor.id }).onConflict((oc) => oc.doNothing()).execute();
  });
}

/** Closes a vote before its date (its unit's strategic developers). */
export async function closeVote(db: Db, actor: Actor, voteId: string) {
  await db.transaction().execute(async (trx) => {
    const vote = await lockVote(trx, actor, voteId, "update");
    if (!can(actor, "unit:manage", { organisationId: vote.organisation_id, unitId: vote.unit_id })) throw new VoteError("forbidden");
    if (vote.closed) throw new VoteError("closed");
    await trx.updateTable("votes").set({ closed_early_at: new Date() }).where("id", "=", voteId).execute();
  });
}

/**
 * Makes a closed vote's top points the unit's priorities in one step: every point ranked `top`
 * or better (ties at the cut all included) gets its rank as its priority on the plan, and the
 * plan's other focus areas or assignments lose theirs. One transaction.
 */
export async function adoptPriorities(db: Db, actor: Actor, voteId: string, top: number) {
  return db.transaction().execute(async (trx) => {
    const vote = await lockVote(trx, actor, voteId, "update");
    if (!can(actor, "unit:manage", { organisationId: vote.organisation_id, unitId: vote.unit_id })) throw new VoteError("forbidden");
    if (!vote.closed) throw new VoteError("still-open");
    const points = await trx
      .selectFrom("vote_points as o")
      .where("o.vote_id", "=", voteId)
      .select((eb) => [
        "o.focus_area_id",
        "o.assignment_id",
        "o.label",
        eb.selectFrom("ballot_choices as c").whereRef("c.point_id", "=", "o.id").select((count) => count.fn.countAll<number>().as("n")).as("votes"),
      ])
      .execute();
    const chosen = rankPoints(points.map((point) => ({ ...point, votes: Number(point.votes) }))).filter((point) => point.rank <= top && point.votes > 0);
    const table = vote.point_kind === "focus_area" ? "focus_areas" : "assignments";
    await trx.updateTable(table).set({ priority: null }).where("plan_id", "=", vote.plan_id).where("priority", "is not", null).execute();
    for (const point of chosen) {
      const id = point.focus_area_id ?? point.assignment_id;
      if (id !== null) await trx.updateTable(table).set({ priority: point.rank }).where("id", "=", id).where("plan_id", "=", vote.plan_id).execute();
    }
    await trx.updateTable("votes").set({ priorities_adopted_at: new Date() }).where("id", "=", voteId).execute();
    await notifyPlanChanged(trx, { planId: vote.plan_id, kind: "plan", actorId: actor.id });
    return { adopted: chosen.map((point) => ({ label: point.label, rank: point.rank })) };
  });
}
