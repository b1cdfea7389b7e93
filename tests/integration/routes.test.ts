import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as boardLoader } from "~/routes/plans.$planId/route";
import { loader as healthLoader } from "~/routes/healthz";
import { openDatabase } from "~/utils/db.server";
import { localeCookie } from "~/utils/locale.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";

const request = (path: string, init?: RequestInit) => new Request(`http://localhost${path}`, init);

async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected the loader to throw a Response");
}

describe.each(databaseKinds)("routes on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("GET /healthz answers 200 while the database answers", async () => {
    const response = await healthLoader({ request: request("/healthz"), params: {}, context: { db: test.db } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up" });
  });

  it("the board loader answers 404 for a malformed or unknown plan id", async () => {
    const malformed = await thrownResponse(
      boardLoader({ request: request("/plans/nope"), params: { planId: "nope" }, context: { db: test.db } }),
    );
    expect(malformed.status).toBe(404);
    const unknownId = "7d8e0c0e-9f5b-4a43-8d61-0e4f6c2a9b11";
    const unknown = await thrownResponse(
      boardLoader({ request: request(`/plans/${unknownId}`), params: { planId: unknownId }, context: { db: test.db } }),
    );
    expect(unknown.status).toBe(404);
  });

  it("the board loader returns the board in the chosen language", async () => {
    const fixture = await createPlanFixture(test.db, { cards: 2 });
    const data = await boardLoader({
      request: request(`/plans/${fixture.planId}`, { headers: { Cookie: await localeCookie.serialize("en") } }),
      params: { planId: fixture.planId },
      context: { db: test.db },
    });
    expect(data.board.cards).toHaveLength(2);
    expect(data.locale).toBe("en");
  });
});

describe("GET /healthz without a database", () => {
  it("answers 503 when the database does not answer", async () => {
    const unreachable = await openDatabase({ url: "postgres://postgres@127.0.0.1:9/planboard" });
    try {
      const response = await healthLoader({ request: request("/healthz"), params: {}, context: { db: unreachable } });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "down" });
    } finally {
      await unreachable.destroy();
    }
  });
});
