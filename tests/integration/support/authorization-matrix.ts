import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/models/demo.server";
import { createAssignment, setAssignmentArchived, updateAssignment } from "~/models/assignment.server";
import { adoptPlan, setOffers } from "~/models/adoption.server";
import { createPasswordSetupToken, selectActors, toActor } from "~/models/person.server";
import { addFocusArea, updateFocusArea } from "~/models/plan-structure.server";
import { createPlan } from "~/models/plan.server";
import { addUnit } from "~/models/unit.server";
import { castBallot, closeVote, openVote } from "~/models/vote.server";
import { createIndicator } from "~/models/indicator.server";
import { demoId } from "../../../db/demo-id";
import { saveUpload } from "~/models/import-upload.server";
import { createShareLink } from "~/models/share.server";
import type { Actor } from "~/utils/permissions";
import { seedDemoData } from "../../../db/seed";
import { createTestDatabase, databaseKinds, type DatabaseKind, type TestDatabase } from "./databases";
import { saveIdentityProvider, setRoleMapping } from "~/models/identity-provider.server";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext, type RouteResult } from "./requests";
import { appRoutes as routes } from "./routes";

const TRELLO_EXPORT = readFileSync(fileURLToPath(new URL("../../fixtures/trello/minimal.json", import.meta.url)), "utf8");

// `district`: a strategic developer of one unit (Jobbtorget), below the administration whose plans the fixture uses.
const ACTORS = ["strategic", "district", "carrier", "otherGroup", "endedGroup", "staff", "anonymous", "outsider"] as const;
type ActorKey = (typeof ACTORS)[number];
/** ok: 2xx; redirect: 3xx; login: sent to sign in first (and back afterwards); 403 and 404 as they are. */
type Outcome = "ok" | "redirect" | "login" | 400 | 401 | 403 | 404;
type Expectation = Record<ActorKey, Outcome>;

const everyone = (outcome: Outcome): Expectation =>
  Object.fromEntries(ACTORS.map((actor) => [actor, outcome])) as Expectation;
const signedIn = (outcome: Outcome, overrides: Partial<Expectation> = {}): Expectation => ({
  ...everyone(outcome),
  anonymous: "login",
  ...overrides,
});
const adminsOnly = (outcome: Outcome): Expectation => signedIn(403, { strategic: outcome });
/** Strategic developers manage plans; another organisation does not see them at all. */
const managersOnly = (outcome: Outcome): Expectation => signedIn(403, { strategic: outcome, outsider: 404 });
/** Groups are the organisation's, whatever a strategic developer's unit. */
const groupManagers = (outcome: Outcome): Expectation => ({ ...managersOnly(outcome), district: outcome });
/** What any strategic developer does in their own organisation: new plans, imports. */
const anyStrategic = (outcome: Outcome): Expectation => signedIn(403, { strategic: outcome, district: outcome, outsider: outcome });
/** A unit's own things: its strategic developers and those above it. */
const unitManagers = (outcome: Outcome): Expectation => signedIn(403, { strategic: outcome, district: outcome, outsider: 404 });
/** The carrying group's members and strategic developers change a card. */
const carriers = (outcome: Outcome): Expectation => signedIn(403, { strategic: outcome, carrier: outcome, outsider: 404 });

const cardParams = (card: CardFixture) => ({ planId: card.planId, assignmentId: card.assignmentId });

interface Fixture {
  planId: string;
  targetPersonId: (db: TestDatabase["db"]) => Promise<string>;
  setupToken: (db: TestDatabase["db"]) => Promise<string>;
  /**
   * A fresh card, so that no case sees another's changes. It is carried by the carrier's running
   * group; shown to the ended group's member, by that ended group, so that its member is tried
   * against a card their own (ended) group carries.
   */
  carriedCard: (db: TestDatabase["db"], actor: ActorKey, options?: { archived?: boolean }) => Promise<CardFixture>;
  /** A fresh share link to the plan: its token, or its id. */
  shareToken: (db: TestDatabase["db"]) => Promise<string>;
  shareLink: (db: TestDatabase["db"]) => Promise<string>;
  /** A Trello export uploaded by this actor (anonymous: by the strategic developer), waiting for its import. */
  importUpload: (db: TestDatabase["db"], actor: ActorKey) => Promise<string>;
  /** A follow of the fixture plan by this actor (anonymous: by the strategic developer). */
  followOf: (db: TestDatabase["db"], actor: ActorKey) => Promise<string>;
  /** A fresh unit below the administration, with nothing on it. */
  freshUnit: (db: TestDatabase["db"]) => Promise<string>;
  /** The district developer's unit. */
  districtUnitId: string;
  /**
   * A fresh central plan of the administration, offered to the district's unit; adopted there
   * when asked, and then changed centrally (a new assignment, a renamed focus area and assignment).
   */
  centralPlan: (db: TestDatabase["db"], options?: { adopted?: boolean }) => Promise<CentralFixture>;
  /** A fresh priority vote on the district's adopted board, open or (with one ballot) closed. */
  vote: (db: TestDatabase["db"], options?: { closed?: boolean }) => Promise<{ voteId: string; planId: string; pointIds: string[] }>;
  /** The demo organisation's identity provider, saved anew (with this role mapping too, when asked). */
  identityProvider: (db: TestDatabase["db"], options?: { mapping?: string }) => Promise<void>;
  /** A fresh indicator of the demo organisation, linked to the fixture plan: its id and its link's. */
  indicator: (db: TestDatabase["db"]) => Promise<{ indicatorId: string; linkId: string }>;
}

interface CentralFixture {
  planId: string;
  focusAreaIds: string[];
  assignmentIds: string[];
  adoptedPlanId: string | null;
}

interface CardFixture {
  planId: string;
  assignmentId: string;
  version: string;
  focusAreaId: string;
  otherColumnId: string;
  groupId: string;
}

