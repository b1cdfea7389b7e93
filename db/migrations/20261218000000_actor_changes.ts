import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
//
// A server process remembers the sessions it has looked up (app/models/remembered-sessions.server.ts).
// Whatever a signed-in person is made of (the person, the session, their groups and the groups'
// dates, the units below theirs, the organisation) tells every process to forget them, from the
// database itself, so that no way of writing these tables can forget to. The channel and payload
// are the live events' (`planboard_live`, `actors-changed` in app/utils/live-events.server.ts).
const WATCHED: Array<{ table: string; events: string }> = [
  { table: "people", events: "update or delete or truncate" },
  { table: "sessions", events: "update or delete or truncate" },
  { table: "group_memberships", events: "insert or update or delete or truncate" },
  { table: "working_groups", events: "update or delete or truncate" },
  { table: "units", events: "insert or update or delete or truncate" },
  { table: "organisations", events: "update or delete or truncate" },
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function planboard_actors_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('planboard_live', '{"kind":"actors-changed"}');
      return null;
    end
    $$`.execute(db);
  for (const { table, events } of WATCHED) {
    await sql`create trigger ${sql.id(`${table}_actors_changed`)} after ${sql.raw(events)} on ${sql.id(table)}
      for each statement execute function planboard_actors_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of WATCHED) await sql`drop trigger ${sql.id(`${table}_actors_changed`)} on ${sql.id(table)}`.execute(db);
  await sql`drop function planboard_actors_changed()`.execute(db);
}
