import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
//
// A server process remembers the sessions it has looked up (app/models/remembered-sessions.server.ts).
// Whatever a signed-in person is made of (the person, the session, their groups and the groups'
// dates, the units below theirs, the organisation) tells every process to forget them, from the
// database itself, so that no way of writing these tables can forget to. The channel and payload
// are the live events' (`planboard_live`, `actors-changed` in app/utils/live-events.server.ts).
const WATCHED: Array<{ table: string; rows: string }> = [
  { table: "people", rows: "update or delete" },
  { table: "sessions", rows: "update or delete" },
  { table: "group_memberships", rows: "insert or update or delete" },
  { table: "working_groups", rows: "update or delete" },
  { table: "units", rows: "insert or update or delete" },
  { table: "organisations", rows: "update or delete" },
];

// Per row, so that a statement that changes nothing (signing out a session already ended) tells
// nobody; PostgreSQL sends the same notification once per transaction however many rows change.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function planboard_actors_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('planboard_live', '{"kind":"actors-changed"}');
      return null;
    end
    $$`.execute(db);
  for (const { table, rows } of WATCHED) {
    await sql`create trigger ${sql.id(`${table}_actors_changed`)} after ${sql.raw(rows)} on ${sql.id(table)}
      for each row execute function planboard_actors_changed()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_actors_truncated`)} after truncate on ${sql.id(table)}
      for each statement execute function planboard_actors_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of WATCHED) {
    await sql`drop trigger ${sql.id(`${table}_actors_changed`)} on ${sql.id(table)}`.execute(db);
    await sql`drop trigger ${sql.id(`${table}_actors_truncated`)} on ${sql.id(table)}`.execute(db);
  }
  await sql`drop function planboard_actors_changed()`.execute(db);
}
