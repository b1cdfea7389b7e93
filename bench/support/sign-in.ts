import { randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { createPasswordSetupToken, setPasswordWithToken } from "../../app/models/person.server";
import type { Db } from "../../app/utils/db.server";

export interface Credentials {
  email: string;
  password: string;
}

/** Gives `person` a fresh random password the way the app does: through a one-time setup link. */
export async function createPassword(db: Db, person: { id: string; email: string }): Promise<Credentials> {
  const password = randomBytes(18).toString("base64url");
  const token = await createPasswordSetupToken(db, person.id, person.id);
  if (!(await setPasswordWithToken(db, token, password))) throw new Error(`could not set a password for ${person.email}`);
  return { email: person.email, password };
}

/** Signs `context` in through the sign-in form's action, so its pages carry the session cookie. */
export async function signIn(context: BrowserContext, origin: string, credentials: Credentials): Promise<void> {
  const response = await context.request.post(`${origin}/login`, {
    form: { intent: "password", email: credentials.email, password: credentials.password, redirectTo: "/plans" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  const cookies = await context.cookies(origin);
  if (response.status() !== 302 || cookies.length === 0) {
    throw new Error(`signing in as ${credentials.email} answered ${response.status()} and set no cookie we keep`);
  }
}
