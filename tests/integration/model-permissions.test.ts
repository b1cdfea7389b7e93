import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment, createAssignment, moveAssignment, setAssignmentArchived, updateAssignment } from "~/models/assignment.server";
import { addMember, createGroup, endGroup, extendGroup, removeMember, updateGroup } from "~/models/group.server";
import {
  addColumn,
  addFocusArea,
  moveColumn,
  moveFocusArea,
  removeColumn,
  removeFocusArea,
  updateColumn,
  updateFocusArea,
} from "~/models/plan-structure.server";
import { createPlan, lockPlanForChange, setPlanArchived, updatePlan } from "~/models/plan.server";
import { createGroupSchema } from "~/schemas/group";
import { createPlanSchema } from "~/schemas/plan";
import type { Db } from "~/utils/db.server";
import type { Actor } from "~/utils/permissions";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture, staffActor, strategicActor, type Fixture } from "./support/fixtures";
import { databaseFingerprint } from "./support/requests";

/**
 * The model functions check permissions again inside their transactions, so that a route that
 * forgets its own check still cannot write. These tests call them directly, with no route in
 * front, as an actor the model must refuse; the routes' checks are tried by the authorisation matrix.
 */

/** The status and code a model function refused with, as `"403 forbidden"`; fails if it did not refuse. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const { status, code } = error as { status?: unknown; code?: unknown };
    if (typeof status === "number" && typeof code === "string") return `${status} ${code}`;
    throw error;
  }
  throw new Error("expected a refusal");
}

const planFields = createPlanSchema.parse({ intent: "create", title: "Ny titel", startsOn: "2026-01-01", endsOn: "2026-12-31" });
const groupFields = createGroupSchema.parse({
  intent: "create",
  name: "Ny grupp",
  startsOn: "2026-01-01",
  endsOn: "2030-12-31",
  recruitment: "invited",
});

describe.each(databaseKinds)("model-layer permissions on %s", (kind) => {
  let test: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(async () => {
    await test?.close();
  });

  /** Refused with `expected`, and not a row of any table changed. */
  async function expectRefused(change: () => Promise<unknown>, expected: string) {
    const before = await databaseFingerprint(db);
    expect(await refusal(change())).toBe(expected);
    expect(await databaseFingerprint(db), "nothing written when refused").toBe(before);
  }

  /** A plan of its own, a staff member of its organisation, and a strategic developer of another one. */
  async function refusedActors(options: Parameters<typeof createPlanFixture>[1] = {}) {
    const fixture = await createPlanFixture(db, { cards: 2, ...options });
    const staff = await staffActor(db, fixture);
    const outsider = strategicActor(await createPlanFixture(db));
    return { fixture, staff, outsider };
  }

  describe("plans and their structure", () => {
    const changes: Record<string, (actor: Actor, fixture: Fixture) => Promise<unknown>> = {
      lockPlanForChange: (actor, f) => db.transaction().execute((trx) => lockPlanForChange(trx, actor, f.planId)),
      updatePlan: (actor, f) => updatePlan(db, actor, f.planId, planFields),
      "setPlanArchived (archive)": (actor, f) => setPlanArchived(db, actor, f.planId, true),
      addColumn: (actor, f) => addColumn(db, actor, f.planId, { name: "Granskning" }),
      updateColumn: (actor, f) => updateColumn(db, actor, f.planId, f.columns[0]!.id, { name: "Att göra", wipLimit: 3, isDone: false }),
      moveColumn: (actor, f) => moveColumn(db, actor, f.planId, f.columns[1]!.id, "up"),
      removeColumn: (actor, f) => removeColumn(db, actor, f.planId, f.columns[1]!.id, f.columns[0]!.id),
      addFocusArea: (actor, f) => addFocusArea(db, actor, f.planId, { name: "Hot och våld", description: "" }),
      updateFocusArea: (actor, f) => updateFocusArea(db, actor, f.planId, f.focusAreas[0]!.id, { name: "Samarbete", description: "" }),
      moveFocusArea: (actor, f) => moveFocusArea(db, actor, f.planId, f.focusAreas[0]!.id, "down"),
      removeFocusArea: (actor, f) => removeFocusArea(db, actor, f.planId, f.focusAreas[1]!.id, f.focusAreas[0]!.id),
    };
    for (const [name, change] of Object.entries(changes)) {
      it(`${name} refuses a staff member (403) and another organisation (404), writing nothing`, async () => {
        const { fixture, staff, outsider } = await refusedActors();
        await expectRefused(() => change(staff, fixture), "403 forbidden");
        await expectRefused(() => change(outsider, fixture), "404 not-found");
      });
    }

    it("setPlanArchived (restore) refuses a staff member and another organisation, writing nothing", async () => {
      const { fixture, staff, outsider } = await refusedActors();
      await setPlanArchived(db, strategicActor(fixture), fixture.planId, true);
      await expectRefused(() => setPlanArchived(db, staff, fixture.planId, false), "403 forbidden");
      await expectRefused(() => setPlanArchived(db, outsider, fixture.planId, false), "404 not-found");
    });

    it("createPlan refuses a staff member, writing nothing", async () => {
      const { staff } = await refusedActors();
      await expectRefused(() => createPlan(db, staff, planFields), "403 forbidden");
    });

    it("lets the plan's strategic developer through, so the refusals above are about the actor", async () => {
      for (const change of Object.values(changes)) {
        const fixture = await createPlanFixture(db, { cards: 2 });
        await change(strategicActor(fixture), fixture);
      }
    });
  });

  describe("cards", () => {
    const fieldsOf = (f: Fixture, workingGroupId: string | null) => ({
      title: "Ny rubrik",
      description: "",
      focusAreaId: f.focusAreas[0]!.id,
      workingGroupId,
      responsibleIds: [],
      dueOn: null,
    });
    // Card 0 is carried by the fixture's group, card 1 by no group.
    const move = (actor: Actor, f: Fixture, card = f.cards[0]!) =>
      moveAssignment(db, actor, {
        planId: f.planId,
        assignmentId: card.id,
        version: 1,
        toColumnId: f.columns[2]!.id,
        toFocusAreaId: card.focus_area_id,
        placement: { afterId: null },
      });

    it("refuses changes to a card by someone outside its carrying group, writing nothing", async () => {
      const { fixture, staff, outsider } = await refusedActors();
      const card = fixture.cards[0]!;
      for (const [actor, expected] of [
        [staff, "403 forbidden"],
        [outsider, "404 not-found"],
      ] as const) {
        await expectRefused(() => move(actor, fixture), expected);
        await expectRefused(() => updateAssignment(db, actor, card.id, 1, fieldsOf(fixture, fixture.group.id)), expected);
        await expectRefused(() => addComment(db, actor, card.id, "Lägesrapport"), expected);
        await expectRefused(() => setAssignmentArchived(db, actor, card.id, 1, true), expected);
      }
      await expectRefused(() => createAssignment(db, staff, fixture.planId, fieldsOf(fixture, null)), "403 forbidden");
      await expectRefused(() => createAssignment(db, outsider, fixture.planId, fieldsOf(fixture, null)), "404 not-found");
    });

    it("lets a carrying group's member work a card, but not archive it, hand it on or touch another group's", async () => {
      const { fixture } = await refusedActors();
      const carrier = await staffActor(db, fixture, [fixture.group.id]);
      const [carried, uncarried] = [fixture.cards[0]!, fixture.cards[1]!];
      await expectRefused(() => setAssignmentArchived(db, carrier, carried.id, 1, true), "403 forbidden");
      await expectRefused(() => updateAssignment(db, carrier, carried.id, 1, fieldsOf(fixture, null)), "403 forbidden");
      await expectRefused(() => move(carrier, fixture, uncarried), "403 forbidden");
      await expectRefused(() => addComment(db, carrier, uncarried.id, "Lägesrapport"), "403 forbidden");
      await move(carrier, fixture);
      await addComment(db, carrier, carried.id, "Lägesrapport");
    });
  });

  describe("groups", () => {
    it("refuses a staff member (403) and another organisation (404) every change to a group, writing nothing", async () => {
      const { fixture, staff, outsider } = await refusedActors();
      const member = await staffActor(db, fixture);
      const groupId = fixture.group.id;
      await db.insertInto("group_memberships").values({ group_id: groupId, person_id: member.id }).execute();
      const other = await staffActor(db, fixture);
      for (const [actor, expected] of [
        [staff, "403 forbidden"],
        [outsider, "404 not-found"],
      ] as const) {
        await expectRefused(() => updateGroup(db, actor, groupId, groupFields), expected);
        await expectRefused(() => extendGroup(db, actor, groupId, "2031-12-31"), expected);
        await expectRefused(() => endGroup(db, actor, groupId), expected);
        await expectRefused(() => addMember(db, actor, groupId, other.id, "member"), expected);
        await expectRefused(() => removeMember(db, actor, groupId, member.id), expected);
      }
      await expectRefused(() => createGroup(db, staff, groupFields), "403 forbidden");
    });
  });
});
