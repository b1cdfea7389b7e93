import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
//
// A server process remembers the sessions it has looked up (app/models/remembered-sessions.server.ts).
// Whatever a signed-in person is made of (the person, the session, their groups and the groups'
// dates, the units below theirs, the organisation) tells every process to forget them, from the
// database itself, so that no way of writing these tables can forget to. The channel and payload
// are the live events' (`planboard_live`, `actors-changed` in app/utils/live-events.server.ts).
const WATCHED: Array<{ table: string; inserts: boolean }> = [
  { table: "people", inserts: false },
  { table: "sessions", inserts: false },
  { table: "group_memberships", inserts: true },
  { table: "working_groups", inserts: false },
  { table: "units", inserts: true },
  { table: "organisations", inserts: false },
];

// Per row, and an update only when it changed the row, so that a statement that changes nothing
// (signing out a session already ended, setting a role a person has) tells nobody. PostgreSQL
// sends the same notification once per transaction, however many rows change.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function planboard_actors_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('planboard_live', '{"kind":"actors-changed"}');
      return null;
    end
    $$`.execute(db);
  for (const { table, inserts } of WATCHED) {
    await sql`create trigger ${sql.id(`${table}_actors_updated`)} after update on ${sql.id(table)}
      for each row when (old.* is distinct from new.*) execute function planboard_actors_changed()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_actors_changed`)} after ${sql.raw(inserts ? "insert or delete" : "delete")} on ${sql.id(table)}
      for each row execute function planboard_actors_changed()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_actors_truncated`)} after truncate on ${sql.id(table)}
      for each statement execute function planboard_actors_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of WATCHED) {
    for (const trigger of ["updated", "changed", "truncated"]) {
      await sql`drop trigger ${sql.id(`${table}_actors_${trigger}`)} on ${sql.id(table)}`.execute(db);
    }
  }
  await sql`drop function planboard_actors_changed()`.execute(db);
}
