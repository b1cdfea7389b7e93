import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as healthLoader } from "~/routes/healthz";
import { loader as boardLoader } from "~/routes/plans.$planId/route";
import { openDatabase } from "~/utils/db.server";
import { localeCookie } from "~/utils/locale.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";
import { buildRequest, callRoute, cookieFor, loadContext } from "./support/requests";

describe.each(databaseKinds)("routes on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("GET /healthz answers 200 while the database answers", async () => {
    const result = await callRoute(healthLoader, buildRequest("/healthz"), {}, loadContext(test.db));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: "ok", database: "up" });
  });

  it("the board loader answers 404 for a malformed or unknown plan id", async () => {
    const fixture = await createPlanFixture(test.db);
    const cookie = await cookieFor(test.db, fixture.person.id);
    for (const planId of ["nope", "7d8e0c0e-9f5b-4a43-8d61-0e4f6c2a9b11"]) {
      const result = await callRoute(boardLoader, buildRequest(`/plans/${planId}`, { cookie }), { planId }, loadContext(test.db));
      expect(result.status, planId).toBe(404);
    }
  });

  it("the board loader returns the board in the chosen language, in a constant number of statements", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 40 });
    const cookie = `${await cookieFor(test.db, fixture.person.id)}; ${(await localeCookie.serialize("en")).split(";")[0]}`;
    test.queries.length = 0;
    const result = await callRoute(
      boardLoader,
      buildRequest(`/plans/${fixture.planId}`, { cookie }),
      { planId: fixture.planId },
      loadContext(test.db),
    );
    const body = result.body as { board: { cards: unknown[] }; locale: string };
    expect(body.board.cards).toHaveLength(40);
    expect(body.locale).toBe("en");
    // Who is asking (with their groups), the plan with its columns and focus areas, the cards.
    expect(test.queries).toHaveLength(3);
  });
});

describe("GET /healthz without a database", () => {
  it("answers 503 when the database does not answer", async () => {
    const unreachable = await openDatabase({ url: "postgres://postgres@127.0.0.1:9/planboard" });
    try {
      const result = await callRoute(healthLoader, buildRequest("/healthz"), {}, loadContext(unreachable));
      expect(result.status).toBe(503);
      expect(result.body).toEqual({ status: "unavailable", database: "down" });
    } finally {
      await unreachable.destroy();
    }
  });
});
