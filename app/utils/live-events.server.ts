import { sql } from "kysely";
import { z } from "zod";
import { listen, type Db } from "./db.server";

export const LIVE_CHANNEL = "planboard_live";

const cardPatchSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  columnId: z.uuid(),
  focusAreaId: z.uuid(),
  position: z.string(),
  dueOn: z.string().nullable(),
  columnEnteredAt: z.string(),
  version: z.number().int(),
  group: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  responsibles: z.array(z.object({ id: z.uuid(), name: z.string() })),
  commentCount: z.number().int(),
  priority: z.number().int().nullable(),
});

/** A card as a move left it: what a board needs to patch itself in place. */
export type CardPatch = z.infer<typeof cardPatchSchema>;

const liveEventSchema = z.discriminatedUnion("kind", [
  z.object({
    planId: z.uuid(),
    kind: z.literal("moved"),
    /** The history row's id: a global order of moves, and the event id a reconnecting viewer resumes from. */
    seq: z.number().int(),
    actorId: z.uuid().optional(),
    from: z.object({ columnId: z.uuid(), focusAreaId: z.uuid() }),
    card: cardPatchSchema,
  }),
  z.object({
    planId: z.uuid(),
    kind: z.enum(["assignment", "plan"]),
    assignmentId: z.uuid().optional(),
    actorId: z.uuid().optional(),
  }),
  z.object({ planId: z.uuid(), kind: z.literal("share-revoked"), shareId: z.uuid() }),
]);
/**
 * A change to a plan, as NOTIFY carries it; or, from the hub itself, `reload`: events may have
 * been missed (its LISTEN connection was lost and is back, or an instance says it lost some), so
 * viewers must reload.
 */
export type LiveEvent = z.infer<typeof liveEventSchema> | ReloadEvent;
export type MovedEvent = Extract<LiveEvent, { kind: "moved" }>;
export type ReloadEvent = { planId: string; kind: "reload" };

const sessionsEndedSchema = z.object({ kind: z.literal("sessions-ended"), personId: z.uuid() });
/** Some of a person's sessions ended (sign-out, deactivation, a new password): their open streams check theirs. */
type SessionsEnded = z.infer<typeof sessionsEndedSchema>;

/**
 * Something a signed-in person is made of changed (a person, a session, a group or its members,
 * a unit, an organisation): sent by the database's own triggers (migration
 * 20261218000000_actor_changes), so no way of writing those tables can forget it.
 */
const actorsChangedSchema = z.object({ kind: z.literal("actors-changed") });

/**
 * An instance may have lost events it had yet to send (it started, and cannot know whether the
 * one before it stopped with some unsent; or it held more than it could while the database was
 * away): every instance forgets what it remembers and every viewer reloads.
 */
const eventsLostSchema = z.object({ kind: z.literal("events-lost") });
const EVENTS_LOST = JSON.stringify({ kind: "events-lost" } satisfies z.infer<typeof eventsLostSchema>);

/** Whatever arrives on the channel, told apart by its kind in one parse (a move's event is most of them). */
const notificationSchema = z.discriminatedUnion("kind", [liveEventSchema, sessionsEndedSchema, actorsChangedSchema, eventsLostSchema]);

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

export function parseLiveEvent(payload: string): LiveEvent | null {
  const event = liveEventSchema.safeParse(parseJson(payload));
  return event.success ? event.data : null;
}

/** A card as the database wrote it out (JSON text), checked like the one a `moved` event carries. */
export function parseCardPatch(payload: string): CardPatch {
  return cardPatchSchema.parse(parseJson(payload));
}

/**
 * Tells every viewer of the plan, on every app instance, that it changed. Sent with NOTIFY in
 * the writing transaction, so it goes out on commit and never for a rolled-back change.
 */
export async function notifyPlanChanged(db: Db, event: Exclude<LiveEvent, MovedEvent | ReloadEvent>): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
}

/**
 * Tells every app instance that sessions of this person ended, so streams opened with one of
 * them end too. Sent in the transaction that deletes the sessions, like the plan events, so it
 * arrives before any change committed after it.
 */
