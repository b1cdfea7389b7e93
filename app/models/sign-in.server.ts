import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import { passwordMatches } from "~/utils/password.server";
import { findPersonByEmail } from "./person.server";

/** Failed sign-ins allowed in the window before further attempts are refused. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perAccount: 5, perAddress: 20 } as const;

export type SignInResult =
  | { outcome: "signed-in"; personId: string }
  | { outcome: "invalid" }
  | { outcome: "rate-limited"; retryAfterSeconds: number };

async function isRateLimited(db: Db, email: string, address: string): Promise<boolean> {
  const since = sql<Date>`now() - make_interval(mins => ${SIGN_IN_LIMITS.windowMinutes})`;
  const counts = await db
    .selectFrom("sign_in_attempts")
    .where("succeeded", "=", false)
    .where("attempted_at", ">", since)
    .where((eb) => eb.or([eb("email", "=", email), eb("address", "=", address)]))
    .select([
      sql<number>`count(*) filter (where email = ${email})`.as("forAccount"),
      sql<number>`count(*) filter (where address = ${address})`.as("forAddress"),
    ])
    .executeTakeFirstOrThrow();
  return Number(counts.forAccount) >= SIGN_IN_LIMITS.perAccount || Number(counts.forAddress) >= SIGN_IN_LIMITS.perAddress;
}

/**
 * Checks an e-mail and password. Unknown accounts, deactivated accounts, accounts without a
 * password and wrong passwords all look the same to the caller, and take as long.
 */
export async function signInWithPassword(
  db: Db,
  credentials: { email: string; password: string; address: string },
): Promise<SignInResult> {
  const email = credentials.email.trim().toLowerCase();
  if (await isRateLimited(db, email, credentials.address)) {
    return { outcome: "rate-limited", retryAfterSeconds: SIGN_IN_LIMITS.windowMinutes * 60 };
  }
  const person = await findPersonByEmail(db, email);
  const matches = await passwordMatches(person?.password_hash ?? null, credentials.password);
  const succeeded = matches && person !== undefined && person.deactivated_at === null;
  await db.insertInto("sign_in_attempts").values({ email, address: credentials.address, succeeded }).execute();
  return succeeded ? { outcome: "signed-in", personId: person.id } : { outcome: "invalid" };
}
