import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "~/utils/db.server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { createPlanFixture } from "./support/fixtures";
import { appRequestHandler } from "./support/remix-handler";
import { cookieFor, loadContext, ORIGIN } from "./support/requests";

/** What the server writes to its log for one request: every console line, by kind. */
async function logOf(send: () => Promise<Response>) {
  const lines: { kind: "error" | "warn" | "log"; text: string }[] = [];
  const spies = (["error", "warn", "log"] as const).map((kind) =>
    vi.spyOn(console, kind).mockImplementation((...args: unknown[]) => {
      lines.push({ kind, text: args.map((arg) => (arg instanceof Error ? (arg.stack ?? arg.message) : String(arg))).join(" ") });
    }),
  );
  try {
    const response = await send();
    await response.text();
    return { status: response.status, lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe.each(databaseKinds)("the server log on %s", (kind) => {
  let test: TestDatabase;
  const handle = appRequestHandler();
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("writes one line, no stack trace, for an address no route answers", async () => {
    const fixture = await createPlanFixture(test.db);
    const cookie = await cookieFor(test.db, fixture.person.id);
    const { status, lines } = await logOf(() =>
      handle(new Request(`${ORIGIN}/no/such/page?q=1`, { headers: { Cookie: cookie } }), loadContext(test.db)),
    );
    expect(status).toBe(404);
    // React Router's development build (what tests load) adds a warning of its own, one line too;
    // its production build, what the server runs, does not.
    const fromRouter = /^No routes matched location "\/no\/such\/page\?q=1"\s*$/;
    expect(lines.filter((line) => !fromRouter.test(line.text))).toEqual([
      { kind: "warn", text: '404 GET /no/such/page: No route matches URL "/no/such/page"' },
    ]);
    expect(lines.every((line) => !line.text.includes("\n"))).toBe(true);
  });

  it("writes one line for a method a route does not take", async () => {
    const { status, lines } = await logOf(() =>
      handle(new Request(`${ORIGIN}/healthz`, { method: "POST", headers: { Origin: ORIGIN } }), loadContext(test.db)),
    );
    expect(status).toBe(405);
    expect(lines).toEqual([{ kind: "warn", text: expect.stringMatching(/^405 POST \/healthz: You made a POST request/) }]);
    expect(lines[0]!.text).not.toContain("\n");
  });

  it("still logs a real fault whole, with its stack trace", async () => {
    const fixture = await createPlanFixture(test.db);
    const cookie = await cookieFor(test.db, fixture.person.id);
    // A database handle with a bug in it: every use throws a plain programming error.
    const broken = new Proxy(test.db, {
      get() {
        throw new TypeError("a bug in the data layer");
      },
    }) as Db;
    const { status, lines } = await logOf(() => handle(new Request(`${ORIGIN}/plans`, { headers: { Cookie: cookie } }), loadContext(broken)));
    expect(status).toBe(500);
    const logged = lines.find((line) => line.text.includes("a bug in the data layer"));
    expect(logged?.kind).toBe("error");
    expect(logged?.text).toMatch(/TypeError: a bug in the data layer\n\s+at /);
  });
});
