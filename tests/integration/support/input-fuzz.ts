import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issueFeedToken } from "~/models/feed-token.server";
import { createPasswordSetupToken } from "~/models/person.server";
import { createShareLink } from "~/models/share.server";
import { csvQuerySchema } from "~/utils/csv.server";
import type { Db } from "~/utils/db.server";
import { hashToken, readSessionToken } from "~/utils/session.server";
import { seedDemoData } from "../../../db/seed";
import { createTestDatabase, databaseKinds, type DatabaseKind, type TestDatabase } from "./databases";
import { appRequestHandler } from "./remix-handler";
import { cookieFor, loadContext, ORIGIN } from "./requests";
import { appRoutes } from "./routes";
import { fieldsOfSchemas, type FieldShape } from "./schema-fields";

/**
 * Generated requests across every route and intent of the app, through Remix's own request
 * handler (so that reading the body, `?_data=` and document rendering are covered as a browser
 * meets them), as every kind of user: none may answer 5xx, and none that is refused (4xx) may
 * change a row. Reproduce a run with FUZZ_SEED; FUZZ_RUNS sets the requests per database.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_211);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);

// ---- What there is to ask for: routes, intents and fields, all read from the app itself ----

const schemaDirectory = fileURLToPath(new URL("../../../app/schemas/", import.meta.url));
const schemaModules = await Promise.all(
  (await readdir(schemaDirectory)).filter((file) => file.endsWith(".ts")).map((file) => import(/* @vite-ignore */ join(schemaDirectory, file)) as Promise<Record<string, unknown>>),
);
// Route modules too: a schema a route keeps to itself is found as well.
const fieldsByIntent = fieldsOfSchemas([...schemaModules, ...appRoutes.map((route) => route.module as Record<string, unknown>), { csvQuerySchema }]);
const allFields = new Map<string, FieldShape>();
for (const fields of fieldsByIntent.values()) for (const [name, shape] of fields) allFields.set(name, shape);
// Query strings are read by schemas without an intent; "suggest" is read by hand (selection page).
const queryFields = new Map([...(fieldsByIntent.get("") ?? [])]);
queryFields.set("suggest", { kinds: new Set(), values: new Set(["1"]), array: false });

interface Target {
  routeId: string;
  remixId: string;
  path: string;
  method: "GET" | "POST";
  intent: string | undefined;
}
const targets: Target[] = appRoutes.flatMap((route): Target[] => {
  const base = { routeId: route.id, remixId: route.remixId, path: route.path };
  const found: Target[] = [];
  if (route.module.loader) found.push({ ...base, method: "GET", intent: undefined });
  if (route.module.action) {
    for (const intent of route.module.intents?.length ? route.module.intents : [undefined]) found.push({ ...base, method: "POST", intent });
  }
  return found;
});

const ACTORS = ["anonymous", "staff", "member", "strategic", "admin", "outsider"] as const;
type ActorKey = (typeof ACTORS)[number];

// ---- Values: plausible ones (so that requests get past the first check) and hostile ones ----

interface Pools {
  ids: Record<string, string[]>;
  tokens: string[];
  /** A plan's own columns, focus areas and cards: a form that names them gets past "not on this board". */
  byPlan: Map<string, Record<string, string[]>>;
  /** An organisation's own people, plans, groups and units, and the actors' organisations. */
  byOrganisation: Map<string, Record<string, string[]>>;
  organisationOf: Partial<Record<ActorKey, string>>;
}

/** The pools as seen from a plan named in the path: its own rows for the ids that belong to a plan. */
const scopedTo = (pools: Pools, planId: string | undefined): Pools =>
  planId && pools.byPlan.has(planId) ? { ...pools, ids: { ...pools.ids, ...pools.byPlan.get(planId) } } : pools;

/** The pools as an actor mostly sees them: their own organisation's rows. */
const ownOrganisation = (pools: Pools, actor: ActorKey): Pools => {
  const own = pools.byOrganisation.get(pools.organisationOf[actor] ?? "");
  return own ? { ...pools, ids: { ...pools.ids, ...own } } : pools;
};

/** Which table a field's id is most likely to name (anything else: any id at all). */
const ID_TABLES: [RegExp, string][] = [
  [/^(personId|responsibleIds)$/, "people"],
  [/^planId$/, "action_plans"],
  [/columnId$/i, "board_columns"],
  [/focusAreaId$/i, "focus_areas"],
  [/(groupId|workingGroupId)$/i, "working_groups"],
  [/^unitIds?$/, "units"],
  [/^applicationIds$/, "group_applications"],
  [/^followId$/, "follows"],
  [/^linkId$/, "share_links"],
  [/^(assignmentId|afterId|card)$/, "assignments"],
];

