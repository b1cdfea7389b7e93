import { sql } from "kysely";
import type { Db } from "./db.server";

/**
 * PGlite runs no autovacuum: every update leaves the row's old version behind, and a board's moves
 * then read through ever more of them (on a 1,000-card plan, the move loop fell from ~500 to ~290
 * moves/s over 10,000 moves; one VACUUM brought it back). The server does what autovacuum would
 * at its default settings: a table is vacuumed once its dead rows pass 50 + 20 % of its live rows,
 * or its changed rows since the last analysis 50 + 10 % (decision 0027). It looks every 10 s, more
 * often than autovacuum's minute: under a full move load that is ~2,500 dead rows on that plan.
 */
const CHECK_EVERY_MS = 10_000;

/** The app's tables that autovacuum, at its default thresholds, would vacuum or analyse now. */
export async function tablesDueForVacuum(db: Db): Promise<string[]> {
  const { rows } = await sql<{ table: string }>`
    select relname as "table" from pg_stat_user_tables
    where schemaname = current_schema()
      and (n_dead_tup > 50 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup)
    order by n_dead_tup desc, relname`.execute(db);
  return rows.map((row) => row.table);
}

/** Vacuums and analyses each table that is due, one statement each, so that requests run in between. */
export async function vacuumDueTables(db: Db): Promise<string[]> {
  const due = await tablesDueForVacuum(db);
  for (const table of due) await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
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
