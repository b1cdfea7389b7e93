import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import type { IndicatorPeriod } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import { comparePeriods, parsePeriod, parseSwedishNumber, periodOf, type NumberProblem, type PeriodProblem } from "~/utils/indicator-input";
import { actsFor, can, type Actor } from "~/utils/permissions";
import { refusalOf, type RefusalStatus } from "./refusal.server";

export type IndicatorErrorCode = "not-found" | "forbidden" | "unit-invalid" | "link-invalid" | "period-locked";

const STATUS: Record<IndicatorErrorCode, RefusalStatus> = {
  "not-found": 404,
  forbidden: 403,
  "unit-invalid": 400,
  "link-invalid": 400,
  "period-locked": 409,
};

/** A refused change to an indicator or its values; the route answers it with `status` and an i18n message. */
export class IndicatorError extends refusalOf(STATUS) {}

export interface IndicatorFields {
  name: string;
  unitOfMeasure: string;
  higherIsBetter: boolean;
  period: IndicatorPeriod;
  target: number | null;
}

const indicatorColumns = [
  "i.id",
  "i.name",
  "i.unit_of_measure as unitOfMeasure",
  "i.higher_is_better as higherIsBetter",
  "i.period",
  sql<number | null>`i.target::float8`.as("target"),
] as const;

/** Defining indicators is for the organisation's strategic developers. */
function checkDefiner(actor: Actor) {
  if (!can(actor, "unit:manage", { organisationId: actor.organisationId, unitId: null })) throw new IndicatorError("forbidden");
}

/** The organisation's indicators, with what each is linked to and how many values it has. */
export async function listIndicators(db: Db, organisationId: string) {
  return db
    .selectFrom("indicators as i")
    .where("i.organisation_id", "=", organisationId)
    .select([
      ...indicatorColumns,
      sql<string[]>`coalesce((
        select array_agg(coalesce(p.title, f.name || ' (' || fp.title || ')') order by 1)
        from indicator_links l
        left join action_plans p on p.id = l.plan_id
        left join focus_areas f on f.id = l.focus_area_id
        left join action_plans fp on fp.id = f.plan_id
        where l.indicator_id = i.id
      ), '{}')`.as("linkedTo"),
      sql<number>`(select count(*)::int from indicator_values v where v.indicator_id = i.id)`.as("values"),
      sql<string | null>`(select max(v.period) from indicator_values v where v.indicator_id = i.id)`.as("latestPeriod"),
    ])
    .orderBy("i.name")
    .execute();
}

export async function findIndicatorOwner(db: Db, indicatorId: string) {
  return db.selectFrom("indicators").select(["id", "organisation_id as organisationId"]).where("id", "=", indicatorId).executeTakeFirst();
}

/** Whether the indicator is followed by month or by quarter: all a submitted period is checked against. */
export async function findIndicatorPeriod(db: Db, indicatorId: string): Promise<IndicatorPeriod | null> {
  const indicator = await db.selectFrom("indicators").select("period").where("id", "=", indicatorId).executeTakeFirst();
  return indicator?.period ?? null;
}

/** One indicator with its links and every value, by unit and period. */
export async function loadIndicator(db: Db, indicatorId: string) {
  const indicator = await db
    .selectFrom("indicators as i")
    .where("i.id", "=", indicatorId)
    .select([
      ...indicatorColumns,
      "i.organisation_id as organisationId",
      sql<Array<{ id: string; planId: string; title: string; focusArea: string | null }>>`coalesce((
        select json_agg(json_build_object('id', l.id, 'planId', coalesce(l.plan_id, f.plan_id), 'title', p.title, 'focusArea', f.name) order by p.title, f.name)
        from indicator_links l
        left join focus_areas f on f.id = l.focus_area_id
        join action_plans p on p.id = coalesce(l.plan_id, f.plan_id)
        where l.indicator_id = i.id
      ), '[]')`.as("links"),
      sql<ValueRow[]>`coalesce((
        select json_agg(json_build_object('unitId', v.unit_id, 'unitName', u.name, 'period', v.period, 'value', v.value::float8) order by u.name, v.period)
        from indicator_values v join units u on u.id = v.unit_id
        where v.indicator_id = i.id
      ), '[]')`.as("values"),
    ])
    .executeTakeFirst();
  return indicator ?? null;
}

interface ValueRow {
  unitId: string;
  unitName: string;
  period: string;
  value: number;
}

