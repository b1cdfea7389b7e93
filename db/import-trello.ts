import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import en from "../app/locales/en";
import { importWords, plansImportedFrom, writeImportedPlan } from "../app/models/plan-import.server";
import { listPeople } from "../app/models/person.server";
import { defaultTrelloMapping, planTrelloImport, readTrelloExport } from "../app/models/trello-import.server";
import { openDatabase } from "../app/utils/db.server";
import { readEnv } from "../app/utils/env.server";
import { createTranslator } from "../app/utils/i18n";
import { importErrorMessage } from "../app/utils/import-errors";
import { migrateToLatest } from "../app/utils/migrate.server";

// For an administrator moving many boards at once: each file becomes a plan of the organisation,
// with the mapping the browser's preview starts from. A board imported before is skipped unless
// --again is given.
const argsSchema = z.object({
  file: z.array(z.string().min(1)).min(1),
  organisation: z.string().trim().min(1),
  as: z.email(),
  again: z.boolean().default(false),
  "single-focus-area": z.boolean().default(false),
  "closed-lists": z.enum(["archive", "columns"]).default("archive"),
});

const { values } = parseArgs({
  options: {
    file: { type: "string", multiple: true },
    organisation: { type: "string" },
    as: { type: "string" },
    again: { type: "boolean" },
    "single-focus-area": { type: "boolean" },
    "closed-lists": { type: "string" },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(
    "Usage: npm run import:trello -- --file board.json [--file another.json …] --organisation <slug> --as <e-mail of a strategic developer> [--again] [--single-focus-area] [--closed-lists archive|columns]",
  );
  process.exit(2);
}
const args = parsed.data;
const { t } = createTranslator("en", { en });

const env = readEnv();
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
let failed = false;
try {
  await migrateToLatest(db);
  const organisation = await db.selectFrom("organisations").select("id").where("slug", "=", args.organisation).executeTakeFirst();
  const importer = organisation
    ? await db
        .selectFrom("people")
        .select("id")
        .where("organisation_id", "=", organisation.id)
        .where("email", "=", args.as.toLowerCase())
        .where("role", "=", "strategic_developer")
        .where("deactivated_at", "is", null)
        .executeTakeFirst()
    : undefined;
  if (!organisation || !importer) {
    console.error(`No organisation "${args.organisation}" with an active strategic developer ${args.as}.`);
    process.exit(2);
  }
  const people = (await listPeople(db, organisation.id)).filter((person) => person.deactivatedAt === null);
  const words = importWords(en);
  for (const file of args.file) {
    const read = readTrelloExport(await readFile(file, "utf8"));
    if (!read.ok) {
      failed = true;
      const message = importErrorMessage(read.error);
      console.error(`${file}: not imported: ${t(message.key as never, message.values)}`);
      continue;
    }
    const mapping = { ...defaultTrelloMapping(read.board, people), closedLists: args["closed-lists"] };
    if (args["single-focus-area"]) mapping.focusAreas = "single";
    const preview = planTrelloImport(read.board, mapping, words, new Date());
    const earlier = await plansImportedFrom(db, organisation.id, preview.plan.source);
    if (earlier.length > 0 && !args.again) {
      console.log(`${file}: skipped: already imported as ${earlier.map((plan) => `"${plan.title}" (${plan.id})`).join(", ")}; --again imports it once more`);
      continue;
    }
    const { planId } = await writeImportedPlan(db, { id: importer.id, organisationId: organisation.id }, preview.plan);
    const { counts } = preview;
    console.log(
      `${file}: imported as "${preview.plan.title}" (${planId}): ${preview.plan.assignments.length} assignments, ${counts.moves} moves, ${counts.comments} comments; history ${preview.history.from ?? "none"} to ${preview.history.to ?? "none"}`,
    );
    for (const problem of preview.problems) {
      const { code, ...details } = problem;
      const count = "cards" in details ? details.cards : "actions" in details ? details.actions : undefined;
      const key = `import.problem.${code}`;
      console.log(`  - ${t(key as never, { ...details, count, names: "names" in details ? details.names.join(", ") : "" } as never)}`);
    }
  }
} finally {
  await db.destroy();
}
process.exit(failed ? 1 : 0);
