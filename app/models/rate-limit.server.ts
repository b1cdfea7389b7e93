import type { HeadersFunction } from "@remix-run/node";
import { sql } from "kysely";
import type { Db } from "~/utils/db.server";

/** The one rate limiter: requests counted per what they count against, in a sliding window, in the database (so every instance shares it). */
export const RATE_LIMITS = {
  /**
   * Wrong passwords, at sign-in and when changing one's own password: per account and per client
   * address; a refused identity-provider sign-in counts against the address too.
   */
  passwordGuesses: { windowSeconds: 15 * 60, perAccount: 5, perAddress: 20 },
  /** CSV, JSON and Atom exports, each of which reads a whole plan or its history: per person (or share link). */
  exports: { windowSeconds: 60, perPerson: 30 },
} as const;

export interface Counter {
  bucket: string;
  key: string;
  max: number;
}

/** Seconds to wait when any counter has reached its maximum within the window, else null. */
export async function rateLimited(db: Db, windowSeconds: number, counters: Counter[]): Promise<number | null> {
  const rows = await db
    .selectFrom("rate_limit_hits")
    .where("hit_at", ">", sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .where((eb) => eb.or(counters.map((counter) => eb.and([eb("bucket", "=", counter.bucket), eb("key", "=", counter.key)]))))
    .groupBy(["bucket", "key"])
    .select((eb) => ["bucket", "key", eb.fn.countAll<string>().as("hits")])
    .execute();
  const reached = counters.some((counter) =>
    rows.some((row) => row.bucket === counter.bucket && row.key === counter.key && Number(row.hits) >= counter.max),
  );
  return reached ? windowSeconds : null;
}

export async function recordHits(db: Db, counters: Counter[]): Promise<void> {
  await db
    .insertInto("rate_limit_hits")
    .values(counters.map(({ bucket, key }) => ({ bucket, key })))
    .execute();
}

const addressCounter = (address: string): Counter => ({ bucket: "password-guess:address", key: address, max: RATE_LIMITS.passwordGuesses.perAddress });
const passwordGuessCounters = (email: string, address: string): Counter[] => [
  { bucket: "password-guess:account", key: email.trim().toLowerCase(), max: RATE_LIMITS.passwordGuesses.perAccount },
  addressCounter(address),
];

/** The sign-in limit of one address, which a refused identity-provider sign-in counts against as a wrong password does. */
export async function signInLimitedFor(db: Db, address: string): Promise<number | null> {
  return rateLimited(db, RATE_LIMITS.passwordGuesses.windowSeconds, [addressCounter(address)]);
}

export async function countRefusedSignIn(db: Db, address: string): Promise<void> {
  await recordHits(db, [addressCounter(address)]);
}

export type PasswordCheck = { outcome: "right" } | { outcome: "wrong" } | { outcome: "rate-limited"; retryAfterSeconds: number };

/**
 * Runs a password check unless the account or the address has guessed wrong too often lately
 * (then not even a right password is tried); a wrong one is counted against both.
 */
export async function limitPasswordGuesses(db: Db, who: { email: string; address: string }, check: () => Promise<boolean>): Promise<PasswordCheck> {
  const counters = passwordGuessCounters(who.email, who.address);
  const wait = await rateLimited(db, RATE_LIMITS.passwordGuesses.windowSeconds, counters);
  if (wait !== null) return { outcome: "rate-limited", retryAfterSeconds: wait };
  if (await check()) return { outcome: "right" };
  await recordHits(db, counters);
  return { outcome: "wrong" };
}

/** Counts an export against the person (or `share:<id>` for a share link's feed); past the limit, throws 429 with Retry-After. */
export async function requireExportAllowance(db: Db, reader: string): Promise<void> {
  const counters = [{ bucket: "export", key: reader, max: RATE_LIMITS.exports.perPerson }];
  const wait = await rateLimited(db, RATE_LIMITS.exports.windowSeconds, counters);
  if (wait !== null) {
    throw new Response("För många exporter på kort tid; försök igen om en stund. / Too many exports in a short time; try again shortly.\n", {
      status: 429,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(wait) },
    });
  }
  await recordHits(db, counters);
}

/**
 * A route's `headers` for a form that may be answered 429: Remix builds a document's headers
 * from the route's `headers` alone, so without this a plain (JavaScript-off) form post would
 * lose the action's Retry-After.
 */
export const keepRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};