interface Case {
  expect: Expectation;
  /**
   * The refusal depends on what the form or the row names, so it comes after validation: a card's
   * carrying group is checked by the model with the row locked (see model-permissions.test.ts).
   */
  refusedAfterValidation?: true;
  params?: (fixture: Fixture, db: TestDatabase["db"]) => Promise<Record<string, string>> | Record<string, string>;
  form?: (fixture: Fixture, actor: ActorKey) => Record<string, string>;
  /** For cases that need fresh rows: the params and the form in one go. */
  setup?: (
    fixture: Fixture,
    db: TestDatabase["db"],
    actor: ActorKey,
  ) => Promise<{ params: Record<string, string>; form?: Record<string, string> }>;
}

/** `route GET` for loaders, `route POST intent` for actions (just `route POST` where there are no intents). */
/** The person page of someone the admins manage. */
const targetPersonParams: Case["params"] = async (f, db) => ({ personId: await f.targetPersonId(db) });

const MATRIX: Record<string, Case> = {
  // The root route's loader runs for every page: it reads who is signed in and refuses no one.
  "root GET": { expect: everyone("ok") },
  "_index GET": { expect: everyone("redirect") },
  "plans.$planId POST move": {
    refusedAfterValidation: true,
    expect: carriers("ok"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor);
      return {
        params: { planId: card.planId },
        form: { intent: "move", assignmentId: card.assignmentId, version: card.version, toColumnId: card.otherColumnId, toFocusAreaId: card.focusAreaId, afterId: "start" },
      };
    },
  },
  "plans.$planId POST add": {
    refusedAfterValidation: true,
    expect: managersOnly("ok"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor);
      return { params: { planId: card.planId }, form: { intent: "add", title: "Nytt kort", toColumnId: card.otherColumnId, toFocusAreaId: card.focusAreaId } };
    },
  },
  "plans.$planId_.events GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.summary GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "summary GET": { expect: signedIn("ok") },
  "plans.$planId_.feed[.]atom GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.assignments[.]csv GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.history[.]csv GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.export[.]json GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.activity GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.activity[.]atom GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "activity GET": { expect: signedIn("ok") },
  "following GET": { expect: signedIn("ok") },
  "following POST follow": {
    refusedAfterValidation: true,
    expect: signedIn("redirect", { outsider: 404 }),
    params: () => ({}),
    form: (f) => ({ intent: "follow", planId: f.planId }),
  },
  "following POST unfollow": {
    expect: signedIn("redirect"),
    setup: async (f, db, actor) => ({ params: {}, form: { intent: "unfollow", followId: await f.followOf(db, actor) } }),
  },
  "following POST mark-seen": { expect: signedIn("redirect"), params: () => ({}), form: () => ({ intent: "mark-seen" }) },
  "plans.$planId_.flow GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.sharing GET": { expect: managersOnly("ok"), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.sharing POST create": {
    expect: managersOnly("ok"),
    params: (f) => ({ planId: f.planId }),
    form: () => ({ intent: "create", label: "Skärmen i fikarummet" }),
  },
  "plans.$planId_.sharing POST revoke": {
    expect: managersOnly("ok"),
    setup: async (f, db) => ({ params: { planId: f.planId }, form: { intent: "revoke", linkId: await f.shareLink(db), confirm: "yes" } }),
  },
  // Share links open without an account, for anyone who has one; a revoked or unknown one is not found.
  "share.$token GET": { expect: everyone("ok"), setup: async (f, db) => ({ params: { token: await f.shareToken(db) } }) },
  "share.$token_.summary GET": { expect: everyone("ok"), setup: async (f, db) => ({ params: { token: await f.shareToken(db) } }) },
  "share.$token_.feed[.]atom GET": { expect: everyone("ok"), setup: async (f, db) => ({ params: { token: await f.shareToken(db) } }) },
  "share.$token_.events GET": { expect: everyone("ok"), setup: async (f, db) => ({ params: { token: await f.shareToken(db) } }) },
  "plans.$planId_.assignments.new GET": { expect: managersOnly("ok"), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.assignments.new POST create": {
    expect: managersOnly("redirect"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor);
      return { params: { planId: card.planId }, form: { intent: "create", title: "Nytt uppdrag", focusAreaId: card.focusAreaId } };
    },
  },
  "plans.$planId_.assignments.$assignmentId GET": {
    expect: signedIn("ok", { outsider: 404 }),
    setup: async (f, db, actor) => ({ params: cardParams(await f.carriedCard(db, actor)) }),
  },
  "plans.$planId_.assignments.$assignmentId POST update": {
    refusedAfterValidation: true,
    expect: carriers("ok"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor);
      return {
        params: cardParams(card),
        form: { intent: "update", version: card.version, title: "Ny rubrik", focusAreaId: card.focusAreaId, workingGroupId: card.groupId },
      };
    },
  },
  "plans.$planId_.assignments.$assignmentId POST comment": {
    refusedAfterValidation: true,
    expect: carriers("ok"),
    setup: async (f, db, actor) => ({ params: cardParams(await f.carriedCard(db, actor)), form: { intent: "comment", body: "Lägesrapport" } }),
  },
  "plans.$planId_.assignments.$assignmentId POST move": {
    refusedAfterValidation: true,
    expect: carriers("ok"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor);
      return {
        params: cardParams(card),
        form: { intent: "move", version: card.version, toColumnId: card.otherColumnId, toFocusAreaId: card.focusAreaId, position: "1" },
      };
    },
  },
  "plans.$planId_.assignments.$assignmentId POST archive": {
    refusedAfterValidation: true,
    expect: managersOnly("ok"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor);
      return { params: cardParams(card), form: { intent: "archive", version: card.version } };
    },
  },
  "plans.$planId_.assignments.$assignmentId POST restore": {
    refusedAfterValidation: true,
    expect: managersOnly("ok"),
    setup: async (f, db, actor) => {
      const card = await f.carriedCard(db, actor, { archived: true });
      return { params: cardParams(card), form: { intent: "restore", version: card.version } };
    },
  },
  "healthz GET": { expect: everyone("ok") },
  "language GET": { expect: everyone("redirect") },
  "language POST": { expect: everyone("redirect"), form: () => ({ locale: "en", redirectTo: "/plans" }) },
  "logout GET": { expect: everyone("redirect") },
  "logout POST": { expect: everyone("redirect"), form: () => ({}) },
  "login GET": { expect: { ...everyone("redirect"), anonymous: "ok" } },
  "login POST password": {
    expect: everyone("redirect"),
    form: () => ({ intent: "password", email: "personal@exempelby.test", password: DEMO_PASSWORD }),
  },
  // Demo sign-in exists in demo mode only; tests run in development mode.
  "login POST demo": { expect: everyone(404), refusedAfterValidation: true, form: () => ({ intent: "demo", email: "strateg@exempelby.test" }) },
  "plans._index GET": { expect: signedIn("ok") },
  "plans.$planId GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "people._index GET": { expect: adminsOnly("ok") },
  "people._index POST create": {
    expect: adminsOnly("redirect"),
    form: (_, actor) => ({ intent: "create", name: "Ny Person", email: `ny.${actor}@exempelby.test`, role: "staff" }),
  },
  "people.$personId GET": { expect: adminsOnly("ok"), params: targetPersonParams },
  "people.$personId POST change-role": {
    expect: adminsOnly("ok"),
    params: targetPersonParams,
    form: () => ({ intent: "change-role", role: "strategic_developer" }),
  },
  "people.$personId POST change-unit": {
    expect: adminsOnly("ok"),
    params: targetPersonParams,
    form: (f) => ({ intent: "change-unit", unitId: f.districtUnitId }),
  },
  "people.$personId POST deactivate": {
    expect: adminsOnly("ok"),
    params: targetPersonParams,
    form: () => ({ intent: "deactivate", confirm: "yes" }),
  },
  "people.$personId POST reactivate": {
    expect: adminsOnly("ok"),
    params: targetPersonParams,
    form: () => ({ intent: "reactivate" }),
  },
  "people.$personId POST setup-link": {
    expect: adminsOnly("ok"),
    params: targetPersonParams,
    form: () => ({ intent: "setup-link" }),
  },
  "password-setup.$token GET": { expect: everyone("ok"), params: async (f, db) => ({ token: await f.setupToken(db) }) },
  "password-setup.$token POST": {
    expect: everyone("redirect"),
    params: async (f, db) => ({ token: await f.setupToken(db) }),
    form: () => ({ password: "a-long-new-password", confirmation: "a-long-new-password" }),
  },
  "plans.new GET": { expect: anyStrategic("ok") },
  // Imports: a strategic developer of any organisation imports into their own.
  "plans.import GET": { expect: anyStrategic("ok") },
  "plans.import POST upload": {
    // A form field that is no file: refused by the schema, after the permission check.
    expect: anyStrategic(400),
    form: () => ({ intent: "upload", file: "not a file" }),
  },
  "plans.import_.$uploadId GET": {
    expect: anyStrategic("ok"),
    setup: async (f, db, actor) => ({ params: { uploadId: await f.importUpload(db, actor) } }),
  },
  "plans.import_.$uploadId_.progress GET": {
    expect: anyStrategic("ok"),
    setup: async (f, db, actor) => ({ params: { uploadId: await f.importUpload(db, actor) } }),
  },
  "plans.import_.$uploadId POST preview": {
    expect: anyStrategic("ok"),
    setup: async (f, db, actor) => ({ params: { uploadId: await f.importUpload(db, actor) }, form: { intent: "preview", closedLists: "archive", focusAreas: "labels" } }),
  },
  "plans.import_.$uploadId POST import": {
    expect: anyStrategic("redirect"),
    setup: async (f, db, actor) => ({
      params: { uploadId: await f.importUpload(db, actor) },
      form: { intent: "import", closedLists: "archive", focusAreas: "labels", importAgain: "yes" },
    }),
  },
  "plans.new POST create": {
    expect: anyStrategic("redirect"),
    form: () => ({ intent: "create", title: "Matrisplan", startsOn: "2026-01-01", endsOn: "2026-12-31" }),
  },
  // Plan settings: each case gets a plan of its own (two columns, two focus areas), so none sees another's changes.
  ...((): Record<string, Case> => {
    type SettingsPlan = { planId: string; columnIds: string[]; focusAreaIds: string[] };
    const settingsPlan = async (f: Fixture, db: TestDatabase["db"], archived = false): Promise<SettingsPlan> => {
      const { organisation_id } = await db.selectFrom("action_plans").select("organisation_id").where("id", "=", f.planId).executeTakeFirstOrThrow();
      const plan = await db
        .insertInto("action_plans")
        .values({ organisation_id, unit_id: demoId("unit:forvaltning"), title: "Matrisplan", archived_at: archived ? new Date() : null })
        .returning("id")
        .executeTakeFirstOrThrow();
      const lanes = (names: string[]) => names.map((name, index) => ({ plan_id: plan.id, name, position: `a${index}` }));
      const columns = await db.insertInto("board_columns").values(lanes(["Planerad", "Pågår"])).returning("id").execute();
      const focusAreas = await db.insertInto("focus_areas").values(lanes(["Samverkan", "Arbetsmiljö"])).returning("id").execute();
      return { planId: plan.id, columnIds: columns.map((c) => c.id), focusAreaIds: focusAreas.map((a) => a.id) };
    };
    const settingsCase = (intent: string, form: (plan: SettingsPlan) => Record<string, string>, archived = false): Case => ({
      expect: managersOnly("ok"),
      setup: async (f, db) => {
        const plan = await settingsPlan(f, db, archived);
        return { params: { planId: plan.planId }, form: { intent, ...form(plan) } };
      },
    });
    return {
      "plans.$planId_.settings GET": {
        expect: managersOnly("ok"),
        setup: async (f, db) => ({ params: { planId: (await settingsPlan(f, db)).planId } }),
      },
      "plans.$planId_.settings POST update-plan": settingsCase("update-plan", () => ({ title: "Ny titel" })),
      "plans.$planId_.settings POST archive-plan": settingsCase("archive-plan", () => ({ confirm: "yes" })),
      "plans.$planId_.settings POST restore-plan": settingsCase("restore-plan", () => ({}), true),
      "plans.$planId_.settings POST add-column": settingsCase("add-column", () => ({ name: "Granskning" })),
      "plans.$planId_.settings POST update-column": settingsCase("update-column", (p) => ({ columnId: p.columnIds[0]!, name: "Att göra", wipLimit: "3" })),
      "plans.$planId_.settings POST move-column": settingsCase("move-column", (p) => ({ columnId: p.columnIds[1]!, direction: "up" })),
      "plans.$planId_.settings POST remove-column": settingsCase("remove-column", (p) => ({ columnId: p.columnIds[1]!, targetColumnId: p.columnIds[0]! })),
      "plans.$planId_.settings POST add-focus-area": settingsCase("add-focus-area", () => ({ name: "Hot och våld" })),
      "plans.$planId_.settings POST update-focus-area": settingsCase("update-focus-area", (p) => ({ focusAreaId: p.focusAreaIds[0]!, name: "Samarbete" })),
      "plans.$planId_.settings POST move-focus-area": settingsCase("move-focus-area", (p) => ({ focusAreaId: p.focusAreaIds[0]!, direction: "down" })),
      "plans.$planId_.settings POST remove-focus-area": settingsCase("remove-focus-area", (p) => ({ focusAreaId: p.focusAreaIds[1]!, targetFocusAreaId: p.focusAreaIds[0]! })),
    };
  })(),
  "groups._index GET": { expect: signedIn("ok") },
  "groups.new GET": { expect: anyStrategic("ok") },
  "groups.new POST create": {
    expect: anyStrategic("redirect"),
    form: () => ({ intent: "create", name: "Matrisgruppen", startsOn: "2027-01-01", endsOn: "2027-12-31", recruitment: "invited" }),
  },
  "groups.$groupId GET": {
    expect: signedIn("ok", { outsider: 404 }),
    params: async (_f, db) => ({ groupId: await (await import("./groups")).groupIdByName(db, "Multiteamgruppen") }),
  },
  "groups.$groupId POST update": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => {
      const { freshGroup, dateIn } = await import("./groups");
      const { groupId } = await freshGroup(db, { recruitment: "invited" });
      return {
        params: { groupId },
        form: { intent: "update", name: "Omdöpt grupp", startsOn: dateIn(-30), endsOn: dateIn(200), recruitment: "invited" },
      };
    },
  },
  "groups.$groupId POST extend": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => {
      const { freshGroup, dateIn } = await import("./groups");
      return { params: { groupId: (await freshGroup(db)).groupId }, form: { intent: "extend", endsOn: dateIn(400) } };
    },
  },
  "groups.$groupId POST end": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => {
      const { freshGroup } = await import("./groups");
      return { params: { groupId: (await freshGroup(db)).groupId }, form: { intent: "end", confirm: "yes" } };
    },
  },
  "groups.$groupId POST add-member": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => {
      const { freshGroup, personIdByEmail } = await import("./groups");
      const { groupId } = await freshGroup(db, { recruitment: "invited" });
      return { params: { groupId }, form: { intent: "add-member", personId: await personIdByEmail(db, "personal@exempelby.test"), role: "member" } };
    },
  },
  "groups.$groupId POST remove-member": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => {
      const { freshGroup, personIdByEmail } = await import("./groups");
      const { groupId } = await freshGroup(db, { recruitment: "invited", members: ["personal@exempelby.test"] });
      return { params: { groupId }, form: { intent: "remove-member", personId: await personIdByEmail(db, "personal@exempelby.test") } };
    },
  },
  // Anyone of the organisation may apply to an open call, and sees only their own application.
  "groups.$groupId_.application GET": {
    expect: signedIn("ok", { outsider: 404 }),
    setup: async (_f, db) => ({ params: { groupId: (await (await import("./groups")).freshGroup(db, { everyoneApplied: true })).groupId } }),
  },
  "groups.$groupId_.application POST apply": {
    expect: signedIn("ok", { outsider: 404 }),
    setup: async (_f, db) => {
      const { freshGroup } = await import("./groups");
      return {
        params: { groupId: (await freshGroup(db)).groupId },
        form: { intent: "apply", motivation: "Jag vill bidra.", experienceYears: "7", competences: "Juridik" },
      };
    },
  },
  "groups.$groupId_.application POST update": {
    expect: signedIn("ok", { outsider: 404 }),
    setup: async (_f, db) => {
      const { freshGroup } = await import("./groups");
      return {
        params: { groupId: (await freshGroup(db, { everyoneApplied: true })).groupId },
        form: { intent: "update", motivation: "Jag vill bidra ännu mer.", experienceYears: "8" },
      };
    },
  },
  "groups.$groupId_.application POST withdraw": {
    expect: signedIn("ok", { outsider: 404 }),
    setup: async (_f, db) => {
      const { freshGroup } = await import("./groups");
      return { params: { groupId: (await freshGroup(db, { everyoneApplied: true })).groupId }, form: { intent: "withdraw" } };
    },
  },
  // Applications are personal data: only the organisation's strategic developers see them all.
  "groups.$groupId_.selection GET": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => ({ params: { groupId: (await (await import("./groups")).freshGroup(db, { everyoneApplied: true })).groupId } }),
  },
  "groups.$groupId_.selection POST confirm": {
    expect: groupManagers("ok"),
    setup: async (_f, db) => {
      const { freshGroup } = await import("./groups");
      const { groupId, applicationIds } = await freshGroup(db, { everyoneApplied: true });
      return { params: { groupId }, form: { intent: "confirm", applicationIds: applicationIds[0]!, confirm: "yes" } };
    },
  },
  // Sign-in through the organisation's identity provider. The flow's routes take their input from the
  // query string, which these cases leave out: 400 for everyone, and the callback sends everyone on to
  // the page that says why it was refused (oidc.test.ts goes through the flow).
  "auth.oidc.start GET": { expect: everyone(400) },
  "auth.oidc.callback GET": { expect: everyone("redirect") },
  "auth.oidc.refused GET": { expect: everyone(400) },
  "auth.oidc.logout GET": { expect: everyone(400) },
  // Its settings are the administrators'. No provider answers in this test, so a save is refused
  // after the check of rights, when the issuer does not answer (oidc.test.ts saves against a real one).
  "people.sign-in GET": { expect: adminsOnly("ok") },
  "people.sign-in POST save-provider": {
    expect: adminsOnly(400),
    form: () => ({ intent: "save-provider", displayName: "Exempelby-kontot", issuer: "http://127.0.0.1:9/", clientId: "planboard", clientSecret: "secret", emailClaim: "email" }),
  },
  "people.sign-in POST set-mapping": {
    expect: adminsOnly("ok"),
    setup: async (f, db) => {
      await f.identityProvider(db);
      return { params: {}, form: { intent: "set-mapping", groupValue: "utvecklare", role: "strategic_developer" } };
    },
  },
  "people.sign-in POST remove-mapping": {
    expect: adminsOnly("ok"),
    setup: async (f, db) => {
      await f.identityProvider(db, { mapping: "att-ta-bort" });
      return { params: {}, form: { intent: "remove-mapping", groupValue: "att-ta-bort" } };
    },
  },
  "people.sign-in POST remove-provider": {
    expect: adminsOnly("ok"),
    setup: async (f, db) => {
      await f.identityProvider(db);
      return { params: {}, form: { intent: "remove-provider", confirm: "yes" } };
    },
  },
  // Units: the organisation's tree, kept by its administrators.
  "units GET": { expect: adminsOnly("ok") },
  "units POST add-unit": { expect: adminsOnly("ok"), form: () => ({ intent: "add-unit", name: "Ny enhet", kind: "unit" }) },
  "units POST update-unit": {
    expect: adminsOnly("ok"),
    setup: async (f, db) => ({ params: {}, form: { intent: "update-unit", unitId: await f.freshUnit(db), name: "Omdöpt enhet", kind: "district" } }),
  },
  "units POST remove-unit": {
    expect: adminsOnly("ok"),
    setup: async (f, db) => ({ params: {}, form: { intent: "remove-unit", unitId: await f.freshUnit(db), confirm: "yes" } }),
  },
  // A central plan: everyone of the organisation reads the central view; the plan's own managers
  // offer it; the developers of a unit it is offered to adopt it and answer its later changes.
  "plans.$planId_.units GET": { expect: signedIn("ok", { outsider: 404 }), setup: async (f, db) => ({ params: { planId: (await f.centralPlan(db)).planId } }) },
  "plans.$planId_.units[.]csv GET": { expect: signedIn("ok", { outsider: 404 }), setup: async (f, db) => ({ params: { planId: (await f.centralPlan(db)).planId } }) },
  "plans.$planId_.units POST offer": {
    expect: managersOnly("ok"),
    setup: async (f, db) => ({ params: { planId: (await f.centralPlan(db)).planId }, form: { intent: "offer", unitIds: f.districtUnitId } }),
  },
  "plans.$planId_.adopt GET": { expect: unitManagers("ok"), setup: async (f, db) => ({ params: { planId: (await f.centralPlan(db)).planId } }) },
  "plans.$planId_.adopt POST adopt": {
    expect: unitManagers("redirect"),
    setup: async (f, db) => {
      const central = await f.centralPlan(db);
      return {
        params: { planId: central.planId },
        form: { intent: "adopt", unitId: f.districtUnitId, title: "Jobbtorgets plan", focusAreaIds: central.focusAreaIds[0]! },
      };
    },
  },
  "plans.$planId_.central GET": {
    expect: signedIn("ok", { outsider: 404 }),
    setup: async (f, db) => ({ params: { planId: (await f.centralPlan(db, { adopted: true })).adoptedPlanId! } }),
  },
  ...Object.fromEntries(
    (
      [
        ["take", "assignment", 1],
        ["decline", "assignment", 1],
        ["rename", "focusArea", 0],
        ["keep-name", "assignment", 0],
      ] as const
    ).map(([intent, kind, index]): [string, Case] => [
      `plans.$planId_.central POST ${intent}`,
      {
        expect: unitManagers("ok"),
        setup: async (f, db) => {
          const central = await f.centralPlan(db, { adopted: true });
          const originId = kind === "focusArea" ? central.focusAreaIds[index]! : central.assignmentIds[index]!;
          return { params: { planId: central.adoptedPlanId! }, form: { intent, kind, originId } };
        },
      },
    ]),
  ),
  // Priority votes: held on a unit's plan among its staff (the district's, here: the carrier works
  // there); who voted for what is never shown, so reading a vote is everyone's in the organisation.
  "plans.$planId_.votes GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "plans.$planId_.votes POST open": {
    expect: unitManagers("redirect"),
    setup: async (f, db) => ({
      params: { planId: (await f.centralPlan(db, { adopted: true })).adoptedPlanId! },
      form: { intent: "open", title: "Vad är viktigast?", pointKind: "focus_area", maxChoices: "3", closesOn: "2999-12-31" },
    }),
  },
  "votes.$voteId GET": { expect: signedIn("ok", { outsider: 404 }), setup: async (f, db) => ({ params: { voteId: (await f.vote(db)).voteId } }) },
  "votes.$voteId POST cast": {
    // Whether a person may vote depends on their unit, checked with the vote locked.
    refusedAfterValidation: true,
    expect: signedIn(403, { district: "ok", carrier: "ok", outsider: 404 }),
    setup: async (f, db) => {
      const vote = await f.vote(db);
      return { params: { voteId: vote.voteId }, form: { intent: "cast", pointIds: vote.pointIds[0]! } };
    },
  },
  "votes.$voteId POST close": { expect: unitManagers("ok"), setup: async (f, db) => ({ params: { voteId: (await f.vote(db)).voteId }, form: { intent: "close" } }) },
  "votes.$voteId POST adopt": {
    expect: unitManagers("ok"),
    setup: async (f, db) => ({ params: { voteId: (await f.vote(db, { closed: true })).voteId }, form: { intent: "adopt", top: "1" } }),
  },
  // Indicators: the organisation's strategic developers define and link them; a unit's record its
  // values (the district's developer for Jobbtorget, here); everyone of the organisation reads them.
  "indicators._index GET": { expect: signedIn("ok") },
  "indicators._index POST create": {
    expect: anyStrategic("redirect"),
    form: () => ({ intent: "create", name: "Personalomsättning", higherIsBetter: "no", period: "quarter", unitOfMeasure: "%", target: "8,5" }),
  },
  "indicators.$indicatorId GET": { expect: signedIn("ok", { outsider: 404 }), setup: async (f, db) => ({ params: { indicatorId: (await f.indicator(db)).indicatorId } }) },
  "indicators.$indicatorId POST update": {
    expect: unitManagers("ok"),
    setup: async (f, db) => ({
      params: { indicatorId: (await f.indicator(db)).indicatorId },
      form: { intent: "update", name: "Sjukfrånvaro, kort", higherIsBetter: "no", period: "month", unitOfMeasure: "%" },
    }),
  },
  "indicators.$indicatorId POST link": {
    expect: unitManagers("ok"),
    setup: async (f, db) => ({ params: { indicatorId: (await f.indicator(db)).indicatorId }, form: { intent: "link", target: `plan:${(await f.centralPlan(db)).planId}` } }),
  },
  "indicators.$indicatorId POST unlink": {
    expect: unitManagers("ok"),
    setup: async (f, db) => {
      const { indicatorId, linkId } = await f.indicator(db);
      return { params: { indicatorId }, form: { intent: "unlink", linkId } };
    },
  },
  "indicators.$indicatorId POST record": {
    expect: unitManagers("ok"),
    setup: async (f, db) => ({
      params: { indicatorId: (await f.indicator(db)).indicatorId },
      form: { intent: "record", unitId: f.districtUnitId, period: `${new Date().getFullYear() - 1}-11`, value: "1 234,5" },
    }),
  },
  "indicators.$indicatorId POST upload": {
    // A form field that is no file: refused by the schema, after the permission check.
    expect: unitManagers(400),
    setup: async (f, db) => ({ params: { indicatorId: (await f.indicator(db)).indicatorId }, form: { intent: "upload", file: "not a file" } }),
  },
  "plans.$planId_.indicators GET": { expect: signedIn("ok", { outsider: 404 }), params: (f) => ({ planId: f.planId }) },
  "notifications GET": { expect: signedIn("ok") },
  "notifications POST mark-all-read": { expect: signedIn("ok"), form: () => ({ intent: "mark-all-read" }) },
  "account GET": { expect: signedIn("ok") },
  "account POST change-password": {
    expect: signedIn("ok"),
    form: () => ({ intent: "change-password", currentPassword: DEMO_PASSWORD, password: DEMO_PASSWORD, confirmation: DEMO_PASSWORD }),
  },
  // Each person's own feed token; what it opens is tested in feed-tokens.test.ts.
  "account POST issue-feed-token": { expect: signedIn("ok"), form: () => ({ intent: "issue-feed-token" }) },
  "account POST revoke-feed-token": { expect: signedIn("ok"), form: () => ({ intent: "revoke-feed-token" }) },
};

