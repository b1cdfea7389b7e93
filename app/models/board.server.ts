import { sql } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { CARDS_PER_CELL } from "~/utils/board";
import { calendarDateOf } from "~/utils/format";
import { PREPARED, type Db } from "~/utils/db.server";

export interface BoardCard {
  id: string;
  title: string;
  columnId: string;
  focusAreaId: string;
  position: string;
  dueOn: string | null;
  columnEnteredAt: Date;
  version: number;
  group: { id: string; name: string } | null;
  responsibles: Array<{ id: string; name: string }>;
  commentCount: number;
  /** Its place among the unit's priorities (1 first), from a priority vote; null for none. */
  priority: number | null;
}

/** What a board can be narrowed to; every part is optional and they all must hold. */
export interface BoardFilter {
  /** Cards whose title contains this, case-insensitively. */
  query?: string;
  /** Cards a group carries, or ("none") that no group carries. */
  groupId?: string;
  /** Cards a person is responsible for. */
  personId?: string;
  focusAreaId?: string;
  /** Cards past their due date and not done, or due in the current month. */
  due?: "overdue" | "month";
  /** Cards this person is responsible for or that a group of theirs carries. */
  mineOf?: string;
  /** Today's date (`YYYY-MM-DD`) where the plan is followed, for `due`. */
  today?: string;
}

export interface BoardViewOptions {
  /** The viewer, to tell whether they follow the plan. */
  viewerId?: string;
  /** A cell to show in full. */
  show?: { columnId: string; focusAreaId: string };
  /** A card whose cell is shown in full (a link to a card on the board). */
  cardId?: string;
  /** The card shown in a panel over the board, whose lane `lanes` is told. */
  panelCardId?: string;
  filter?: BoardFilter;
  cardsPerCell?: number;
  /**
   * Which lanes' cards to read, decided from the plan once the first statement has read it; every
   * lane's when absent or null.
   */
  lanes?: (plan: BoardPlan) => string[] | null;
}

/** The plan as the board's first statement reads it, for `lanes` to decide from. */
export interface BoardPlan {
  focusAreas: ReadonlyArray<{ id: string }>;
  /** Every open card, counted per cell. */
  cellCounts: ReadonlyArray<{ columnId: string; focusAreaId: string; count: number }>;
  /** The lane of a cell opened in full (`show`, `cardId`). */
  openLane: string | null;
  /** The lane of the card shown in a panel (`panelCardId`). */
  panelLane: string | null;
}

interface CardRow extends Omit<BoardCard, "group" | "responsibles"> {
  groupId: string | null;
  groupName: string | null;
  responsibles: Array<{ id: string; name: string }>;
  cellMatches: number;
}

/**
 * A plan's board in two statements whatever its size: the plan with its columns, focus areas,
 * exact open-card counts per cell, the groups and people its filters offer, whether the viewer
 * follows it and the cells of a linked card and of a card shown in a panel; then the first cards of
 * each cell (all of an opened cell's) that pass the filter, of the lanes `lanes` chooses, with their
 * groups, responsible people and comment counts. Only what a person can see is read, rendered and
 * sent; "show all", `card` and the filter reach the rest. Both statements are prepared: a board is
 * loaded on every visit.
 */
