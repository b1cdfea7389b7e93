import { randomUUID } from "node:crypto";
import { generateNKeysBetween } from "fractional-indexing";
import type { Insertable } from "kysely";
import type { AssignmentEventTable } from "../../db/schema";
import type { Db } from "~/utils/db.server";
import type { Resources } from "~/locales/sv";
import { findUpload } from "./import-upload.server";
import { DEFAULT_FOCUS_AREA } from "./plan.server";
import { listPeople } from "./person.server";
import {
  defaultTrelloMapping,
  planTrelloImport,
  readTrelloExport,
  type ImportPlan,
  type ImportWords,
  type PlannedEvent,
  type TrelloMapping,
  type TrelloPreview,
} from "./trello-import.server";

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table (events). */
const ROWS_PER_STATEMENT = 1000;

export interface ImportProgress {
  written: number;
  total: number;
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await insert(rows.slice(start, start + ROWS_PER_STATEMENT));
}

/**
 * Writes an import plan as a new action plan of `organisationId`, all in one transaction: the
 * plan, its columns and focus areas, its assignments with their people, comments and history at
 * their original dates. Nothing is written if any of it fails.
 */
export async function writeImportedPlan(
  db: Db,
  importer: { id: string; organisationId: string },
  plan: ImportPlan,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<{ planId: string }> {
  const total = plan.assignments.length;
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto("action_plans")
      .values({ organisation_id: importer.organisationId, title: plan.title, description: plan.description, created_by: importer.id, source: plan.source })
      .returning("id")
      .executeTakeFirstOrThrow();
    const planId = created.id;

    const columnIds = new Map(plan.columns.map((column) => [column.key, randomUUID()]));
    const columnKeys = generateNKeysBetween(null, null, plan.columns.length);
    await trx
      .insertInto("board_columns")
      .values(plan.columns.map((column, index) => ({ id: columnIds.get(column.key)!, plan_id: planId, name: column.name, is_done: column.isDone, position: columnKeys[index]! })))
      .execute();
    const focusAreaIds = new Map(plan.focusAreas.map((area) => [area.key, randomUUID()]));
    const focusAreaKeys = generateNKeysBetween(null, null, plan.focusAreas.length);
    await trx
      .insertInto("focus_areas")
      .values(plan.focusAreas.map((area, index) => ({ id: focusAreaIds.get(area.key)!, plan_id: planId, name: area.name, position: focusAreaKeys[index]! })))
      .execute();
    const focusAreaNames = new Map(plan.focusAreas.map((area) => [area.key, area.name]));

    // Each cell's cards in the plan's order.
    const cells = new Map<string, number>();
    for (const assignment of plan.assignments) {
      const cell = `${assignment.columnKey}|${assignment.focusAreaKey}`;
      cells.set(cell, (cells.get(cell) ?? 0) + 1);
    }
    const cellKeys = new Map([...cells].map(([cell, count]) => [cell, generateNKeysBetween(null, null, count)]));
    const used = new Map<string, number>();

    const ids = plan.assignments.map(() => randomUUID());
    const assignmentRows = plan.assignments.map((assignment, index) => {
      const cell = `${assignment.columnKey}|${assignment.focusAreaKey}`;
      const slot = used.get(cell) ?? 0;
      used.set(cell, slot + 1);
      const lastEvent = assignment.events[assignment.events.length - 1]!;
      const archivedAt = assignment.archived ? ([...assignment.events].reverse().find((event) => event.kind === "archived")?.occurredAt ?? lastEvent.occurredAt) : null;
      return {
        id: ids[index]!,
        plan_id: planId,
        focus_area_id: focusAreaIds.get(assignment.focusAreaKey)!,
        column_id: columnIds.get(assignment.columnKey)!,
        position: cellKeys.get(cell)![slot]!,
        title: assignment.title,
        description: assignment.description,
        due_on: assignment.dueOn,
        archived_at: archivedAt,
        version: assignment.events.length,
        column_entered_at: assignment.columnEnteredAt,
        created_by: assignment.events[0]?.actorPersonId ?? null,
        created_at: assignment.createdAt,
        updated_at: lastEvent.occurredAt,
      };
    });
    let written = 0;
    await insertInBatches(assignmentRows, async (batch) => {
      await trx.insertInto("assignments").values(batch).execute();
      written += batch.length;
      onProgress({ written, total });
    });

    const responsibles = plan.assignments.flatMap((assignment, index) => assignment.responsibleIds.map((personId) => ({ assignment_id: ids[index]!, person_id: personId })));
    await insertInBatches(responsibles, (batch) => trx.insertInto("assignment_responsibles").values(batch).execute());

    const place = (reference: PlannedEvent["toColumn"], focusArea: string | null, areaKey: string) =>
      reference
        ? {
            columnId: reference.key ? (columnIds.get(reference.key) ?? null) : null,
            columnName: reference.name,
            focusAreaId: focusAreaIds.get(areaKey) ?? null,
            focusAreaName: focusArea ?? focusAreaNames.get(areaKey) ?? null,
          }
        : null;
    const events: Array<Insertable<AssignmentEventTable>> = plan.assignments.flatMap((assignment, index) =>
      assignment.events.map((event, eventIndex) => {
        const from = place(event.fromColumn, event.focusArea, assignment.focusAreaKey);
        const to = place(event.toColumn, event.focusArea, assignment.focusAreaKey);
        return {
          assignment_id: ids[index]!,
          plan_id: planId,
          actor_id: event.actorPersonId,
          actor_name: event.actorName,
          kind: event.kind,
          version: eventIndex + 1,
          from_column_id: from?.columnId ?? null,
          from_column_name: from?.columnName ?? null,
          from_focus_area_id: from?.focusAreaId ?? null,
          from_focus_area_name: from?.focusAreaName ?? null,
          to_column_id: to?.columnId ?? null,
          to_column_name: to?.columnName ?? null,
          to_focus_area_id: to?.focusAreaId ?? null,
          to_focus_area_name: to?.focusAreaName ?? null,
          occurred_at: event.occurredAt,
        };
      }),
    );
    await insertInBatches(events, (batch) => trx.insertInto("assignment_events").values(batch).execute());

    const comments = plan.assignments.flatMap((assignment, index) =>
      assignment.comments.map((comment) => ({
        assignment_id: ids[index]!,
        author_id: comment.authorPersonId,
        author_name: comment.authorName,
        body: comment.body,
        created_at: comment.createdAt,
      })),
    );
    await insertInBatches(comments, (batch) => trx.insertInto("comments").values(batch).execute());
    return { planId };
  });
}

