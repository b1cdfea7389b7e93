import { sql, type RawBuilder } from "kysely";
import type { Db } from "~/utils/db.server";

/**
 * The periods each card spent in a column, from its history: each created, moved or restored
 * event starts a period in its `to` column that lasts until the card's next such event (or its
 * archiving, or `now`). Archived time belongs to no column. Reordering within a column splits a
 * period in two; sums per column are unaffected.
 */
function columnPeriods(scope: RawBuilder<unknown>, now: Date) {
  return sql`
    periods as (
      select e.assignment_id, e.plan_id, e.kind, e.to_column_id as column_id, e.to_column_name as column_name,
        e.occurred_at as started_at,
        least(coalesce(lead(e.occurred_at) over (partition by e.assignment_id order by e.occurred_at, e.id), ${now}::timestamptz), ${now}::timestamptz) as ended_at
      from assignment_events e
      where e.kind in ('created', 'moved', 'archived', 'restored') and (${scope})
    ),
    column_time as (
      select * from periods where kind <> 'archived' and ended_at > started_at
    )
  `;
}

export interface ColumnTime {
  columnId: string | null;
  columnName: string;
  calendarDays: number;
  workingDays: number;
}

/**
 * Time an assignment has spent in each column, in calendar days and in working days (Monday to
 * Friday, Stockholm time), in the order it first entered them. A renamed column counts as one,
 * under its current name; a removed one keeps the name it last had.
 */
export async function timeInColumns(db: Db, assignmentId: string, now = new Date()): Promise<ColumnTime[]> {
  const { rows } = await sql<ColumnTime>`
    with ${columnPeriods(sql`e.assignment_id = ${assignmentId}::uuid`, now)}
    select t.column_id as "columnId",
      coalesce(max(c.name), (array_agg(t.column_name order by t.started_at desc))[1]) as "columnName",
      sum(extract(epoch from t.ended_at - t.started_at) / 86400)::double precision as "calendarDays",
      sum(planboard_weekday_days(t.ended_at) - planboard_weekday_days(t.started_at))::double precision as "workingDays"
    from column_time t
    left join board_columns c on c.id = t.column_id
    group by t.column_id, case when t.column_id is null then t.column_name end
    order by min(t.started_at)
  `.execute(db);
  return rows.map((row) => ({ ...row, calendarDays: Number(row.calendarDays), workingDays: Number(row.workingDays) }));
}

/** A month as `YYYY-MM`; its bounds are taken in Stockholm time. */
export type Month = string;

export type SummaryCategory = "added" | "started" | "moved" | "finished" | "archived" | "stalled";

export interface SummaryRow {
  month: Month;
  category: SummaryCategory;
  planId: string;
  planTitle: string;
  focusAreaName: string;
  assignmentId: string;
  title: string;
  groupName: string | null;
  columnName: string;
}

/**
 * What happened in each month of a range, for one plan or all of an organisation's plans, in
 * one statement: assignments added, started (left their plan's first column), moved, finished
 * (entered a done column), archived, and stalled (open at the month's end, or now, with no
 * movement for `stalledWeeks` weeks). Cards are listed under their current focus area and group.
 */
