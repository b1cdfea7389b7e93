import { openDatabase } from "../app/utils/db.server";
import { readEnv } from "../app/utils/env.server";
import { migrateToLatest } from "../app/utils/migrate.server";

const env = readEnv();
const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const results = await migrateToLatest(db);
  for (const result of results) console.log(`${result.status}: ${result.migrationName}`);
  console.log(results.length ? `Applied ${results.length} migration(s).` : "Database is up to date.");
} finally {
  await db.destroy();
}
