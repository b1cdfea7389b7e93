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
 * A change to a plan, as NOTIFY carries it; or, from the hub itself, `reload`: its LISTEN
 * connection was lost and is back, so events may have been missed and viewers must reload.
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

/** Whatever arrives on the channel, told apart by its kind in one parse (a move's event is most of them). */
const notificationSchema = z.discriminatedUnion("kind", [liveEventSchema, sessionsEndedSchema, actorsChangedSchema]);

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

/** Where a viewer's board stands: the last move it has seen, or "0" for none. */
export type LiveCursor = string;

/** What a viewer that reconnects from a cursor is owed: the events since, or a full reload. */
export type Replay = { events: LiveEvent[] } | "reload";

const RECENT_PER_PLAN = 500;
const PLANS_REMEMBERED = 2_000;

interface Recent {
  events: LiveEvent[];
  /** False once an event fell out of the window: a viewer from before then must reload. */
  complete: boolean;
}

/**
 * One LISTEN per process, fanned out to the open event streams of each plan. It keeps each
 * plan's recent events in arrival order (which is commit order, the same on every instance), so
 * a viewer that loaded the board or lost its stream catches up from where it was.
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly sessionWatchers = new Map<string, Set<() => void>>();
  private readonly actorWatchers = new Set<() => void>();
  private readonly recent = new Map<string, Recent>();
  private forgotPlans = false;
  private started: Promise<unknown> | undefined;
  private listeningNow = false;

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

  /** The cursor of a board read now: every move up to it is in what the read sees. */
  cursor(planId: string): LiveCursor {
    const events = this.recent.get(planId)?.events ?? [];
    for (let index = events.length - 1; index >= 0; index--) {
      const event = events[index]!;
      if (event.kind === "moved") return String(event.seq);
    }
    return "0";
  }

  /** The events after `cursor`, in order; "reload" when they are no longer all known here. */
  replaySince(planId: string, cursor: LiveCursor): Replay {
    const recent = this.recent.get(planId);
    if (cursor === "0") {
      if (!recent) return this.forgotPlans ? "reload" : { events: [] };
      return recent.complete ? { events: [...recent.events] } : "reload";
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
        this.forgotPlans = true;
      }
      this.recent.set(event.planId, (recent = { events: [], complete: true }));
    }
    recent.events.push(event);
    if (recent.events.length > RECENT_PER_PLAN) {
      recent.events.shift();
      recent.complete = false;
    }
  }

  /**
   * The LISTEN connection was lost and is back: whatever was notified in between never came.
   * Nothing remembered can be trusted to be complete, so every cursor now means "reload", and
   * every open stream is told to reload at once.
   */
  reconnected(): void {
    this.actorsChanged();
    this.listeningNow = true;
    this.recent.clear();
    this.forgotPlans = true;
    for (const [planId, forPlan] of this.subscribers) {
      for (const subscriber of forPlan) subscriber({ planId, kind: "reload" });
    }
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