export async function summaryRows(
  db: Db,
  scope: { organisationId: string; planId?: string },
  months: { first: Month; last: Month },
  stalledWeeks: number,
  now = new Date(),
): Promise<SummaryRow[]> {
  const { rows } = await sql<SummaryRow>`
    with months as (
      select to_char(m, 'YYYY-MM') as month,
        (m::timestamp at time zone 'Europe/Stockholm') as starts_at,
        least(((m + interval '1 month')::timestamp at time zone 'Europe/Stockholm'), ${now}::timestamptz) as ends_at
      from generate_series(${`${months.first}-01`}::date, ${`${months.last}-01`}::date, interval '1 month') m
    ),
    plans as (
      select id, title from action_plans
      where organisation_id = ${scope.organisationId}::uuid and (${scope.planId ?? null}::uuid is null or id = ${scope.planId ?? null}::uuid)
    ),
    first_columns as (
      select distinct on (plan_id) plan_id, id from board_columns where plan_id in (select id from plans) order by plan_id, position
    ),
    events as (
      select e.*, m.month, done_to.is_done as to_done, done_from.is_done as from_done, f.id as first_column_id
      from assignment_events e
      join months m on e.occurred_at >= m.starts_at and e.occurred_at < m.ends_at
      join first_columns f on f.plan_id = e.plan_id
      left join board_columns done_to on done_to.id = e.to_column_id
      left join board_columns done_from on done_from.id = e.from_column_id
      where e.plan_id in (select id from plans)
    ),
    happened as (
      select distinct month, 'added' as category, assignment_id from events where kind = 'created'
      union
      select distinct month, 'started', assignment_id from events
        where kind = 'moved' and from_column_id = first_column_id and to_column_id is distinct from first_column_id
      union
      select distinct month, 'moved', assignment_id from events where kind = 'moved' and from_column_id is distinct from to_column_id
      union
      select distinct month, 'finished', assignment_id from events where kind = 'moved' and to_done and not coalesce(from_done, false)
      union
      select distinct month, 'archived', assignment_id from events where kind = 'archived'
    ),
    state_at_month_end as (
      select m.month, m.ends_at, last.assignment_id, last.kind, last.to_column_id, last.moved_at
      from months m
      cross join lateral (
        select distinct on (e.assignment_id) e.assignment_id, e.kind, e.to_column_id,
          max(e.occurred_at) filter (where e.kind in ('created', 'moved', 'restored')) over (partition by e.assignment_id) as moved_at
        from assignment_events e
        where e.plan_id in (select id from plans) and e.occurred_at < m.ends_at and e.kind in ('created', 'moved', 'archived', 'restored')
        order by e.assignment_id, e.occurred_at desc, e.id desc
      ) last
    ),
    stalled as (
      select s.month, 'stalled' as category, s.assignment_id
      from state_at_month_end s
      left join board_columns c on c.id = s.to_column_id
      where s.kind <> 'archived' and not coalesce(c.is_done, false)
        and s.moved_at < s.ends_at - make_interval(weeks => ${stalledWeeks})
    ),
    listed as (select * from happened union all select * from stalled)
    select l.month, l.category, p.id as "planId", p.title as "planTitle", f.name as "focusAreaName",
      a.id as "assignmentId", a.title, g.name as "groupName", c.name as "columnName"
    from listed l
    join assignments a on a.id = l.assignment_id
    join plans p on p.id = a.plan_id
    join focus_areas f on f.id = a.focus_area_id
    join board_columns c on c.id = a.column_id
    left join working_groups g on g.id = a.working_group_id
    order by l.month, p.title, f.position, l.category, a.title
  `.execute(db);
  return rows;
}

export interface FlowPeriod {
  /** Calendar dates in Stockholm, both included. */
  from: string;
  to: string;
}

const periodStart = (period: FlowPeriod) => sql`(${period.from}::date::timestamp at time zone 'Europe/Stockholm')`;
const periodEnd = (period: FlowPeriod) => sql`((${period.to}::date + 1)::timestamp at time zone 'Europe/Stockholm')`;

