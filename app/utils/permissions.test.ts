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
    unitId: null,
    unitIds: null,
    ...overrides,
  };
}

const strategic = actor({ role: "strategic_developer" });
const admin = actor({ role: "strategic_developer", isAdmin: true });
const carrier = actor({ activeGroupIds: [GROUP] });
const otherGroup = actor({ activeGroupIds: ["group-other"] });
const staff = actor({});
const outsider = actor({ role: "strategic_developer", isAdmin: true, organisationId: "org-2" });

const card = { organisationId: ORG, unitId: null, workingGroupId: GROUP };
const uncarried = { organisationId: ORG, unitId: null, workingGroupId: null };

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

  it("lets a unit's strategic developer manage the plans of their unit and the units below it, and no other unit's", () => {
    const district = actor({ role: "strategic_developer", unitIds: ["unit-north", "unit-north-east"] });
    const northPlan = { organisationId: ORG, unitId: "unit-north", workingGroupId: null };
    const belowPlan = { organisationId: ORG, unitId: "unit-north-east", workingGroupId: null };
    const southPlan = { organisationId: ORG, unitId: "unit-south", workingGroupId: GROUP };
    const organisationPlan = { organisationId: ORG, unitId: null, workingGroupId: null };
    for (const action of ["plan:manage", "unit:manage", "assignment:update", "assignment:comment"] as const) {
      expect(can(district, action, northPlan)).toBe(true);
      expect(can(district, action, belowPlan)).toBe(true);
      expect(can(district, action, southPlan)).toBe(false);
      expect(can(strategic, action, southPlan)).toBe(true);
    }
    expect(can(district, "plan:manage", organisationPlan)).toBe(true);
    expect(can(district, "read", southPlan)).toBe(true);
    expect(can(carrier, "assignment:update", southPlan)).toBe(true);
    expect(can(actor({ unitIds: ["unit-south"] }), "unit:manage", southPlan)).toBe(false);
  });

  it("gives another organisation nothing at all, and hides that the thing exists", () => {
    for (const action of ["read", "plan:manage", "unit:manage", "assignment:update", "assignment:comment", "group:manage", "people:administer"] as const) {
      expect(can(outsider, action, card)).toBe(false);
    }
    expect(refusalStatus(outsider, card)).toBe(404);
    expect(refusalStatus(staff, card)).toBe(403);
  });
});
