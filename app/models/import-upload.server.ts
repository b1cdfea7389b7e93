import { sql } from "kysely";
import type { Db } from "~/utils/db.server";

/** How long an upload waits for its import before it is dropped. */
const KEPT_FOR = "1 day";

/** Keeps an uploaded export for its preview and import; drops uploads older than a day meanwhile. */
export async function saveUpload(db: Db, owner: { id: string; organisationId: string }, fileName: string, body: string): Promise<string> {
  await db.deleteFrom("import_uploads").where("created_at", "<", sql<Date>`now() - ${KEPT_FOR}::interval`).execute();
  const saved = await db
    .insertInto("import_uploads")
    .values({ organisation_id: owner.organisationId, person_id: owner.id, file_name: fileName.slice(0, 255), body })
    .returning("id")
    .executeTakeFirstOrThrow();
  return saved.id;
}

/** The person's own upload, if it is still kept. */
export function findUpload(db: Db, owner: { id: string; organisationId: string }, uploadId: string) {
  return db
    .selectFrom("import_uploads")
    .where("id", "=", uploadId)
    .where("person_id", "=", owner.id)
    .where("organisation_id", "=", owner.organisationId)
    .where("created_at", ">=", sql<Date>`now() - ${KEPT_FOR}::interval`)
    .select(["id", "file_name as fileName", "body"])
    .executeTakeFirst();
}

export async function dropUpload(db: Db, uploadId: string): Promise<void> {
  await db.deleteFrom("import_uploads").where("id", "=", uploadId).execute();
}
