import type { Db } from "~/utils/db.server";

export const DEMO_ORGANISATION_SLUGS = ["exempelby", "annanstad"] as const;
export const DEMO_PASSWORD = "planboard-demo";

export async function demoOrganisationExists(db: Db): Promise<boolean> {
  const row = await db.selectFrom("organisations").select("id").where("slug", "in", DEMO_ORGANISATION_SLUGS).executeTakeFirst();
  return row !== undefined;
}

/** The demo people offered for one-click sign-in, one list per kind of user. */
export async function listDemoPeople(db: Db) {
  return db
    .selectFrom("people as p")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .where("o.slug", "in", DEMO_ORGANISATION_SLUGS)
    .where("p.email", "in", ["strateg@exempelby.test", "norr@exempelby.test", "grupp@exempelby.test", "personal@exempelby.test", "annan@annanstad.test"])
    .where("p.deactivated_at", "is", null)
    .select(["p.id", "p.name", "p.email", "p.role", "o.name as organisationName"])
    .orderBy("o.name", "desc")
    .orderBy("p.role", "desc")
    .execute();
}