const day = (year: number, month: number, date: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;

const hostileCursor = fc.constantFrom("0000-01|1", "2026-01-01T00:00:00Z|1", "0000-01-01T00:00:00Z|1", "2026-99-99T99:99:99Z|1", "x|99999999999999999999", "9999999999999999999", "9999999999999999999999");
const hostileText = fc.oneof(
  hostileCursor,
  { arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`), weight: 3 },
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("", " ", "\uD800", "a\uDFFFb", "\uFEFF", "\u202E", "😀".repeat(50), "%", "%zz", "%C0%AF", "../..", "<x>", "' or 1=1 --"),
  fc.integer({ min: 201, max: 60_000 }).map((length) => "å".repeat(length)),
);
const hostileDate = fc.oneof(
  fc.constantFrom("0000-01-01", "0000-12-31", "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "-2026-01-01", "2026-1-1", "2026-01-01T00:00:00Z", "+002026-01-01", "0000-01", "9999-12", "2026-00"),
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => day(y, m, d)),
);
const hostileNumber = fc.oneof(
  fc.constantFrom("-1", "0", "1.5", "1e309", "NaN", "Infinity", "0x10", " 1", "99999999999999999999", "2147483648", "9999999999999999999", "-9223372036854775809"),
  fc.integer().map(String),
  fc.double().map(String),
);
const hostileId = fc.oneof(
  fc.uuid().map(String),
  fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "7D8E0C0E-9F5B-4A43-8D61-0E4F6C2A9B11", "7d8e0c0e9f5b4a438d610e4f6c2a9b11", "{7d8e0c0e-9f5b-4a43-8d61-0e4f6c2a9b11}"),
);
const junk = fc.oneof(hostileText, hostileDate, hostileNumber, hostileId, fc.string({ maxLength: 30 }));

/** A value meant to break a field of this shape (mostly of its own kind), or anything at all. */
function hostile(shape: FieldShape | undefined): fc.Arbitrary<string> {
  const kinds = shape?.kinds ?? new Set();
  const own = [
    ...(kinds.has("text") ? [hostileText] : []),
    ...(kinds.has("date") ? [hostileDate] : []),
    ...(kinds.has("number") ? [hostileNumber] : []),
    ...(kinds.has("id") ? [hostileId] : []),
  ];
  return own.length ? fc.oneof({ arbitrary: fc.oneof(...own), weight: 3 }, { arbitrary: junk, weight: 1 }) : junk;
}

function plausible(name: string, shape: FieldShape | undefined, pools: Pools): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  if (shape?.values.size) options.push(fc.constantFrom(...shape.values));
  const kinds = shape?.kinds ?? new Set(["text"] as const);
  // Share links, setup links and feed tokens (`?token=` on feeds): real ones get past the first check.
  if (name === "token") options.push(fc.constantFrom(...pools.tokens));
  if (kinds.has("id")) {
    const table = ID_TABLES.find(([pattern]) => pattern.test(name))?.[1];
    const ids = (table ? pools.ids[table] : undefined) ?? Object.values(pools.ids).flat();
    options.push(fc.constantFrom(...ids));
  }
  if (kinds.has("date")) {
    options.push(fc.tuple(fc.integer({ min: 2024, max: 2028 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => day(y, m, d)));
  }
  if (kinds.has("number")) options.push(fc.integer({ min: 0, max: 12 }).map(String));
  if (kinds.has("boolean")) options.push(fc.constantFrom("on", "true"));
  if (kinds.has("text")) options.push(fc.constantFrom("Lägesrapport", "Ny rubrik", "personal@exempelby.test", "planboard-demo", "a-long-new-password"));
  if (options.length === 0) options.push(fc.string({ maxLength: 10 }));
  return fc.oneof(...options);
}

function fieldValue(name: string, shape: FieldShape | undefined, pools: Pools): fc.Arbitrary<string[]> {
  const one = plausible(name, shape, pools);
  if (!shape?.array) return one.map((value) => [value]);
  // Lists: several values, now and then the same one twice.
  return fc.tuple(fc.array(one, { maxLength: 3 }), fc.boolean()).map(([values, twice]) => (twice && values[0] !== undefined ? [...values, values[0]] : values));
}

type Entries = [string, string][];

/**
 * A form that would mostly pass (each field plausible, now and then left out), with a field or
 * two hostile in its own kind: so that each hostile value meets the check behind all the others.
 */
function fieldsArbitrary(fields: Map<string, FieldShape>, pools: Pools): fc.Arbitrary<Entries> {
  const known = [...fields].map(([name, shape]) =>
    fc.oneof(
      { arbitrary: fc.constant<Entries>([]), weight: 1 },
      { arbitrary: fieldValue(name, shape, pools).map((values): Entries => values.map((value) => [name, value])), weight: 7 },
      { arbitrary: hostile(shape).map((value): Entries => [[name, value]]), weight: 2 },
    ),
  );
  const extra = fc.oneof(
    { arbitrary: fc.constant<Entries>([]), weight: 3 },
    { arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...allFields.keys()), fc.string({ maxLength: 12 })), junk), { minLength: 1, maxLength: 2 }), weight: 1 },
  );
  return fc.tuple(fc.tuple(...known), extra).map(([lists, more]) => [...lists.flat(), ...more]);
}

const BODY_KINDS = ["urlencoded", "multipart", "json", "text", "xml", "none", "bad-multipart", "no-boundary"] as const;
type BodyKind = (typeof BODY_KINDS)[number];

interface GeneratedRequest {
  target: Target;
  actor: ActorKey;
  method: string;
  params: Record<string, string>;
  query: Entries;
  data: "route" | "other" | "document";
  body: BodyKind;
  form: Entries;
}

function requestArbitrary(pools: Pools): fc.Arbitrary<GeneratedRequest> {
  const anyId = Object.values(pools.ids).flat();
  const paramValue = (name: string, from: Pools) =>
    fc.oneof(
      { arbitrary: name === "token" ? fc.constantFrom(...from.tokens) : plausible(name, { kinds: new Set(["id"]), values: new Set(), array: false }, from), weight: 4 },
      { arbitrary: fc.constantFrom(...anyId), weight: 1 },
      { arbitrary: junk, weight: 2 },
    );
  const mostly = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });
  // Actions weigh double and people who may change things more: most refusals then come from
  // the checks behind the permission check, not from it.
  const target = fc.oneof(
    { arbitrary: fc.constantFrom(...targets.filter((one) => one.method === "GET")), weight: 1 },
    { arbitrary: fc.constantFrom(...targets.filter((one) => one.method === "POST")), weight: 2 },
  );
  const actorKey = fc.oneof(
    { arbitrary: fc.constantFrom<ActorKey>("admin", "admin", "strategic", "member"), weight: 2 },
    { arbitrary: fc.constantFrom(...ACTORS), weight: 1 },
  );
  return fc.tuple(target, actorKey, mostly).chain(([target, actor, ownRows]) => {
    const paramNames = [...target.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    const intentFields = fieldsByIntent.get(target.intent ?? "") ?? new Map<string, FieldShape>();
    const seen = ownRows ? ownOrganisation(pools, actor) : pools;
    const planId = paramNames.includes("planId") ? paramValue("planId", seen) : fc.constant(undefined);
    return planId.chain((plan) => {
      const scoped = scopedTo(seen, plan);
      const otherParams = paramNames.filter((name) => name !== "planId");
      return fc.record({
        target: fc.constant(target),
        actor: fc.constant(actor),
        method: target.method === "GET" ? fc.constant("GET") : fc.oneof({ arbitrary: fc.constant("POST"), weight: 9 }, { arbitrary: fc.constantFrom("PUT", "PATCH", "DELETE"), weight: 1 }),
        params: fc
          .record(Object.fromEntries(otherParams.map((name) => [name, paramValue(name, scoped)])) as Record<string, fc.Arbitrary<string>>)
          .map((params): Record<string, string> => (plan === undefined ? params : { ...params, planId: plan })),
        query: fc.array(
          fc.constantFrom(...queryFields).chain(([name, shape]) =>
            fc.tuple(fc.constant(name), fc.oneof({ arbitrary: plausible(name, shape, scoped), weight: 2 }, { arbitrary: hostile(shape), weight: 2 }, { arbitrary: fc.constantFrom(...anyId), weight: 1 })),
          ),
          { maxLength: 3 },
        ),
        data: fc.oneof({ arbitrary: fc.constant("route" as const), weight: 6 }, { arbitrary: fc.constant("document" as const), weight: 3 }, { arbitrary: fc.constant("other" as const), weight: 1 }),
        body: fc.oneof({ arbitrary: fc.constant<BodyKind>("urlencoded"), weight: 10 }, { arbitrary: fc.constant<BodyKind>("multipart"), weight: 3 }, { arbitrary: fc.constantFrom(...BODY_KINDS), weight: 3 }),
        form: fc
          .tuple(
            target.intent ? fc.oneof({ arbitrary: fc.constant<Entries>([["intent", target.intent]]), weight: 8 }, { arbitrary: fc.constantFrom<Entries>([], [["intent", "nope"]], [["intent", target.intent], ["intent", "other"]]), weight: 1 }) : fc.constant<Entries>([]),
            fieldsArbitrary(intentFields.size ? intentFields : allFields, scoped),
          )
          .map(([intent, rest]) => [...intent, ...rest]),
      });
    });
  });
}

/** A path segment as a browser would send it: lone surrogates become U+FFFD; `%…` now and then left raw. */
const wellFormed = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
const segment = (value: string) => (/^%/.test(value) ? value : encodeURIComponent(wellFormed(value)));

function toRequest(generated: GeneratedRequest, cookie: string | null): Request {
  const { target } = generated;
  const path = `/${target.path.replace(/:(\w+)/g, (_, name: string) => segment(generated.params[name] ?? ""))}`;
  const url = new URL(path, ORIGIN);
  for (const [key, value] of generated.query) url.searchParams.append(key, value);
  if (generated.data === "route") url.searchParams.set("_data", target.remixId);
  if (generated.data === "other") url.searchParams.set("_data", "routes/nope");
  // A crawler's user agent: the document is rendered whole before the status is chosen.
  const headers = new Headers({ "User-Agent": "Googlebot/2.1", Origin: ORIGIN, Host: new URL(ORIGIN).host });
  if (cookie) headers.set("Cookie", cookie);
  if (generated.method === "GET") return new Request(url, { headers });

  const form = generated.form;
  let body: BodyInit;
  switch (generated.body) {
    case "urlencoded":
      body = new URLSearchParams(form);
      break;
    case "multipart": {
      const data = new FormData();
      for (const [key, value] of form) data.append(key, value);
      body = data;
      break;
    }
    case "json":
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(Object.fromEntries(form));
      break;
    case "text":
      headers.set("Content-Type", "text/plain;charset=UTF-8");
      body = form.map(([key, value]) => `${key}=${value}`).join("\n");
      break;
    case "xml":
      headers.set("Content-Type", "application/xml");
      body = `<form>${form.map(([key, value]) => `<${key}>${value}</${key}>`).join("")}</form>`;
      break;
    case "none":
      body = new Blob([new URLSearchParams(form).toString()]);
      break;
    case "bad-multipart":
      headers.set("Content-Type", "multipart/form-data; boundary=----fuzz");
      body = `------fuzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\n${target.intent ?? ""}\r\n------fu`;
      break;
    case "no-boundary":
      headers.set("Content-Type", "multipart/form-data");
      body = form.map(([key, value]) => `${key}=${value}`).join("&");
      break;
  }
  return new Request(url, { method: generated.method, headers, body });
}

// ---- The database: the demo, the actors, and a log of every row any request changes ----

/**
 * Row triggers count the changes per table in a table of their own, inside each writing
 * transaction: a rolled-back write leaves no count, a no-op update counts nothing, and reading
 * the counts is one small query per request instead of a hash of every table.
 */
async function installChangeLog(db: Db) {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(db);
  await sql`create table fuzz_changes (table_name text primary key, n bigint not null)`.execute(db);
  await sql`
    create function fuzz_count_change() returns trigger language plpgsql as $$
    begin
      insert into fuzz_changes values (tg_table_name, 1) on conflict (table_name) do update set n = fuzz_changes.n + 1;
      return null;
    end $$
  `.execute(db);
  for (const { table_name } of rows) {
    const table = sql.table(table_name);
    await sql`create trigger fuzz_insert_delete after insert or delete on ${table} for each row execute function fuzz_count_change()`.execute(db);
    await sql`create trigger fuzz_update after update on ${table} for each row when (old.* is distinct from new.*) execute function fuzz_count_change()`.execute(db);
  }
  return rows.length;
}

async function changeCounts(db: Db): Promise<Map<string, string>> {
  const { rows } = await sql<{ table_name: string; n: string }>`select table_name, n::text from fuzz_changes`.execute(db);
  return new Map(rows.map((row) => [row.table_name, row.n]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([table, n]) => before.get(table) !== n).map(([table]) => table);
}

/** Generated requests on `kind`: one test file per database, so that the two run on a worker each. */
export function describeInputFuzz(kind: DatabaseKind) {
describe.skipIf(!databaseKinds.includes(kind))(`generated requests on ${kind}`, () => {
  let test: TestDatabase;
  let pools: Pools;
  const actorIds = {} as Record<Exclude<ActorKey, "anonymous">, string>;
  const actorRows = new Map<string, { role: "strategic_developer" | "staff"; is_admin: boolean }>();
  const cookies = new Map<ActorKey, string>();
  let memberGroupId: string;

  /** Puts the actors back as they were (an accepted request may have deactivated one or ended a session). */
  async function restoreActors() {
    const { db } = test;
    for (const [id, row] of actorRows) {
      await db.updateTable("people").set({ ...row, deactivated_at: null }).where("id", "=", id).execute();
    }
    await db.insertInto("group_memberships").values({ group_id: memberGroupId, person_id: actorIds.member }).onConflict((oc) => oc.doNothing()).execute();
    for (const actor of ACTORS) {
      if (actor === "anonymous") continue;
      const token = await readSessionToken(new Request(ORIGIN, { headers: { Cookie: cookies.get(actor) ?? "" } }));
      const alive = token && (await db.selectFrom("sessions").select("id_hash").where("id_hash", "=", hashToken(token)).executeTakeFirst());
      if (!alive) cookies.set(actor, await cookieFor(db, actorIds[actor]));
    }
  }

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const { db } = test;
    await seedDemoData(db);
    const personId = async (email: string) => (await db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
    const exempelby = await db.selectFrom("organisations").select("id").where("slug", "=", "exempelby").executeTakeFirstOrThrow();
    const strategic = await db
      .insertInto("people")
      .values({ organisation_id: exempelby.id, name: "Stina Strateg", email: "strategisk.utvecklare@exempelby.test", role: "strategic_developer", is_admin: false })
      .returning("id")
      .executeTakeFirstOrThrow();
    Object.assign(actorIds, {
      staff: await personId("personal@exempelby.test"),
      member: await personId("grupp@exempelby.test"),
      strategic: strategic.id,
      admin: await personId("strateg@exempelby.test"),
      outsider: await personId("annan@annanstad.test"),
    });
    for (const id of Object.values(actorIds)) {
      actorRows.set(id, await db.selectFrom("people").select(["role", "is_admin"]).where("id", "=", id).executeTakeFirstOrThrow());
    }
    memberGroupId = (await db.selectFrom("group_memberships").select("group_id").where("person_id", "=", actorIds.member).executeTakeFirstOrThrow()).group_id;

    const plans = await db.selectFrom("action_plans").select(["id", "organisation_id"]).execute();
    const tokens: string[] = ["nope"];
    const people = await db.selectFrom("people").select("id").execute();
    for (const plan of plans) {
      const owner = plan.organisation_id === exempelby.id ? actorIds.admin : actorIds.outsider;
      tokens.push(await createShareLink(db, plan.id, owner, { label: "fuzz", expiresOn: null }));
    }
    for (let i = 0; i < 20; i++) tokens.push(await createPasswordSetupToken(db, people[i % people.length]!.id, actorIds.admin));
    for (const personId of [actorIds.staff, actorIds.outsider]) tokens.push(await issueFeedToken(db, personId, "sv"));
    await db.insertInto("follows").values({ person_id: actorIds.staff, plan_id: plans[0]!.id }).execute();
    const ids: Record<string, string[]> = {};
    for (const table of ["people", "action_plans", "board_columns", "focus_areas", "working_groups", "units", "group_applications", "follows", "share_links", "assignments"] as const) {
      const rows = await db.selectFrom(table).select("id").execute();
      if (rows.length > 0) ids[table] = rows.map((row) => row.id);
    }
    expect(Object.keys(ids).length, "tables with rows in the demo").toBe(10);
    const byPlan = new Map<string, Record<string, string[]>>();
    for (const plan of plans) {
      const ofPlan = async (table: "board_columns" | "focus_areas" | "assignments") =>
        (await db.selectFrom(table).select("id").where("plan_id", "=", plan.id).execute()).map((row) => row.id);
      const own = { board_columns: await ofPlan("board_columns"), focus_areas: await ofPlan("focus_areas"), assignments: await ofPlan("assignments") };
      byPlan.set(plan.id, Object.fromEntries(Object.entries(own).filter(([, rows]) => rows.length > 0)));
    }
    const byOrganisation = new Map<string, Record<string, string[]>>();
    for (const { id: organisationId } of await db.selectFrom("organisations").select("id").execute()) {
      const ofOrganisation = async (table: "people" | "action_plans" | "working_groups" | "units") =>
        (await db.selectFrom(table).select("id").where("organisation_id", "=", organisationId).execute()).map((row) => row.id);
      const own = { people: await ofOrganisation("people"), action_plans: await ofOrganisation("action_plans"), working_groups: await ofOrganisation("working_groups"), units: await ofOrganisation("units") };
      byOrganisation.set(organisationId, Object.fromEntries(Object.entries(own).filter(([, rows]) => rows.length > 0)));
    }
    const organisationOf: Partial<Record<ActorKey, string>> = {};
    for (const [actor, personId] of Object.entries(actorIds) as [ActorKey, string][]) {
      organisationOf[actor] = (await db.selectFrom("people").select("organisation_id").where("id", "=", personId).executeTakeFirstOrThrow()).organisation_id;
    }
    pools = { ids, tokens, byPlan, byOrganisation, organisationOf };

    expect(await installChangeLog(db)).toBeGreaterThan(10);
    await restoreActors();
  });

  afterAll(async () => {
    await test?.close();
  });

  it(`answers no request with 5xx, and no refused one writes (seed ${SEED}, ${RUNS} requests)`, async () => {
    console.log(`input fuzz on ${kind}: seed ${SEED}, ${RUNS} requests (FUZZ_SEED / FUZZ_RUNS to change)`);
    const handle = appRequestHandler();
    const statuses = new Map<number, number>();
    const acceptedTargets = new Set<Target>();
    const failures: string[] = [];
    const collect = process.env.FUZZ_COLLECT === "1";
    let counts = await changeCounts(test.db);
    const started = Date.now();
    // Remix and handleError log every refused route match and bad URL: thousands of lines that
    // say nothing the statuses do not. Counted, not printed.
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const warned = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let errorLines = 0;

    try {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(pools), async (generated) => {
          const request = toRequest(generated, generated.actor === "anonymous" ? null : cookies.get(generated.actor)!);
          const response = await handle(request, loadContext(test.db));
          const body = response.headers.get("Content-Type")?.startsWith("text/event-stream") ? (await response.body?.cancel(), "") : await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);

          const after = await changeCounts(test.db);
          let problem: string | null = null;
          if (response.status >= 500) problem = `answered ${response.status}`;
          else if (response.status >= 400) {
            // Failed password checks and exports are counted on purpose: that count is the rate limit.
            const changed = changedTables(counts, after).filter((table) => table !== "rate_limit_hits");
            if (changed.length > 0) problem = `refused with ${response.status} but changed ${changed.join(", ")}`;
          }
          counts = after;
          if (response.status < 400) {
            acceptedTargets.add(generated.target);
            await restoreActors();
            counts = await changeCounts(test.db);
          }
          if (problem) {
            const serverError = response.status >= 500 ? `; the server logged: ${String(logged.mock.lastCall?.[0]).slice(0, 300)}` : "";
            const described = `${problem}: ${generated.method} ${request.url.slice(0, 300)} as ${generated.actor} (${generated.body}) ${JSON.stringify(generated.form).slice(0, 600)} → ${body.slice(0, 300)}${serverError}`;
            if (!collect) throw new Error(described);
            failures.push(described);
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      errorLines = logged.mock.calls.length + warned.mock.calls.length;
      logged.mockRestore();
      warned.mockRestore();
    }

    const seconds = (Date.now() - started) / 1000;
    console.log(
      `input fuzz on ${kind}: ${RUNS} requests in ${seconds.toFixed(1)} s (${errorLines} console errors and warnings not shown); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
    const neverAccepted = targets.filter((target) => !acceptedTargets.has(target)).map((target) => `${target.routeId} ${target.method} ${target.intent ?? ""}`);
    console.log(`input fuzz on ${kind}: never accepted (reached only refusals): ${neverAccepted.join("; ") || "none"}`);
    if (failures.length) console.log(failures.join("\n"));
    expect(failures).toEqual([]);
    // The generator must reach past the first checks: both refusals and successes in quantity.
    const count = (from: number, to: number) => [...statuses].filter(([status]) => status >= from && status < to).reduce((sum, [, n]) => sum + n, 0);
    expect(count(200, 400), "accepted requests").toBeGreaterThan(RUNS / 20);
    expect(count(400, 500), "refused requests").toBeGreaterThan(RUNS / 4);
  }, 900_000);
});
}
