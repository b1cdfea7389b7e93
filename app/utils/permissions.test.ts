import { describe, expect, it } from "vitest";
import { can, refusalStatus, type Action, type Actor } from "./permissions";

const ORG = "org-1";
const GROUP = "group-carrying";

function actor(overrides: Partial<Actor>): Actor {
  return {
    id: "p",
    name: "P",
    email: "p@example.test",
    organisationId: ORG,
    organisationName: "Org",
    role: "staff",
    isAdmin: false,
    activeGroupIds: [],
    ...overrides,
  };
}

const strategic = actor({ role: "strategic_developer" });
const admin = actor({ role: "strategic_developer", isAdmin: true });
const carrier = actor({ activeGroupIds: [GROUP] });
const otherGroup = actor({ activeGroupIds: ["group-other"] });
const staff = actor({});
const outsider = actor({ role: "strategic_developer", isAdmin: true, organisationId: "org-2" });

const card = { organisationId: ORG, workingGroupId: GROUP };
const uncarried = { organisationId: ORG, workingGroupId: null };

describe("can", () => {
  it.each<[string, Actor, Action, boolean]>([
    ["strategic developer reads", strategic, "read", true],
    ["staff reads", staff, "read", true],
    ["strategic developer manages plans", strategic, "plan:manage", true],
    ["carrying member cannot manage plans", carrier, "plan:manage", false],
    ["strategic developer manages groups", strategic, "group:manage", true],
    ["staff cannot manage groups", staff, "group:manage", false],
    ["admin administers people", admin, "people:administer", true],
    ["strategic developer without the admin right does not", strategic, "people:administer", false],
    ["strategic developer updates any card", strategic, "assignment:update", true],
    ["member of the carrying group updates its card", carrier, "assignment:update", true],
    ["member of the carrying group comments on it", carrier, "assignment:comment", true],
    ["member of another group cannot update it", otherGroup, "assignment:update", false],
    ["staff cannot update it", staff, "assignment:update", false],
    ["staff cannot comment", staff, "assignment:comment", false],
  ])("%s", (_, who, action, expected) => {
    expect(can(who, action, card)).toBe(expected);
  });

  it("gives nobody but strategic developers a card no group carries", () => {
    expect(can(carrier, "assignment:update", uncarried)).toBe(false);
    expect(can(strategic, "assignment:update", uncarried)).toBe(true);
  });

  it("gives another organisation nothing at all, and hides that the thing exists", () => {
    for (const action of ["read", "plan:manage", "assignment:update", "assignment:comment", "group:manage", "people:administer"] as const) {
      expect(can(outsider, action, card)).toBe(false);
    }
    expect(refusalStatus(outsider, card)).toBe(404);
    expect(refusalStatus(staff, card)).toBe(403);
  });
});
