import { sql, type Kysely } from "kysely";

// Frozen once landed: later changes go in a new migration.
export async function up(db: Kysely<any>): Promise<void> {
  // The demo seed wrote a changed due date as `due_on` where the app writes `dueOn`, so the
  // activity feed showed the raw column name. Rename the key in the rows already written.
  await sql`
    update assignment_events
    set changes = (changes - 'due_on') || jsonb_build_object('dueOn', changes -> 'due_on')
    where changes ? 'due_on'
  `.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: `dueOn` is the name the app has always written.
}