export async function createIndicator(db: Db, actor: Actor, fields: IndicatorFields) {
  checkDefiner(actor);
  return db
    .insertInto("indicators")
    .values({
      organisation_id: actor.organisationId,
      name: fields.name,
      unit_of_measure: fields.unitOfMeasure,
      higher_is_better: fields.higherIsBetter,
      period: fields.period,
      target: fields.target,
      created_by: actor.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Changes an indicator; its period (month or quarter) only while it has no values. */
export async function updateIndicator(db: Db, actor: Actor, indicatorId: string, fields: IndicatorFields) {
  checkDefiner(actor);
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("indicators").select(["period", "organisation_id"]).where("id", "=", indicatorId).forUpdate().executeTakeFirst();
    if (!current || current.organisation_id !== actor.organisationId) throw new IndicatorError("not-found");
    if (current.period !== fields.period) {
      const anyValue = await trx.selectFrom("indicator_values").select("period").where("indicator_id", "=", indicatorId).limit(1).executeTakeFirst();
      if (anyValue) throw new IndicatorError("period-locked");
    }
    await trx
      .updateTable("indicators")
      .set({ name: fields.name, unit_of_measure: fields.unitOfMeasure, higher_is_better: fields.higherIsBetter, period: fields.period, target: fields.target })
      .where("id", "=", indicatorId)
      .execute();
  });
}

/** Links an indicator to a plan or one of its focus areas (of the same organisation); linking twice changes nothing. */
export async function linkIndicator(db: Db, actor: Actor, indicatorId: string, target: { planId: string } | { focusAreaId: string }) {
  checkDefiner(actor);
  const owner = await db
    .selectFrom("action_plans as p")
    .select("p.organisation_id")
    .$if("planId" in target, (qb) => qb.where("p.id", "=", (target as { planId: string }).planId))
    .$if("focusAreaId" in target, (qb) =>
      qb.innerJoin("focus_areas as f", "f.plan_id", "p.id").where("f.id", "=", (target as { focusAreaId: string }).focusAreaId),
    )
    .executeTakeFirst();
  if (!owner || owner.organisation_id !== actor.organisationId) throw new IndicatorError("link-invalid");
  await db
    .insertInto("indicator_links")
    .values({ indicator_id: indicatorId, plan_id: "planId" in target ? target.planId : null, focus_area_id: "focusAreaId" in target ? target.focusAreaId : null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function unlinkIndicator(db: Db, actor: Actor, indicatorId: string, linkId: string) {
  checkDefiner(actor);
  await db.deleteFrom("indicator_links").where("id", "=", linkId).where("indicator_id", "=", indicatorId).execute();
}

async function checkUnit(db: Db, actor: Actor, unitId: string) {
  const unit = await db.selectFrom("units").select("id").where("id", "=", unitId).where("organisation_id", "=", actor.organisationId).executeTakeFirst();
  if (!unit) throw new IndicatorError("unit-invalid");
  if (!actsFor(actor, unitId) || actor.role !== "strategic_developer") throw new IndicatorError("forbidden");
}

/** Records (or corrects) one unit's value for one period. The period is checked by the caller's schema. */
export async function recordValue(db: Db, actor: Actor, indicatorId: string, entry: { unitId: string; period: string; value: number }) {
  await checkUnit(db, actor, entry.unitId);
  await db
    .insertInto("indicator_values")
    .values({ indicator_id: indicatorId, unit_id: entry.unitId, period: entry.period, value: entry.value, recorded_by: actor.id })
    .onConflict((oc) => oc.columns(["indicator_id", "unit_id", "period"]).doUpdateSet({ value: entry.value, recorded_by: actor.id, recorded_at: new Date() }))
    .execute();
}

export type CsvProblem =
  | { kind: "unreadable" }
  | { kind: "columns"; found: string[] }
  | { kind: "empty" }
  | { kind: "tooMany"; max: number }
  | { kind: "cell"; line: number; column: number; header: string; problem: NumberProblem | PeriodProblem | "unitUnknown" | "unitNotYours" | "duplicate" };

const HEADERS = {
  unit: ["enhet", "unit"],
  period: ["period"],
  value: ["värde", "varde", "value"],
} as const;
const MAX_ROWS = 10_000;
const MAX_PROBLEMS = 50;

/**
 * A spreadsheet of values for one indicator, in full or not at all: a header row naming the
 * columns enhet;period;värde (or unit,period,value), separated by semicolons, commas or tabs.
 * Every cell is checked before anything is written; the answer names each problem's line and
 * column (the first 50).
 */
export async function importIndicatorCsv(
  db: Db,
  actor: Actor,
  indicator: { id: string; period: IndicatorPeriod },
  text: string,
  today: string,
): Promise<{ ok: true; written: number } | { ok: false; problems: CsvProblem[] }> {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [";", "\t", ","].find((candidate) => firstLine.includes(candidate)) ?? ";";
  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][];
  } catch {
    return { ok: false, problems: [{ kind: "unreadable" }] };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ kind: "empty" }] };
  const names = header.map((name) => name.trim().toLowerCase());
  const at = {
    unit: names.findIndex((name) => (HEADERS.unit as readonly string[]).includes(name)),
    period: names.findIndex((name) => (HEADERS.period as readonly string[]).includes(name)),
    value: names.findIndex((name) => (HEADERS.value as readonly string[]).includes(name)),
  };
  if (names.length !== 3 || at.unit < 0 || at.period < 0 || at.value < 0) return { ok: false, problems: [{ kind: "columns", found: header }] };
  if (rows.length === 0) return { ok: false, problems: [{ kind: "empty" }] };
  if (rows.length > MAX_ROWS) return { ok: false, problems: [{ kind: "tooMany", max: MAX_ROWS }] };

  const units = await db.selectFrom("units").select(["id", "name"]).where("organisation_id", "=", actor.organisationId).execute();
  const unitByName = new Map(units.map((unit) => [unit.name.trim().toLowerCase(), unit.id]));
  const problems: CsvProblem[] = [];
  const entries: Array<{ unitId: string; period: string; value: number }> = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const line = index + 2;
    const cell = (column: number, problem: Extract<CsvProblem, { kind: "cell" }>["problem"]) =>
      problems.push({ kind: "cell", line, column: column + 1, header: header[column] ?? "", problem });
    const unitId = unitByName.get((row[at.unit] ?? "").trim().toLowerCase());
    if (!unitId) cell(at.unit, "unitUnknown");
    else if (!actsFor(actor, unitId) || actor.role !== "strategic_developer") cell(at.unit, "unitNotYours");
    const period = parsePeriod(row[at.period] ?? "", indicator.period, today);
    if (!period.ok) cell(at.period, period.problem);
    const value = parseSwedishNumber(row[at.value] ?? "");
    if (!value.ok) cell(at.value, value.problem);
    if (unitId && period.ok && value.ok) {
      const key = `${unitId}|${period.period}`;
      if (seen.has(key)) cell(at.period, "duplicate");
      seen.add(key);
      entries.push({ unitId, period: period.period, value: value.value });
    }
  });
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };

  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < entries.length; start += 1000) {
      await trx
        .insertInto("indicator_values")
        .values(entries.slice(start, start + 1000).map((entry) => ({ indicator_id: indicator.id, unit_id: entry.unitId, period: entry.period, value: entry.value, recorded_by: actor.id })))
        .onConflict((oc) =>
          oc.columns(["indicator_id", "unit_id", "period"]).doUpdateSet((eb) => ({
            value: eb.ref("excluded.value"),
            recorded_by: eb.ref("excluded.recorded_by"),
            recorded_at: new Date(),
          })),
        )
        .execute();
    }
  });
  return { ok: true, written: entries.length };
}

