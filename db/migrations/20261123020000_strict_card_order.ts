import { sql, type Kysely } from "kysely";

// Two cards in one cell never share an ordering key: concurrent moves into the same gap
// collide here and the loser retries with a fresh view, instead of leaving a tie.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unique index assignments_cell_position_key
    on assignments (column_id, focus_area_id, position)
    where archived_at is null
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("assignments_cell_position_key").execute();
}