export async function loadBoard(db: Db, planId: string, options: BoardViewOptions = {}) {
  const plan = await db
    .selectFrom("action_plans as p")
    .modifyFront(PREPARED)
    .where("p.id", "=", planId)
    .where("p.archived_at", "is", null)
    .select((eb) => [
      "p.id",
      "p.title",
      "p.description",
      "p.organisation_id as organisationId",
      "p.unit_id as unitId",
      "p.central_plan_id as centralPlanId",
      eb
        .selectFrom("action_plans as c")
        .whereRef("c.id", "=", "p.central_plan_id")
        .select("c.title")
        .as("centralTitle"),
      eb
        .or([
          eb.exists(eb.selectFrom("plan_offers as o").select("o.unit_id").whereRef("o.plan_id", "=", "p.id")),
          eb.exists(eb.selectFrom("action_plans as d").select("d.id").whereRef("d.central_plan_id", "=", "p.id")),
        ])
        .as("isCentral"),
      jsonArrayFrom(
        eb
          .selectFrom("board_columns as c")
          .whereRef("c.plan_id", "=", "p.id")
          .select(["c.id", "c.name", "c.is_done as isDone", "c.wip_limit as wipLimit"])
          .orderBy("c.position"),
      ).as("columns"),
      jsonArrayFrom(
        eb
          .selectFrom("focus_areas as f")
          .whereRef("f.plan_id", "=", "p.id")
          .select(["f.id", "f.name", "f.description", "f.priority"])
          .orderBy("f.position"),
      ).as("focusAreas"),
      jsonArrayFrom(
        eb
          .selectFrom("assignments as a")
          .whereRef("a.plan_id", "=", "p.id")
          .where("a.archived_at", "is", null)
          .groupBy(["a.column_id", "a.focus_area_id"])
          .select((count) => ["a.column_id as columnId", "a.focus_area_id as focusAreaId", count.fn.countAll<number>().as("count")]),
      ).as("cellCounts"),
      jsonArrayFrom(
        eb
          .selectFrom("working_groups as g")
          .where((where) =>
            where.exists(
              where
                .selectFrom("assignments as a")
                .whereRef("a.working_group_id", "=", "g.id")
                .whereRef("a.plan_id", "=", "p.id")
                .where("a.archived_at", "is", null),
            ),
          )
          .select(["g.id", "g.name"])
          .orderBy("g.name"),
      ).as("groups"),
      jsonArrayFrom(
        eb
          .selectFrom("people as person")
          .where((where) =>
            where.exists(
              where
                .selectFrom("assignment_responsibles as ar")
                .innerJoin("assignments as a", "a.id", "ar.assignment_id")
                .whereRef("ar.person_id", "=", "person.id")
                .whereRef("a.plan_id", "=", "p.id")
                .where("a.archived_at", "is", null),
            ),
          )
          .select(["person.id", "person.name"])
          .orderBy("person.name"),
      ).as("people"),
      eb
        .selectFrom("follows as w")
        .whereRef("w.plan_id", "=", "p.id")
        .where("w.person_id", "=", options.viewerId ?? "00000000-0000-0000-0000-000000000000")
        .select("w.id")
        .as("followId"),
      jsonObjectFrom(
        eb
          .selectFrom("assignments as o")
          .whereRef("o.plan_id", "=", "p.id")
          .where("o.id", "=", options.cardId ?? "00000000-0000-0000-0000-000000000000")
          .select(["o.column_id as columnId", "o.focus_area_id as focusAreaId"]),
      ).as("cardCell"),
      eb
        .selectFrom("assignments as o")
        .whereRef("o.plan_id", "=", "p.id")
        .where("o.id", "=", options.panelCardId ?? "00000000-0000-0000-0000-000000000000")
        .select("o.focus_area_id")
        .as("panelLane"),
    ])
    .executeTakeFirst();
  if (!plan) return null;
  const { cardCell, panelLane, ...board } = plan;
  // The lane of the cell opened in full: the board shows its cards wherever it is.
  const openLane = options.show?.focusAreaId ?? cardCell?.focusAreaId ?? null;
  const lanesWithCards = options.lanes?.({ ...board, openLane, panelLane: panelLane ?? null }) ?? null;

  const perCell = options.cardsPerCell ?? CARDS_PER_CELL;
  const filter = options.filter ?? {};
  const query = filter.query ?? null;
  const groupId = filter.groupId ?? null;
  const due = filter.due ?? null;
  const today = filter.today ?? calendarDateOf(new Date());
  const { rows } = await sql<CardRow>`
    ${PREPARED} with ranked as (
      select a.id, a.title, a.column_id, a.focus_area_id, a.position, a.due_on, a.column_entered_at,
        a.version, a.working_group_id, a.priority,
        row_number() over cell as rank,
        count(*) over (partition by a.column_id, a.focus_area_id) as cell_matches
      from assignments a
      where a.plan_id = ${planId}::uuid and a.archived_at is null
        and (${lanesWithCards}::uuid[] is null or a.focus_area_id = any(${lanesWithCards}::uuid[]))
        and (${query}::text is null or strpos(lower(a.title), lower(${query}::text)) > 0)
        and (${groupId}::text is null
          or (${groupId}::text = 'none' and a.working_group_id is null)
          or a.working_group_id::text = ${groupId}::text)
        and (${filter.personId ?? null}::uuid is null or exists (
          select 1 from assignment_responsibles ar where ar.assignment_id = a.id and ar.person_id = ${filter.personId ?? null}::uuid))
        and (${filter.focusAreaId ?? null}::uuid is null or a.focus_area_id = ${filter.focusAreaId ?? null}::uuid)
        and (${due}::text is null
          or (${due}::text = 'overdue' and a.due_on < ${today}::date
            and not exists (select 1 from board_columns c where c.id = a.column_id and c.is_done))
          or (${due}::text = 'month' and a.due_on >= date_trunc('month', ${today}::date)
            and a.due_on < date_trunc('month', ${today}::date) + interval '1 month'))
        and (${filter.mineOf ?? null}::uuid is null
          or exists (select 1 from assignment_responsibles ar where ar.assignment_id = a.id and ar.person_id = ${filter.mineOf ?? null}::uuid)
          or a.working_group_id in (select m.group_id from group_memberships m where m.person_id = ${filter.mineOf ?? null}::uuid))
      window cell as (partition by a.column_id, a.focus_area_id order by a.position)
    )
    select r.id, r.title, r.column_id as "columnId", r.focus_area_id as "focusAreaId", r.position,
      r.due_on as "dueOn", r.column_entered_at as "columnEnteredAt", r.version, r.priority,
      r.cell_matches::int as "cellMatches", g.id as "groupId", g.name as "groupName",
      coalesce((
        select json_agg(json_build_object('id', person.id, 'name', person.name) order by person.name, person.id)
        from assignment_responsibles ar join people person on person.id = ar.person_id
        where ar.assignment_id = r.id
      ), '[]') as responsibles,
      (select count(*) from comments c where c.assignment_id = r.id)::int as "commentCount"
    from ranked r
    left join working_groups g on g.id = r.working_group_id
    where r.rank <= ${perCell}
      or (r.column_id = ${options.show?.columnId ?? null}::uuid and r.focus_area_id = ${options.show?.focusAreaId ?? null}::uuid)
      or (r.column_id = ${cardCell?.columnId ?? null}::uuid and r.focus_area_id = ${cardCell?.focusAreaId ?? null}::uuid)
    order by r.position, r.id
  `.execute(db);

  const matchesByCell: Record<string, number> = {};
  const cards: BoardCard[] = rows.map((row) => {
    matchesByCell[`${row.columnId}|${row.focusAreaId}`] = row.cellMatches;
    return {
      id: row.id,
      title: row.title,
      columnId: row.columnId,
      focusAreaId: row.focusAreaId,
      position: row.position,
      dueOn: row.dueOn,
      columnEnteredAt: row.columnEnteredAt,
      version: row.version,
      priority: row.priority,
      group: row.groupId && row.groupName ? { id: row.groupId, name: row.groupName } : null,
      responsibles: row.responsibles,
      commentCount: row.commentCount,
    };
  });
  return { ...board, cards, matchesByCell, openLane, lanesWithCards };
}

export type Board = NonNullable<Awaited<ReturnType<typeof loadBoard>>>;