export interface IndicatorSeries {
  id: string;
  name: string;
  unitOfMeasure: string;
  higherIsBetter: boolean;
  period: IndicatorPeriod;
  target: number | null;
  /** Through which of the plan's focus areas it is linked; empty: to the plan itself. */
  focusAreas: string[];
  periods: string[];
  units: Array<{ id: string; name: string; values: Record<string, number> }>;
  /** Assignments finished per period, from the plans' history. */
  milestones: Record<string, string[]>;
}

/**
 * The indicators followed for a plan, each with its values per unit and the plan's milestones:
 * linked to the plan or its focus areas, or (for an adopted board) to its central plan and the
 * focus areas it took from there, then with its own unit's values only. A central plan's
 * milestones include its adopting boards'. Three statements.
 */
export async function indicatorsForPlan(db: Db, planId: string): Promise<IndicatorSeries[]> {
  const plan = await db.selectFrom("action_plans").select(["id", "unit_id", "central_plan_id"]).where("id", "=", planId).executeTakeFirst();
  if (!plan) return [];
  const linkedPlanIds = [plan.id, ...(plan.central_plan_id ? [plan.central_plan_id] : [])];
  const { rows } = await sql<{
    id: string;
    name: string;
    unit_of_measure: string;
    higher_is_better: boolean;
    period: IndicatorPeriod;
    target: number | null;
    focus_areas: string[];
    values: Array<{ unitId: string; unitName: string; period: string; value: number }>;
  }>`
    select i.id, i.name, i.unit_of_measure, i.higher_is_better, i.period, i.target::float8 as target,
      coalesce(array_agg(distinct f.name) filter (where f.name is not null), '{}') as focus_areas,
      coalesce((
        select json_agg(json_build_object('unitId', v.unit_id, 'unitName', u.name, 'period', v.period, 'value', v.value::float8) order by u.name, v.period)
        from indicator_values v join units u on u.id = v.unit_id
        where v.indicator_id = i.id and (${plan.central_plan_id}::uuid is null or v.unit_id = ${plan.unit_id}::uuid)
      ), '[]') as values
    from indicators i
    join indicator_links l on l.indicator_id = i.id
    left join focus_areas f on f.id = l.focus_area_id
    where l.plan_id in (${sql.join(linkedPlanIds)})
      or f.plan_id = ${plan.id}::uuid
      or f.id in (select origin_id from focus_areas where plan_id = ${plan.id}::uuid and origin_id is not null)
    group by i.id
    order by i.name
  `.execute(db);
  if (rows.length === 0) return [];

  const { rows: finished } = await sql<{ title: string; day: string }>`
    select a.title, to_char(min(e.occurred_at) at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as day
    from assignment_events e
    join board_columns c on c.id = e.to_column_id and c.is_done
    join assignments a on a.id = e.assignment_id
    where e.plan_id = ${plan.id}::uuid
      or e.plan_id in (select id from action_plans where central_plan_id = ${plan.id}::uuid and archived_at is null)
    group by a.id, a.title
  `.execute(db);

  return rows.map((row) => {
    const units = new Map<string, { id: string; name: string; values: Record<string, number> }>();
    for (const value of row.values) {
      const unit = units.get(value.unitId) ?? { id: value.unitId, name: value.unitName, values: {} };
      unit.values[value.period] = value.value;
      units.set(value.unitId, unit);
    }
    const milestones: Record<string, string[]> = {};
    for (const done of finished) (milestones[periodOf(done.day, row.period)] ??= []).push(done.title);
    const periods = [...new Set([...row.values.map((value) => value.period), ...Object.keys(milestones)])].sort(comparePeriods);
    return {
      id: row.id,
      name: row.name,
      unitOfMeasure: row.unit_of_measure,
      higherIsBetter: row.higher_is_better,
      period: row.period,
      target: row.target,
      focusAreas: row.focus_areas,
      periods,
      units: [...units.values()],
      milestones,
    };
  });
}

