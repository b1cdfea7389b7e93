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
}

export type Action =
  | "read"
  | "plan:manage"
  | "assignment:update"
  | "assignment:comment"
  | "group:manage"
  | "people:administer";

/** What an action is done to: everything belongs to an organisation; a card may be carried by a group. */
export interface Subject {
  organisationId: string;
  workingGroupId?: string | null;
}

export function can(actor: Actor, action: Action, subject: Subject): boolean {
  if (actor.organisationId !== subject.organisationId) return false;
  const strategic = actor.role === "strategic_developer";
  switch (action) {
    case "read":
      return true;
    case "plan:manage":
    case "group:manage":
      return strategic;
    case "people:administer":
      return strategic && actor.isAdmin;
    case "assignment:update":
    case "assignment:comment":
      return strategic || (subject.workingGroupId != null && actor.activeGroupIds.includes(subject.workingGroupId));
  }
}

/** Refusals are answered so as not to reveal what another organisation has. */
export function refusalStatus(actor: Actor, subject: Subject): 403 | 404 {
  return actor.organisationId === subject.organisationId ? 403 : 404;
}
