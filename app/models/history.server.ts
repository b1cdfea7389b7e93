import type { Insertable } from "kysely";
import type { AssignmentEventTable, EventChanges, EventKind } from "../../db/schema";
import type { Db } from "~/utils/db.server";

export interface Place {
  columnId: string;
  columnName: string;
  focusAreaId: string;
  focusAreaName: string;
}

export interface HistoryEntry {
  assignmentId: string;
  planId: string;
  actor: { id: string; name: string };
  kind: EventKind;
  /** The assignment's version after the change. */
  version: number;
  from?: Place | null;
  to?: Place | null;
  changes?: EventChanges;
}

/** A history row: names are copied, so it stays readable after a column is renamed or removed. */
export function historyRow(entry: HistoryEntry): Insertable<AssignmentEventTable> {
  return {
    assignment_id: entry.assignmentId,
    plan_id: entry.planId,
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    kind: entry.kind,
    version: entry.version,
    from_column_id: entry.from?.columnId ?? null,
    from_column_name: entry.from?.columnName ?? null,
    from_focus_area_id: entry.from?.focusAreaId ?? null,
    from_focus_area_name: entry.from?.focusAreaName ?? null,
    to_column_id: entry.to?.columnId ?? null,
    to_column_name: entry.to?.columnName ?? null,
    to_focus_area_id: entry.to?.focusAreaId ?? null,
    to_focus_area_name: entry.to?.focusAreaName ?? null,
    changes: entry.changes ? JSON.stringify(entry.changes) : null,
  };
}

/** The first history entry of a new assignment (or a new copy of one): where it starts, at its first version. */
export function createdEntry(planId: string, actor: HistoryEntry["actor"], assignment: { id: string; version: number }, to: Place): HistoryEntry {
  return { assignmentId: assignment.id, planId, actor, kind: "created", version: assignment.version, to };
}

/** Appends history in one statement; call it with the transaction that makes the change. */
export async function recordHistory(db: Db, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insertInto("assignment_events").values(entries.map(historyRow)).execute();
}
