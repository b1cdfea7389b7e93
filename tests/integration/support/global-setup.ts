/**
 * Says which databases this run covers. Without TEST_DATABASE_URL only PGlite runs, which is
 * easy to miss in a green run: say so loudly, and refuse to pass in CI, where both must run.
 */
export default function checkDatabases() {
  if (process.env.TEST_DATABASE_URL) {
    console.log("Databases: PGlite and PostgreSQL (TEST_DATABASE_URL)");
    return;
  }
  if (process.env.CI === "true") {
    throw new Error("TEST_DATABASE_URL is unset: CI must run the tests on PostgreSQL as well as PGlite");
  }
  console.warn(
    "\n  *** PostgreSQL SKIPPED (TEST_DATABASE_URL unset): these tests ran on PGlite only. ***\n" +
      "  Set TEST_DATABASE_URL=postgres://… to run them on PostgreSQL too.\n",
  );
}