// A card opened over the board is the assignment's page at another address: the same rules.
const ASSIGNMENT_PAGE = "plans.$planId_.assignments.$assignmentId ";
for (const [key, rules] of Object.entries(MATRIX)) {
  if (key.startsWith(ASSIGNMENT_PAGE)) MATRIX[key.replace(ASSIGNMENT_PAGE, "plans.$planId.cards.$assignmentId ")] = rules;
}

function discoveredKeys(): string[] {
  const keys: string[] = [];
  for (const { id, module } of routes) {
    if (module.loader) keys.push(`${id} GET`);
    if (module.action) {
      if (module.intents?.length) keys.push(...module.intents.map((intent) => `${id} POST ${intent}`));
      else keys.push(`${id} POST`);
    }
  }
  return keys.sort();
}

function outcomeOf(result: RouteResult): Outcome | number {
  if (result.status >= 300 && result.status < 400) return result.location?.startsWith("/login?redirectTo=") ? "login" : "redirect";
  if (result.status >= 200 && result.status < 300) return "ok";
  return result.status;
}

/** The matrix covers every route and intent of the app. */
export function describeMatrixCompleteness() {
describe("the authorisation matrix", () => {
  it("has an entry for every route and every action intent of the app, and no stale ones", () => {
    expect(discoveredKeys().length).toBeGreaterThan(10);
    expect(Object.keys(MATRIX).sort()).toEqual(discoveredKeys());
  });

  it("knows every action's intents: each action lists them or is marked as doing one thing", () => {
    const unclear = routes
      .filter(({ module }) => module.action)
      .filter(({ module }) => (module.intents?.length ?? 0) > 0 === (module.singleIntent === true))
      .map(({ id }) => id);
    expect(unclear, "actions with neither `intents` nor `singleIntent = true` (or both)").toEqual([]);
  });
});
}

