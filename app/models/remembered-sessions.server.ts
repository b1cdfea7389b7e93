import type { Db } from "~/utils/db.server";
import { liveHubFor, type LiveHub } from "~/utils/live-events.server";

/** How long a session looked up is answered from memory at most, should a change not be told. */
const REMEMBER_MS = 30_000;
const REMEMBERED_MAX = 10_000;

interface Remembered<Session> {
  session: Session;
  until: number;
}

/**
 * The sessions one server process has looked up, so that a request need not ask the database who
 * is signed in when the same session asked a moment ago. It answers only while the process is
 * listening to the database's notifications, and forgets everything whenever the database says
 * that something people are made of changed (its triggers say so for every write to those tables),
 * and whenever notifications stop or start again.
 */
class SessionMemory<Session extends { expiresAt: Date }> {
  private readonly sessions = new Map<string, Remembered<Session>>();
  /** Counts what was forgotten: a lookup that began before a change must not be remembered after it. */
  private generation = 0;

  constructor(private readonly hub: LiveHub) {
    hub.watchActors(() => this.forget());
  }

  /** Starts listening, or tries again if it could not; a lost connection comes back by itself. */
  listen() {
    this.hub.start().catch(() => undefined);
  }

  forget() {
    this.sessions.clear();
    this.generation += 1;
  }

  async find(tokenHash: string, lookUp: () => Promise<Session | null>): Promise<Session | null> {
    const now = Date.now();
    const remembered = this.sessions.get(tokenHash);
    if (remembered && this.hub.listening && remembered.until > now && remembered.session.expiresAt.getTime() > now) return remembered.session;
    if (remembered) this.sessions.delete(tokenHash);
    if (!this.hub.listening) this.listen();
    const generation = this.hub.listening ? this.generation : null;
    const session = await lookUp();
    if (session && generation === this.generation && this.hub.listening) {
      if (this.sessions.size >= REMEMBERED_MAX) this.sessions.delete(this.sessions.keys().next().value!);
      this.sessions.set(tokenHash, { session, until: now + REMEMBER_MS });
    }
    return session;
  }
}

const memories = new WeakMap<Db, SessionMemory<{ expiresAt: Date }>>();

/**
 * From now on, sessions looked up in this database are remembered by this process (the server
 * turns it on at start). Starts listening to the database's notifications, which it needs.
 */
export function rememberSessions(db: Db): void {
  let memory = memories.get(db);
  if (!memory) memories.set(db, (memory = new SessionMemory(liveHubFor(db))));
  memory.listen();
}

/** A session as `lookUp` reads it from the database, or as remembered if `rememberSessions` was called. */
export function rememberedSession<Session extends { expiresAt: Date }>(
  db: Db,
  tokenHash: string,
  lookUp: () => Promise<Session | null>,
): Promise<Session | null> {
  const memory = memories.get(db) as SessionMemory<Session> | undefined;
  return memory ? memory.find(tokenHash, lookUp) : lookUp();
}