export async function notifySessionsEnded(db: Db, personId: string): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ kind: "sessions-ended", personId } satisfies SessionsEnded)})`.execute(db);
}

type Subscriber = (event: LiveEvent) => void;

/**
 * Where a viewer's board stands: the id of the last move it has seen, or, when it has seen none,
 * `t` and the time it was read (ms since the epoch).
 */
export type LiveCursor = string;

/** What a viewer that reconnects from a cursor is owed: the events since, or a full reload. */
export type Replay = { events: LiveEvent[] } | "reload";

const RECENT_PER_PLAN = 500;
const PLANS_REMEMBERED = 2_000;
/** Events sent in one statement, at most. */
const SEND_BATCH = 500;
/** Events held while the database is away, at most; past that they are dropped and viewers reload. */
const UNSENT_MAX = 10_000;
const SEND_RETRY_MS = 250;
const SEND_RETRY_MAX_MS = 5_000;

interface Recent {
  events: LiveEvent[];
  /** When the events began to be all here (ms since the epoch): a board read before then must reload. */
  since: number;
  /** False once an event fell out of the window: a viewer from before then must reload. */
  complete: boolean;
}

/**
 * One LISTEN per process, fanned out to the open event streams of each plan. It keeps each
 * plan's recent events in arrival order (the order their NOTIFYs committed, the same on every
 * instance), so a viewer that loaded the board or lost its stream catches up from where it was.
 * It also sends this process's moves, after they committed (see `publish`).
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly sessionWatchers = new Map<string, Set<() => void>>();
  private readonly actorWatchers = new Set<() => void>();
  private readonly recent = new Map<string, Recent>();
  /** Since when every event has arrived here (ms since the epoch); Infinity until listening. */
  private completeSince = Infinity;
  private started: Promise<unknown> | undefined;
  private listeningNow = false;
  private unsent: string[] = [];
  private sending: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  /**
   * Starts listening (once); events from then on are kept for catching up. If the database
   * cannot be reached, this fails and the next call tries again.
   */
  async start(): Promise<void> {
    if (!this.started) {
      const starting = listen(this.db, LIVE_CHANNEL, {
        onPayload: (payload) => this.dispatch(payload),
        onLost: () => this.lost(),
        onReconnected: () => this.reconnected(),
      });
      this.started = starting;
      starting.then(
        () => {
          this.listeningNow = true;
          this.completeSince = Date.now();
        },
        () => {
          if (this.started === starting) this.started = undefined;
        },
      );
    }
    await this.started;
  }

  async subscribe(planId: string, subscriber: Subscriber): Promise<() => void> {
    return (await this.follow(planId, null, subscriber)).unsubscribe;
  }

  /**
   * Subscribes, and answers in the same step what happened since `cursor` (null: nothing owed),
   * so no event falls between the catching up and the live ones.
   */
  async follow(planId: string, cursor: LiveCursor | null, subscriber: Subscriber): Promise<{ replay: Replay; unsubscribe: () => void }> {
    await this.start();
    let forPlan = this.subscribers.get(planId);
    if (!forPlan) this.subscribers.set(planId, (forPlan = new Set()));
    forPlan.add(subscriber);
    const unsubscribe = () => {
      forPlan.delete(subscriber);
      if (forPlan.size === 0) this.subscribers.delete(planId);
    };
    return { replay: cursor === null ? { events: [] } : this.replaySince(planId, cursor), unsubscribe };
  }

  /** Calls `watcher` whenever sessions of the person end, on any instance. */
  watchSessions(personId: string, watcher: () => void): () => void {
    let forPerson = this.sessionWatchers.get(personId);
    if (!forPerson) this.sessionWatchers.set(personId, (forPerson = new Set()));
    forPerson.add(watcher);
    return () => {
      forPerson.delete(watcher);
      if (forPerson.size === 0) this.sessionWatchers.delete(personId);
    };
  }

  /** Whether notifications are arriving now: started, and not lost since. */
  get listening(): boolean {
    return this.listeningNow;
  }

  /**
   * Calls `watcher` whenever something signed-in people are made of may have changed, on any
   * instance: when the database says so, and when notifications stop or start again (any could
   * have been missed).
   */
  watchActors(watcher: () => void): () => void {
    this.actorWatchers.add(watcher);
    return () => this.actorWatchers.delete(watcher);
  }

  /**
   * The cursor of a board read now: every move up to it is in what the read sees. Moves
   * committed but not yet arrived come after it, and patch nothing the read already has.
   */
  cursor(planId: string): LiveCursor {
    const events = this.recent.get(planId)?.events ?? [];
    for (let index = events.length - 1; index >= 0; index--) {
      const event = events[index]!;
      if (event.kind === "moved") return String(event.seq);
    }
    return `t${Date.now()}`;
  }

  /** The events after `cursor`, in order; "reload" when they are no longer all known here. */
  replaySince(planId: string, cursor: LiveCursor): Replay {
    const recent = this.recent.get(planId);
    if (cursor.startsWith("t")) {
      // A board that had seen no move: owed every event since it was read.
      const readAt = Number(cursor.slice(1));
      if (!recent) return readAt >= this.completeSince ? { events: [] } : "reload";
      return recent.complete && readAt >= recent.since ? { events: [...recent.events] } : "reload";
    }
    const index = recent?.events.findIndex((event) => event.kind === "moved" && String(event.seq) === cursor) ?? -1;
    if (!recent || index < 0) return "reload";
    return { events: recent.events.slice(index + 1) };
  }

  private remember(event: LiveEvent) {
    let recent = this.recent.get(event.planId);
    if (!recent) {
      if (this.recent.size >= PLANS_REMEMBERED) {
        const oldest = this.recent.keys().next().value;
        if (oldest !== undefined) this.recent.delete(oldest);
        // Which plan's events were forgotten is not kept: every plan's cursor from before now reloads.
        this.completeSince = Date.now();
      }
      this.recent.set(event.planId, (recent = { events: [], since: this.completeSince, complete: true }));
    }
    recent.events.push(event);
    if (recent.events.length > RECENT_PER_PLAN) {
      recent.events.shift();
      recent.complete = false;
    }
  }

  /**
   * The LISTEN connection was lost and is back: whatever was notified in between never came.
   * Nothing remembered can be trusted to be complete (see `forgetAll`).
   */
  reconnected(): void {
    this.actorsChanged();
    this.listeningNow = true;
    this.forgetAll();
  }

  /** Every cursor from before now means "reload", and every open stream is told to reload at once. */
  private forgetAll() {
    this.recent.clear();
    this.completeSince = Date.now();
    for (const [planId, forPlan] of this.subscribers) {
      for (const subscriber of forPlan) subscriber({ planId, kind: "reload" });
    }
  }

  /**
   * Sends a change's event (its NOTIFY payload) to every instance, this one included, once the
   * change has committed: the caller publishes only after its commit. Sent outside the change's
   * transaction, a move does not hold PostgreSQL's NOTIFY lock through its commit's wait for
   * the disk, where every other move's commit queued behind it (decision 0037). One statement
   * sends all that waited while the one before it ran, so events keep this process's order.
   * While the database is away they wait, and are sent when it is back.
   */
  publish(payload: string): void {
    this.unsent.push(payload);
    this.sending ??= this.sendUnsent();
  }

  /** Resolves when everything published so far has been sent, or after `timeoutMs`. */
  async sent(timeoutMs: number): Promise<void> {
    if (!this.sending) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.sending, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /**
   * Tells every instance that events may have been lost: sent when a process starts, since the
   * one before it may have stopped with moves committed and their events unsent.
   */
  announceEventsLost(): void {
    this.publish(EVENTS_LOST);
  }

  private async sendUnsent() {
    for (let failures = 0; this.unsent.length > 0; ) {
      const batch = this.unsent.slice(0, SEND_BATCH);
      try {
        // Notifications do not outlive a crash of PostgreSQL, so their commit need not wait for the disk.
        await sql`select pg_notify(${LIVE_CHANNEL}, payload)
          from set_config('synchronous_commit', 'off', true), unnest(${batch}::text[]) with ordinality as sent(payload, n)
          order by n`.execute(this.db);
        this.unsent.splice(0, batch.length);
        failures = 0;
      } catch {
        failures++;
        if (this.unsent.length > UNSENT_MAX) this.unsent = [EVENTS_LOST];
        // Unref'd: retries never keep a stopping process (or a test's) alive.
        await new Promise((resolve) => setTimeout(resolve, Math.min(SEND_RETRY_MS * 2 ** (failures - 1), SEND_RETRY_MAX_MS)).unref());
      }
    }
    this.sending = undefined;
  }

  private lost() {
    this.listeningNow = false;
    this.actorsChanged();
  }

  private actorsChanged() {
    for (const watcher of this.actorWatchers) watcher();
  }

  private dispatch(payload: string) {
    const parsed = notificationSchema.safeParse(parseJson(payload));
    if (!parsed.success) return;
    const event = parsed.data;
    if (event.kind === "actors-changed") return this.actorsChanged();
    if (event.kind === "events-lost") return this.forgetAll();
    if (event.kind === "sessions-ended") {
      // Triggers have said so already (their notification is sent first), but a session's end must never be missed.
      this.actorsChanged();
      for (const watcher of this.sessionWatchers.get(event.personId) ?? []) watcher();
      return;
    }
    this.remember(event);
    for (const subscriber of this.subscribers.get(event.planId) ?? []) subscriber(event);
  }
}

const hubs = new WeakMap<Db, LiveHub>();
export function liveHubFor(db: Db): LiveHub {
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new LiveHub(db)));
  return hub;
}