/** A group of the demo whose end date has passed. */
const ENDED_GROUP = "Val av huvudhandläggare";

/**
 * Every route and intent as every kind of actor on `kind`: one test file per database, so that
 * the two run on a worker each (together they took five and a half minutes in one file).
 */
export function describeAuthorization(kind: DatabaseKind) {
describe.skipIf(!databaseKinds.includes(kind))(`authorisation on ${kind}`, () => {
  let test: TestDatabase;
  // Fresh sessions for every case: signing in and out end the session a request carries.
  let cookieOf: (actor: ActorKey) => Promise<string | null>;
  let fixture: Fixture;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    const { db } = test;
    const exempelby = await db.selectFrom("organisations").select("id").where("slug", "=", "exempelby").executeTakeFirstOrThrow();
    const groupId_ = async (name: string) =>
      (await db.selectFrom("working_groups").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
    const personId = async (email: string) =>
      (await db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
    const { password_hash } = await db
      .selectFrom("people")
      .select("password_hash")
      .where("email", "=", "personal@exempelby.test")
      .executeTakeFirstOrThrow();
    const newMember = async (email: string, group: string) => {
      const person = await db
        .insertInto("people")
        .values({ organisation_id: exempelby.id, name: email, email, role: "staff", password_hash })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("group_memberships").values({ group_id: await groupId_(group), person_id: person.id }).execute();
      return person.id;
    };

    const ended = await db.selectFrom("working_groups").select("ends_on").where("name", "=", ENDED_GROUP).executeTakeFirstOrThrow();
    expect(new Date(ended.ends_on).getTime(), `${ENDED_GROUP} has ended`).toBeLessThan(Date.now() - 24 * 60 * 60 * 1000);

    const actorIds: Record<Exclude<ActorKey, "anonymous">, string> = {
      strategic: await personId("strateg@exempelby.test"),
      carrier: await personId("grupp@exempelby.test"),
      otherGroup: await newMember("annan.grupp@exempelby.test", "Gemensam ingång"),
      endedGroup: await newMember("avslutad.grupp@exempelby.test", ENDED_GROUP),
      staff: await personId("personal@exempelby.test"),
      outsider: await personId("annan@annanstad.test"),
      district: (
        await db
          .insertInto("people")
          .values({ organisation_id: exempelby.id, name: "Dina Distrikt", email: "distrikt@exempelby.test", role: "strategic_developer", unit_id: demoId("unit:jobbtorget"), password_hash })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    };
    const realActor = async (id: string) => toActor(await selectActors(db).where("p.id", "=", id).executeTakeFirstOrThrow());
    cookieOf = async (actor) => (actor === "anonymous" ? null : cookieFor(db, actorIds[actor]));

    const plan = await db
      .selectFrom("action_plans")
      .select("id")
      .where("organisation_id", "=", exempelby.id)
      .orderBy("created_at")
      .executeTakeFirstOrThrow();
    let targets = 0;
    let units = 0;
    fixture = {
      planId: plan.id,
      districtUnitId: demoId("unit:jobbtorget"),
      freshUnit: async (database) => {
        units += 1;
        const unit = await addUnit(database, exempelby.id, { name: `Matrisenhet ${units}`, kind: "unit", parentId: demoId("unit:forvaltning") });
        return unit.id;
      },
      centralPlan: async (database, options = {}) => {
        const strategic = await realActor(actorIds.strategic);
        const created = await createPlan(database, strategic, { title: "Central matrisplan", description: "", unitId: demoId("unit:forvaltning") });
        const focusAreas = await database.selectFrom("focus_areas").select("id").where("plan_id", "=", created.id).execute();
        const second = await addFocusArea(database, strategic, created.id, { name: "Arbetsmiljö", description: "" });
        const focusAreaIds = [focusAreas[0]!.id, second.id];
        const card = (title: string, focusAreaId: string) =>
          createAssignment(database, strategic, created.id, { title, description: "", focusAreaId, workingGroupId: null, responsibleIds: [], dueOn: null });
        const assignmentIds = [(await card("Centralt A", focusAreaIds[0]!)).id, (await card("Centralt B", focusAreaIds[1]!)).id];
        await setOffers(database, strategic, created.id, [demoId("unit:jobbtorget")]);
        if (!options.adopted) return { planId: created.id, focusAreaIds, assignmentIds, adoptedPlanId: null };
        const district = await realActor(actorIds.district);
        const adopted = await adoptPlan(database, district, created.id, demoId("unit:jobbtorget"), { title: "Jobbtorgets plan", focusAreaIds: [focusAreaIds[0]!], assignmentIds: [assignmentIds[0]!] });
        await updateFocusArea(database, strategic, created.id, focusAreaIds[0]!, { name: "Nytt namn", description: "" });
        const first = await database.selectFrom("assignments").select("version").where("id", "=", assignmentIds[0]!).executeTakeFirstOrThrow();
        await updateAssignment(database, strategic, assignmentIds[0]!, first.version, { title: "Ny rubrik", description: "", focusAreaId: focusAreaIds[0]!, workingGroupId: null, responsibleIds: [], dueOn: null });
        return { planId: created.id, focusAreaIds, assignmentIds, adoptedPlanId: adopted.id };
      },
      identityProvider: async (database, options = {}) => {
        await saveIdentityProvider(database, exempelby.id, {
          displayName: "Exempelby-kontot",
          issuer: "http://127.0.0.1:9/",
          clientId: "planboard",
          clientSecret: "secret",
          allowedDomains: [],
          emailClaim: "email",
          groupsClaim: "groups",
          createUnknown: false,
          passwordSignIn: true,
        });
        if (options.mapping) await setRoleMapping(database, exempelby.id, options.mapping, "staff");
      },
      indicator: async (database) => {
        const created = await createIndicator(database, await realActor(actorIds.strategic), { name: "Korttidsfrånvaro", unitOfMeasure: "%", higherIsBetter: false, period: "month", target: null });
        const link = await database.insertInto("indicator_links").values({ indicator_id: created.id, plan_id: plan.id }).returning("id").executeTakeFirstOrThrow();
        return { indicatorId: created.id, linkId: link.id };
      },
      vote: async (database, options = {}) => {
        const central = await fixture.centralPlan(database, { adopted: true });
        const district = await realActor(actorIds.district);
        const opened = await openVote(database, district, central.adoptedPlanId!, { title: "Viktigast", pointKind: "focus_area", maxChoices: 1, closesOn: "2999-12-31" });
        const points = await database.selectFrom("vote_points").select("id").where("vote_id", "=", opened.id).orderBy("position").execute();
        if (options.closed) {
          await castBallot(database, await realActor(actorIds.carrier), opened.id, [points[0]!.id]);
          await closeVote(database, district, opened.id);
        }
        return { voteId: opened.id, planId: central.adoptedPlanId!, pointIds: points.map((point) => point.id) };
      },
      targetPersonId: async (database) => {
        targets += 1;
        const email = `target.${targets}@exempelby.test`;
        const person = await database
          .insertInto("people")
          .values({ organisation_id: exempelby.id, name: email, email, role: "staff" })
          .returning("id")
          .executeTakeFirstOrThrow();
        return person.id;
      },
      setupToken: async (database) => createPasswordSetupToken(database, await fixture.targetPersonId(database), actorIds.strategic),
      importUpload: async (database, actor) => {
        const personId = actorIds[actor === "anonymous" ? "strategic" : actor];
        const person = await database.selectFrom("people").select("organisation_id").where("id", "=", personId).executeTakeFirstOrThrow();
        return saveUpload(database, { id: personId, organisationId: person.organisation_id }, "minimal.json", TRELLO_EXPORT);
      },
      followOf: async (database, actor) => {
        const personId = actorIds[actor === "anonymous" ? "strategic" : actor];
        const followed = await database
          .insertInto("follows")
          .values({ person_id: personId, group_id: await groupId_("Gemensam ingång") })
          .onConflict((oc) => oc.expression(sql`person_id, coalesce(plan_id, focus_area_id, group_id)`).doNothing())
          .returning("id")
          .executeTakeFirst();
        return (
          followed?.id ??
          (await database.selectFrom("follows").select("id").where("person_id", "=", personId).executeTakeFirstOrThrow()).id
        );
      },
      shareToken: (database) => createShareLink(database, plan.id, actorIds.strategic, { label: "", expiresOn: null }),
      shareLink: async (database) => {
        await createShareLink(database, plan.id, actorIds.strategic, { label: "revoke me", expiresOn: null });
        const link = await database.selectFrom("share_links").select("id").where("label", "=", "revoke me").where("revoked_at", "is", null).executeTakeFirstOrThrow();
        return link.id;
      },
      carriedCard: async (database, actor, options = {}) => {
        const strategic: Actor = {
          id: actorIds.strategic,
          name: "Sara Strand",
          email: "strateg@exempelby.test",
          organisationId: exempelby.id,
          organisationName: "Exempelby kommun",
          role: "strategic_developer",
          isAdmin: true,
          activeGroupIds: [],
          unitId: null,
          unitIds: null,
        };
        const [focusArea] = await database.selectFrom("focus_areas").select("id").where("plan_id", "=", plan.id).orderBy("position").execute();
        const columns = await database.selectFrom("board_columns").select("id").where("plan_id", "=", plan.id).orderBy("position").execute();
        const groupId = await groupId_(actor === "endedGroup" ? ENDED_GROUP : "Multiteamgruppen");
        const created = await createAssignment(database, strategic, plan.id, {
          title: "Matriskort",
          description: "",
          focusAreaId: focusArea!.id,
          workingGroupId: groupId,
          responsibleIds: [],
          dueOn: null,
        });
        const version = options.archived
          ? (await setAssignmentArchived(database, strategic, created.id, created.version, true)).version
          : created.version;
        return {
          planId: plan.id,
          assignmentId: created.id,
          version: String(version),
          focusAreaId: focusArea!.id,
          otherColumnId: columns[1]!.id,
          groupId,
        };
      },
    };
  });

  afterAll(async () => {
    await test?.close();
  });

  const refused = (outcome: Outcome) => outcome === "login" || outcome === 403 || outcome === 404;

  for (const [key, entry] of Object.entries(MATRIX)) {
    const [id, method, intent] = key.split(" ") as [string, "GET" | "POST", string | undefined];
    for (const actor of ACTORS) {
      const expected = entry.expect[actor];
      // The route refuses on its own, before it reads the form: with nothing but the intent, a
      // refused actor meets the same refusal, not a validation error from further in (where the
      // model's own check would otherwise hide a missing route check).
      if (method === "POST" && refused(expected) && !entry.refusedAfterValidation) {
        it(`${key} as ${actor} → ${expected} before reading the form`, async () => {
          const route = routes.find((candidate) => candidate.id === id)!;
          const prepared = await entry.setup?.(fixture, test.db, actor);
          const params = prepared?.params ?? (await entry.params?.(fixture, test.db)) ?? {};
          const path = `/${route.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? name)}`;
          const request = buildRequest(path, { cookie: await cookieOf(actor), form: intent ? { intent } : {} });
          const before = await databaseFingerprint(test.db);
          const result = await callRoute(route.module.action!, request, params, loadContext(test.db));
          expect(outcomeOf(result), JSON.stringify(result.body)).toBe(expected);
          expect(await databaseFingerprint(test.db), "nothing written when refused").toBe(before);
        });
      }
      it(`${key} as ${actor} → ${expected}`, async () => {
        const route = routes.find((candidate) => candidate.id === id);
        const handler = method === "GET" ? route?.module.loader : route?.module.action;
        if (!handler) throw new Error(`no ${method} handler for ${id}`);

        const prepared = await entry.setup?.(fixture, test.db, actor);
        const params = prepared?.params ?? (await entry.params?.(fixture, test.db)) ?? {};
        const form = prepared?.form ?? entry.form?.(fixture, actor) ?? {};
        const path = `/${route!.path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? name)}`;
        const request = buildRequest(path, { cookie: await cookieOf(actor), form: method === "POST" ? form : undefined });

        const before = await databaseFingerprint(test.db);
        const result = await callRoute(handler, request, params, loadContext(test.db));
        expect(outcomeOf(result), JSON.stringify(result.body)).toBe(expected);
        if (expected === "login" || expected === 403 || expected === 404) {
          expect(await databaseFingerprint(test.db), "nothing written when refused").toBe(before);
        }
      });
    }
  }
});
}
