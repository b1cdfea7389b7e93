/**
 * Who may do what: the one place that answers it, for the server (which enforces it) and for
 * the UI (which only hides what the server would refuse anyway).
 */
export type PersonRole = "strategic_developer" | "staff";

export interface Actor {
  id: string;
  name: string;
  email: string;
  organisationId: string;
  organisationName: string;
  role: PersonRole;
  isAdmin: boolean;
  /** Working groups the person belongs to that are running today. */
  activeGroupIds: string[];
  /** The person's own unit. */
  unitId: string | null;
  /** The person's unit and every unit below it; null for a person of no unit, who acts for the whole organisation. */
  unitIds: string[] | null;
}

export type Action =
  | "read"
  | "plan:manage"
  | "assignment:update"
  | "assignment:comment"
  | "group:manage"
  | "unit:manage"
  | "people:administer";

/**
 * What an action is done to: everything belongs to an organisation; a plan, a vote or an
 * indicator value may belong to one of its units (null: the whole organisation's); a card may be
 * carried by a group.
 */
export interface Subject {
  organisationId: string;
  unitId: string | null;
  workingGroupId?: string | null;
}

/** A strategic developer acts for their unit and the units below it; a unit's thing is theirs only there. */
export function actsFor(actor: Actor, unitId: string | null): boolean {
  return unitId === null || actor.unitIds === null || actor.unitIds.includes(unitId);
}

export function can(actor: Actor, action: Action, subject: Subject): boolean {
  if (actor.organisationId !== subject.organisationId) return false;
  const strategic = actor.role === "strategic_developer";
  switch (action) {
    case "read":
      return true;
    case "plan:manage":
    case "unit:manage":
      return strategic && actsFor(actor, subject.unitId);
    case "group:manage":
      return strategic;
    case "people:administer":
      return strategic && actor.isAdmin;
    case "assignment:update":
    case "assignment:comment":
      return (strategic && actsFor(actor, subject.unitId)) || (subject.workingGroupId != null && actor.activeGroupIds.includes(subject.workingGroupId));
  }
}

/** Refusals are answered so as not to reveal what another organisation has. */
export function refusalStatus(actor: Actor, subject: Subject): 403 | 404 {
  return actor.organisationId === subject.organisationId ? 403 : 404;
}