/** How many cards stood in each column at the end of each day of the period: a cumulative flow diagram. */
export async function cumulativeFlow(db: Db, planId: string, period: FlowPeriod, now = new Date()) {
  const { rows } = await sql<{ day: string; columnKey: string; count: number }>`
    with ${columnPeriods(sql`e.plan_id = ${planId}::uuid`, now)},
    days as (
      select to_char(d, 'YYYY-MM-DD') as day,
        least(((d + interval '1 day')::timestamp at time zone 'Europe/Stockholm'), ${now}::timestamptz - interval '1 millisecond') as instant
      from generate_series(${period.from}::date, ${period.to}::date, interval '1 day') d
    )
    select d.day, coalesce(t.column_id::text, t.column_name) as "columnKey", count(*)::int as count
    from days d
    join column_time t on t.started_at <= d.instant and t.ended_at > d.instant
    group by d.day, "columnKey"
    order by d.day
  `.execute(db);
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export interface LeadTime {
  assignmentId: string;
  title: string;
  createdAt: Date;
  startedAt: Date | null;
  doneAt: Date;
  leadDays: number;
  cycleDays: number | null;
}

/**
 * Lead time (created → done) and cycle time (first move out of the plan's first column → done)
 * of the cards that are done and reached their done column within the period, with median and
 * 85th percentile. Done means in a done column now; done_at is its latest entry there.
 */
export async function leadAndCycleTimes(db: Db, planId: string, period: FlowPeriod) {
  const { rows } = await sql<
    LeadTime & { leadMedian: number | null; leadP85: number | null; cycleMedian: number | null; cycleP85: number | null }
  >`
    with first_column as (
      select id from board_columns where plan_id = ${planId}::uuid order by position limit 1
    ),
    cards as (
      select a.id as "assignmentId", a.title,
        (select min(e.occurred_at) from assignment_events e where e.assignment_id = a.id and e.kind = 'created') as "createdAt",
        (select min(e.occurred_at) from assignment_events e
          where e.assignment_id = a.id and e.kind in ('created', 'moved')
            and e.to_column_id is distinct from (select id from first_column)) as "startedAt",
        (select max(e.occurred_at) from assignment_events e
          join board_columns c on c.id = e.to_column_id
          where e.assignment_id = a.id and e.kind = 'moved' and c.is_done and e.from_column_id is distinct from e.to_column_id) as "doneAt"
      from assignments a
      join board_columns current_column on current_column.id = a.column_id
      where a.plan_id = ${planId}::uuid and a.archived_at is null and current_column.is_done
    ),
    finished as (
      select *, extract(epoch from "doneAt" - "createdAt") / 86400 as "leadDays",
        extract(epoch from "doneAt" - "startedAt") / 86400 as "cycleDays"
      from cards
      where "doneAt" >= ${periodStart(period)} and "doneAt" < ${periodEnd(period)} and "createdAt" is not null
    ),
    stats as (
      select percentile_cont(0.5) within group (order by "leadDays") as "leadMedian",
        percentile_cont(0.85) within group (order by "leadDays") as "leadP85",
        percentile_cont(0.5) within group (order by "cycleDays") as "cycleMedian",
        percentile_cont(0.85) within group (order by "cycleDays") as "cycleP85"
      from finished
    )
    select finished.*, stats.* from stats left join finished on true
    order by finished."leadDays" desc nulls last
  `.execute(db);
  const first = rows[0];
  const number = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return {
    cards: rows
      .filter((row) => row.assignmentId !== null)
      .map((row) => ({
        assignmentId: row.assignmentId,
        title: row.title,
        createdAt: row.createdAt,
        startedAt: row.startedAt,
        doneAt: row.doneAt,
        leadDays: Number(row.leadDays),
        cycleDays: number(row.cycleDays),
      })),
    lead: { median: number(first?.leadMedian), p85: number(first?.leadP85) },
    cycle: { median: number(first?.cycleMedian), p85: number(first?.cycleP85) },
  };
}

/**
 * How long cards stay in each column: per column, the median, 85th percentile and longest total
 * time of the cards that were in it during the period.
 */
export async function timeInColumnDistribution(db: Db, planId: string, period: FlowPeriod, now = new Date()) {
  const { rows } = await sql<{ columnKey: string; cards: number; median: number; p85: number; longest: number }>`
    with ${columnPeriods(sql`e.plan_id = ${planId}::uuid`, now)},
    per_card as (
      select assignment_id, coalesce(column_id::text, column_name) as column_key,
        sum(extract(epoch from ended_at - started_at) / 86400) as days
      from column_time
      where started_at < ${periodEnd(period)} and ended_at > ${periodStart(period)}
      group by assignment_id, column_key
    )
    select column_key as "columnKey", count(*)::int as cards,
      percentile_cont(0.5) within group (order by days) as median,
      percentile_cont(0.85) within group (order by days) as p85,
      max(days) as longest
    from per_card
    group by column_key
  `.execute(db);
  return rows.map((row) => ({
    columnKey: row.columnKey,
    cards: Number(row.cards),
    median: Number(row.median),
    p85: Number(row.p85),
    longest: Number(row.longest),
  }));
}
