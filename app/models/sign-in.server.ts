import type { Db } from "~/utils/db.server";
import { passwordMatches } from "~/utils/password.server";
import { passwordSignInAllowed } from "./identity-provider.server";
import { findPersonByEmail } from "./person.server";
import { limitPasswordGuesses } from "./rate-limit.server";

export type SignInResult =
  | { outcome: "signed-in"; personId: string }
  | { outcome: "invalid" }
  /** The right password, for an organisation that signs in through its identity provider only. */
  | { outcome: "password-off" }
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
  let person: { id: string; organisationId: string } | undefined;
  const check = await limitPasswordGuesses(db, { email, address: credentials.address }, async () => {
    const found = await findPersonByEmail(db, email);
    const matches = await passwordMatches(found?.password_hash ?? null, credentials.password);
    if (!matches || found === undefined || found.deactivated_at !== null) return false;
    person = { id: found.id, organisationId: found.organisation_id };
    return true;
  });
  if (check.outcome === "rate-limited") return check;
  if (person === undefined) return { outcome: "invalid" };
  if (!(await passwordSignInAllowed(db, person.organisationId))) return { outcome: "password-off" };
  return { outcome: "signed-in", personId: person.id };
}
