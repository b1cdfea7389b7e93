import { sql } from "kysely";
import type { Db } from "~/utils/db.server";

/** A person's notifications, newest first, with the group each is about. */
export async function listNotifications(db: Db, personId: string) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("working_groups as g", "g.id", "n.group_id")
    .where("n.person_id", "=", personId)
    .select(["n.id", "n.kind", "n.read_at as readAt", "n.created_at as createdAt", "g.id as groupId", "g.name as groupName"])
    .orderBy("n.created_at", "desc")
    .orderBy("n.id")
    .limit(200)
    .execute();
}

/** For the header: one indexed count. */
export async function countUnreadNotifications(db: Db, personId: string): Promise<number> {
  const row = await db
    .selectFrom("notifications")
    .where("person_id", "=", personId)
    .where("read_at", "is", null)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markAllNotificationsRead(db: Db, personId: string) {
  await db
    .updateTable("notifications")
    .set({ read_at: sql<Date>`now()` })
    .where("person_id", "=", personId)
    .where("read_at", "is", null)
    .execute();
}
