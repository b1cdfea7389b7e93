import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The router as Node loads it for Remix's server runtime (its CommonJS build), not as Vite resolves it.
const router = createRequire(import.meta.url)("@remix-run/router") as typeof import("@remix-run/router");

describe("route matching on the server (patches/@remix-run+router+1.23.3.patch, decision 0020)", () => {
  it("flattens and ranks a route tree once per array: a route added to the same array later is not seen", () => {
    const routes: Array<{ id: string; path: string }> = [{ id: "plans", path: "/plans" }];
    expect(router.matchRoutes(routes, "/plans")?.map((match) => match.route.id)).toEqual(["plans"]);
    routes.push({ id: "groups", path: "/groups" });
    expect(router.matchRoutes(routes, "/groups")).toBeNull();
    expect(router.matchRoutes([...routes], "/groups")?.map((match) => match.route.id)).toEqual(["groups"]);
  });

  it("still matches as the router always did, call after call: ranking, nesting, parameters and case", () => {
    const routes = [
      {
        id: "root",
        path: "",
        children: [
          { id: "board", path: "plans/:planId" },
          { id: "new-plan", path: "plans/new" },
          { id: "card", path: "plans/:planId/cards/:cardId" },
          { id: "index", index: true },
        ],
      },
    ];
    for (let call = 0; call < 3; call++) {
      const board = router.matchRoutes(routes, "/plans/42");
      expect(board?.map((match) => match.route.id)).toEqual(["root", "board"]);
      expect(board?.[1]?.params).toEqual({ planId: "42" });
      expect(router.matchRoutes(routes, "/plans/new")?.at(-1)?.route.id).toBe("new-plan");
      expect(router.matchRoutes(routes, "/PLANS/7/cards/9")?.at(-1)?.params).toEqual({ planId: "7", cardId: "9" });
      expect(router.matchRoutes(routes, "/")?.at(-1)?.route.id).toBe("index");
      expect(router.matchRoutes(routes, "/people")).toBeNull();
    }
  });

  it("hands out a copy of what a path matched, so a caller that changes it cannot change the next answer", () => {
    const routes = [{ id: "board", path: "/plans/:planId" }];
    const first = router.matchRoutes(routes, "/plans/42")!;
    (first[0]!.params as Record<string, string>).planId = "changed";
    first.pop();
    expect(router.matchRoutes(routes, "/plans/42")?.map((match) => [match.route.id, match.params])).toEqual([["board", { planId: "42" }]]);
    // The same path under another basename is another question.
    expect(router.matchRoutes(routes, "/app/plans/42", "/app")?.[0]?.params).toEqual({ planId: "42" });
    expect(router.matchRoutes(routes, "/app/plans/42")).toBeNull();
    // A path too long to be kept is matched all the same.
    const long = `/plans/${"x".repeat(300)}`;
    expect(router.matchRoutes(routes, long)?.[0]?.params).toEqual({ planId: "x".repeat(300) });
  });
});
