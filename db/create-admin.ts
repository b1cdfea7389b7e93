import { parseArgs } from "node:util";
import { z } from "zod";
import { createPasswordSetupToken } from "../app/models/person.server";
import { openDatabase } from "../app/utils/db.server";
import { readEnv } from "../app/utils/env.server";
import { migrateToLatest } from "../app/utils/migrate.server";

// First run on an empty database: an organisation and its first administrator, who then sets a
// password through the printed one-time link and adds everyone else at /people.
const argsSchema = z.object({
  organisation: z.string().trim().min(1),
  name: z.string().trim().min(1),
  email: z.email(),
  "base-url": z.url().default("http://localhost:3000"),
});

const { values } = parseArgs({
  options: {
    organisation: { type: "string" },
    name: { type: "string" },
    email: { type: "string" },
    "base-url": { type: "string" },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error('Usage: npm run admin:create -- --organisation "Exempelby kommun" --name "Sara Strand" --email sara@example.se [--base-url https://planboard.example.se]');
  process.exit(2);
}
const args = parsed.data;
const slug = args.organisation
  .toLowerCase()
  .normalize("NFD")
  .replace(/[\u0300-\u036f]/g, "")
  .replace(/[^a-z0-9]+/g, "-")
  .replace(/^-|-$/g, "");

const env = readEnv();
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  await migrateToLatest(db);
  const organisation =
    (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirst()) ??
    (await db.insertInto("organisations").values({ name: args.organisation, slug }).returning("id").executeTakeFirstOrThrow());
  const person = await db
    .insertInto("people")
    .values({ organisation_id: organisation.id, name: args.name, email: args.email.toLowerCase(), role: "strategic_developer", is_admin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const token = await createPasswordSetupToken(db, person.id, person.id);
  console.log(`${args.name} is an administrator of ${args.organisation}. One-time link to choose a password (valid 7 days):`);
  console.log(`${args["base-url"].replace(/\/$/, "")}/password-setup/${token}`);
} finally {
  await db.destroy();
}
