import { sql } from "kysely";
import { z } from "zod";
import { listen, type Db } from "./db.server";

export const LIVE_CHANNEL = "planboard_live";

const liveEventSchema = z.object({
  planId: z.uuid(),
  kind: z.enum(["assignment", "plan", "share-revoked"]),
  assignmentId: z.uuid().optional(),
  shareId: z.uuid().optional(),
  actorId: z.uuid().optional(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

/**
 * Tells every viewer of the plan, on every app instance, that it changed. Sent with NOTIFY in
 * the writing transaction, so it goes out on commit and never for a rolled-back change.
 */
export async function notifyPlanChanged(db: Db, event: LiveEvent): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
}

type Subscriber = (event: LiveEvent) => void;

/** One LISTEN per process, fanned out to the open event streams of each plan. */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private started: Promise<unknown> | undefined;

  constructor(private readonly db: Db) {}

  async subscribe(planId: string, subscriber: Subscriber): Promise<() => void> {
    this.started ??= listen(this.db, LIVE_CHANNEL, (payload) => this.dispatch(payload));
    await this.started;
    let forPlan = this.subscribers.get(planId);
    if (!forPlan) this.subscribers.set(planId, (forPlan = new Set()));
    forPlan.add(subscriber);
    return () => {
      forPlan.delete(subscriber);
      if (forPlan.size === 0) this.subscribers.delete(planId);
    };
  }

  private dispatch(payload: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    const event = liveEventSchema.safeParse(parsed);
    if (!event.success) return;
    for (const subscriber of this.subscribers.get(event.data.planId) ?? []) subscriber(event.data);
  }
}

const hubs = new WeakMap<Db, LiveHub>();
export function liveHubFor(db: Db): LiveHub {
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new LiveHub(db)));
  return hub;
}
