import { sql } from "kysely";
import type { Db } from "~/utils/db.server";

interface MatrixUnit {
  id: string;
  name: string;
  adoptedPlanId: string | null;
  /** Central focus area id → the adopted board's copy of it. */
  focusAreaIds: Record<string, string>;
}

export interface MatrixCell {
  /** Cards per central column, in the columns' order; null where the unit has not taken the focus area. */
  counts: number[] | null;
  total: number;
  /** The unit's board narrowed to this focus area, where there is one. */
  href: string | null;
}

export interface CentralMatrix {
  plan: { id: string; title: string; organisationId: string; unitId: string | null };
  columns: Array<{ id: string; name: string; isDone: boolean }>;
  units: Array<{ id: string; name: string; adoptedPlanId: string | null }>;
  /** One row per central focus area, and a last one (id null) for the focus areas units added themselves. */
  rows: Array<{ focusAreaId: string | null; name: string | null; cells: MatrixCell[] }>;
}

/**
 * Focus area × unit for a central plan: each adopting unit's open cards counted by the central
 * column their column was copied from, in two statements whatever the number of units and cards.
 * A column a unit added itself counts as the nearest copied column before it (the first, if none).
 */
export async function loadCentralMatrix(db: Db, centralPlanId: string): Promise<CentralMatrix | null> {
  const plan = await db
    .selectFrom("action_plans as p")
    .where("p.id", "=", centralPlanId)
    .where("p.central_plan_id", "is", null)
    .select([
      "p.id",
      "p.title",
      "p.organisation_id as organisationId",
      "p.unit_id as unitId",
      sql<CentralMatrix["columns"]>`(
        select coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'isDone', c.is_done) order by c.position), '[]')
        from board_columns c where c.plan_id = p.id
      )`.as("columns"),
      sql<Array<{ id: string; name: string }>>`(
        select coalesce(json_agg(json_build_object('id', f.id, 'name', f.name) order by f.position), '[]')
        from focus_areas f where f.plan_id = p.id
      )`.as("focusAreas"),
      sql<MatrixUnit[]>`(
        select coalesce(json_agg(x order by x.name, x.id), '[]') from (
          select u.id, u.name, a.id as "adoptedPlanId",
            (select coalesce(json_object_agg(l.origin_id, l.id), '{}') from focus_areas l where l.plan_id = a.id and l.origin_id is not null) as "focusAreaIds"
          from units u
          left join action_plans a on a.unit_id = u.id and a.central_plan_id = p.id and a.archived_at is null
          where a.id is not null or exists (select 1 from plan_offers o where o.plan_id = p.id and o.unit_id = u.id)
        ) x
      )`.as("units"),
    ])
    .executeTakeFirst();
  if (!plan) return null;

  const { rows: counts } = await sql<{ unit_id: string; focus_area_id: string | null; column_id: string | null; n: number }>`
    with adopted as (
      select id, unit_id from action_plans where central_plan_id = ${centralPlanId} and archived_at is null
    ), column_origin as (
      select lc.id, (
        select c.origin_id from board_columns c
        where c.plan_id = lc.plan_id and c.origin_id is not null and c.position <= lc.position
        order by c.position desc limit 1
      ) as origin_id
      from board_columns lc where lc.plan_id in (select id from adopted)
    )
    select ad.unit_id, f.origin_id as focus_area_id, co.origin_id as column_id, count(*)::int as n
    from adopted ad
    join assignments a on a.plan_id = ad.id and a.archived_at is null
    join focus_areas f on f.id = a.focus_area_id
    join column_origin co on co.id = a.column_id
    group by 1, 2, 3
  `.execute(db);

  const columnIndex = new Map(plan.columns.map((column, index) => [column.id, index]));
  const focusAreaIds = new Set(plan.focusAreas.map((area) => area.id));
  const tally = new Map<string, number[]>();
  for (const row of counts) {
    const area = row.focus_area_id !== null && focusAreaIds.has(row.focus_area_id) ? row.focus_area_id : "own";
    const key = `${row.unit_id}:${area}`;
    const cell = tally.get(key) ?? plan.columns.map(() => 0);
    cell[columnIndex.get(row.column_id ?? "") ?? 0]! += row.n;
    tally.set(key, cell);
  }

  const cellOf = (unit: MatrixUnit, focusAreaId: string | null): MatrixCell => {
    const localId = focusAreaId === null ? null : unit.focusAreaIds[focusAreaId];
    const taken = unit.adoptedPlanId !== null && (focusAreaId === null || localId !== undefined);
    const counts = taken ? tally.get(`${unit.id}:${focusAreaId ?? "own"}`) ?? plan.columns.map(() => 0) : null;
    const href =
      unit.adoptedPlanId === null ? null : localId ? `/plans/${unit.adoptedPlanId}?${new URLSearchParams({ area: localId })}` : `/plans/${unit.adoptedPlanId}`;
    return { counts, total: counts?.reduce((sum, n) => sum + n, 0) ?? 0, href: taken ? href : null };
  };

  return {
    plan: { id: plan.id, title: plan.title, organisationId: plan.organisationId, unitId: plan.unitId },
    columns: plan.columns,
    units: plan.units.map(({ id, name, adoptedPlanId }) => ({ id, name, adoptedPlanId })),
    rows: [
      ...plan.focusAreas.map((area) => ({ focusAreaId: area.id, name: area.name, cells: plan.units.map((unit) => cellOf(unit, area.id)) })),
      { focusAreaId: null, name: null, cells: plan.units.map((unit) => cellOf(unit, null)) },
    ],
  };
}
