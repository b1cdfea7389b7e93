import { sql } from "kysely";
import type { Db } from "./db.server";

/**
 * PGlite runs no autovacuum: every update leaves the row's old version behind, and a board's moves
 * then read through ever more of them (on a 1,000-card plan, the move loop fell from ~500 to ~290
 * moves/s over 10,000 moves; one VACUUM brought it back). The server does what autovacuum would
 * at its default settings: a table is vacuumed once its dead rows pass 50 + 20 % of its live rows
 * or its rows inserted since the last vacuum 1,000 + 20 %, and analysed once its changed rows since
 * the last analysis pass 50 + 10 % (decision 0027). It looks every 10 s, more often than
 * autovacuum's minute: under a full move load that is ~2,500 dead rows on that plan.
 */
const CHECK_EVERY_MS = 10_000;

/**
 * ANALYZE reads 300 rows per unit of statistics target, and on PGlite every request waits while it
 * runs. At PostgreSQL's default of 100 the history table's analysis took 24–161 ms as it grew from
 * 6,000 to 53,000 rows; at 10 it reads at most 3,000 rows and took 11–14 ms at any size.
 */
const STATISTICS_TARGET = 10;

export interface DueTable {
  table: string;
  vacuum: boolean;
  analyze: boolean;
}

/** The app's tables that autovacuum, at its default thresholds, would vacuum or analyse now. */
export async function tablesDueForVacuum(db: Db): Promise<DueTable[]> {
  const { rows } = await sql<DueTable>`
    select "table", "vacuum", "analyze" from (
      select relname as "table",
             n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup as "vacuum",
             n_mod_since_analyze > 50 + 0.1 * n_live_tup as "analyze",
             n_dead_tup
      from pg_stat_user_tables
      where schemaname = current_schema()
    ) tables
    where "vacuum" or "analyze"
    order by n_dead_tup desc, "table"`.execute(db);
  return rows;
}

/** Vacuums, analyses or both each table that is due, one statement each, so that requests run in between. */
export async function vacuumDueTables(db: Db): Promise<DueTable[]> {
  const due = await tablesDueForVacuum(db);
  if (due.some((each) => each.analyze)) await sql`set default_statistics_target = ${sql.lit(STATISTICS_TARGET)}`.execute(db);
  for (const { table, vacuum, analyze } of due) {
    if (vacuum && analyze) await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
    else if (vacuum) await sql`vacuum ${sql.table(table)}`.execute(db);
    else await sql`analyze ${sql.table(table)}`.execute(db);
  }
  return due;
}

/** Keeps an embedded database vacuumed, checking every `everyMs`, until the returned function is called. */
export function keepingVacuumed(db: Db, everyMs = CHECK_EVERY_MS): () => void {
  let vacuuming = false;
  const timer = setInterval(() => {
    if (vacuuming) return;
    vacuuming = true;
    vacuumDueTables(db)
      .catch((error: unknown) => console.error("Vacuuming the embedded database failed:", error))
      .finally(() => (vacuuming = false));
  }, everyMs).unref();
  return () => clearInterval(timer);
}