/** Every indicator of the organisation with all its values: for the organisation's monthly summary. */
export async function indicatorsForOrganisation(db: Db, organisationId: string): Promise<IndicatorSeries[]> {
  const rows = await db
    .selectFrom("indicators as i")
    .where("i.organisation_id", "=", organisationId)
    .select([
      ...indicatorColumns,
      sql<ValueRow[]>`coalesce((
        select json_agg(json_build_object('unitId', v.unit_id, 'unitName', u.name, 'period', v.period, 'value', v.value::float8) order by u.name, v.period)
        from indicator_values v join units u on u.id = v.unit_id
        where v.indicator_id = i.id
      ), '[]')`.as("values"),
    ])
    .orderBy("i.name")
    .execute();
  return rows.map(({ values, ...indicator }) => {
    const units = new Map<string, { id: string; name: string; values: Record<string, number> }>();
    for (const value of values) {
      const unit = units.get(value.unitId) ?? { id: value.unitId, name: value.unitName, values: {} };
      unit.values[value.period] = value.value;
      units.set(value.unitId, unit);
    }
    return { ...indicator, focusAreas: [], periods: [...new Set(values.map((value) => value.period))].sort(comparePeriods), units: [...units.values()], milestones: {} };
  });
}

export interface IndicatorChange {
  indicator: string;
  unitOfMeasure: string;
  unit: string;
  period: string;
  value: number;
  previousPeriod: string | null;
  change: number | null;
  /** Whether the change goes the way the indicator wants; null when there is none. */
  better: boolean | null;
}

/**
 * Each unit's latest value of each indicator up to the end of `month` (`YYYY-MM`), and its
 * change since the period before: what the monthly summary reports.
 */
export function latestChanges(series: IndicatorSeries[], month: string): IndicatorChange[] {
  return series.flatMap((indicator) =>
    indicator.units.flatMap((unit) => {
      const last = periodOf(`${month}-01`, indicator.period);
      const periods = Object.keys(unit.values).filter((period) => comparePeriods(period, last) <= 0).sort(comparePeriods);
      const latest = periods.at(-1);
      if (!latest) return [];
      const previous = periods.at(-2);
      const change = previous === undefined ? null : unit.values[latest]! - unit.values[previous]!;
      return [
        {
          indicator: indicator.name,
          unitOfMeasure: indicator.unitOfMeasure,
          unit: unit.name,
          period: latest,
          value: unit.values[latest]!,
          previousPeriod: previous ?? null,
          change,
          better: change === null || change === 0 ? null : (change > 0) === indicator.higherIsBetter,
        },
      ];
    }),
  );
}
