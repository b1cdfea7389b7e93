import type { Db } from "~/utils/db.server";
import { passwordMatches } from "~/utils/password.server";
import { findPersonByEmail } from "./person.server";
import { limitPasswordGuesses } from "./rate-limit.server";

export type SignInResult =
  | { outcome: "signed-in"; personId: string }
  | { outcome: "invalid" }
  | { outcome: "rate-limited"; retryAfterSeconds: number };

/**
 * Checks an e-mail and password. Unknown accounts, deactivated accounts, accounts without a
 * password and wrong passwords all look the same to the caller, and take as long.
 */
export async function signInWithPassword(
  db: Db,
  credentials: { email: string; password: string; address: string },
): Promise<SignInResult> {
  const email = credentials.email.trim().toLowerCase();
  let personId: string | undefined;
  const check = await limitPasswordGuesses(db, { email, address: credentials.address }, async () => {
    const person = await findPersonByEmail(db, email);
    const matches = await passwordMatches(person?.password_hash ?? null, credentials.password);
    if (!matches || person === undefined || person.deactivated_at !== null) return false;
    personId = person.id;
    return true;
  });
  if (check.outcome === "rate-limited") return check;
  return personId !== undefined ? { outcome: "signed-in", personId } : { outcome: "invalid" };
}