/** The organisation's plans imported from `source` before (a second import of the same board is not made by accident). */
export function plansImportedFrom(db: Db, organisationId: string, source: string) {
  return db
    .selectFrom("action_plans")
    .where("organisation_id", "=", organisationId)
    .where("source", "=", source)
    .select(["id", "title", "archived_at as archivedAt", "created_at as createdAt"])
    .orderBy("created_at")
    .execute();
}

/** The words an import writes where the export has none, in a language's strings. */
export function importWords(resources: Resources): ImportWords {
  return { ...resources.import.words, singleFocusArea: DEFAULT_FOCUS_AREA };
}

/** The mapping as the preview's form sends it; checked against the board and the organisation. */
export interface MappingChoice {
  closedLists: TrelloMapping["closedLists"];
  focusAreas: TrelloMapping["focusAreas"];
  done: string[];
  person: Record<string, string | undefined>;
}

export type PreparedImport =
  | { status: "gone" }
  | { status: "invalid" }
  | {
      status: "ready";
      fileName: string;
      preview: TrelloPreview;
      people: Array<{ id: string; name: string }>;
      importedBefore: Awaited<ReturnType<typeof plansImportedFrom>>;
    };

/**
 * A person's upload, planned under their choices (or the default mapping): what its preview shows
 * and what its import writes. Choices naming a list or member the board lacks, or a person not
 * active in the organisation, are invalid.
 */
export async function prepareTrelloImport(
  db: Db,
  owner: { id: string; organisationId: string },
  uploadId: string,
  words: ImportWords,
  choice: MappingChoice | null,
): Promise<PreparedImport> {
  const upload = await findUpload(db, owner, uploadId);
  if (!upload) return { status: "gone" };
  const read = readTrelloExport(upload.body);
  if (!read.ok) return { status: "gone" };
  const board = read.board;
  const people = (await listPeople(db, owner.organisationId)).filter((person) => person.deactivatedAt === null);
  let mapping = defaultTrelloMapping(board, people);
  if (choice) {
    const listIds = new Set(board.lists.map((list) => list.id));
    const memberIds = new Set(board.members.map((member) => member.id));
    const personIds = new Set(people.map((person) => person.id));
    const chosenPeople = Object.entries(choice.person);
    if (
      !choice.done.every((id) => listIds.has(id)) ||
      !chosenPeople.every(([memberId, personId]) => memberIds.has(memberId) && (personId === undefined || personIds.has(personId)))
    ) {
      return { status: "invalid" };
    }
    mapping = {
      closedLists: choice.closedLists,
      focusAreas: choice.focusAreas,
      doneListIds: choice.done,
      people: Object.fromEntries(board.members.map((member) => [member.id, choice.person[member.id] ?? null])),
    };
  }
  return {
    status: "ready",
    fileName: upload.fileName,
    preview: planTrelloImport(board, mapping, words, new Date()),
    people: people.map((person) => ({ id: person.id, name: person.name })),
    importedBefore: await plansImportedFrom(db, owner.organisationId, `trello:${board.id}`),
  };
}
