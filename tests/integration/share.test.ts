import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShareLink } from "~/models/share.server";
import { action as sharingAction } from "~/routes/plans.$planId_.sharing/route";
import { loader as sharedBoardLoader } from "~/routes/share.$token/route";
import { loader as sharedEventsLoader } from "~/routes/share.$token_.events";
import { loader as sharedFeedLoader } from "~/routes/share.$token_.feed[.]atom";
import { loader as sharedSummaryLoader } from "~/routes/share.$token_.summary/route";
import { seedDemoData } from "../../db/seed";
import { createTestDatabase, databaseKinds, type TestDatabase } from "./support/databases";
import { demoPlanIdOf, personIdByEmail } from "./support/groups";
import { buildRequest, callRoute, cookieFor, databaseFingerprint, loadContext } from "./support/requests";

describe.each(databaseKinds)("share links on %s", (kind) => {
  let test: TestDatabase;
  let planId: string;
  let strategistId: string;
  let cookie: string;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    await seedDemoData(test.db);
    planId = await demoPlanIdOf(test.db, "exempelby");
    strategistId = await personIdByEmail(test.db, "strateg@exempelby.test");
    cookie = await cookieFor(test.db, strategistId);
  });
  afterAll(async () => {
    await test?.close();
  });

  const manage = (form: Record<string, string>) =>
    callRoute(sharingAction, buildRequest(`/plans/${planId}/sharing`, { cookie, form }), { planId }, loadContext(test.db));
  const open = (token: string) => callRoute(sharedBoardLoader, buildRequest(`/share/${token}`), { token }, loadContext(test.db));

  it("opens the board and summary without an account, showing no person's name", async () => {
    const created = await manage({ intent: "create", label: "Skärmen i fikarummet" });
    const url = (created.body as { shareUrl: string }).shareUrl;
    const token = url.split("/share/")[1]!;
    const board = await open(token);
    expect(board.status).toBe(200);
    const body = board.body as { board: { cards: Array<{ responsibles: unknown[]; group: unknown }> } };
    expect(body.board.cards.length).toBeGreaterThan(0);
    expect(body.board.cards.every((card) => card.responsibles.length === 0)).toBe(true);
    const names = await test.db.selectFrom("people").select("name").execute();
    const json = JSON.stringify(board.body);
    expect(names.filter((person) => json.includes(person.name))).toEqual([]);

    // This month's summary: the demo's history always reaches into it.
    const summary = await callRoute(sharedSummaryLoader, buildRequest(`/share/${token}/summary`), { token }, loadContext(test.db));
    expect(summary.status).toBe(200);
    const items = (summary.body as { items: Array<{ title: string }> }).items;
    expect(items.length, "the summary lists what happened").toBeGreaterThan(0);
    const summaryJson = JSON.stringify(summary.body);
    expect(names.filter((person) => summaryJson.includes(person.name))).toEqual([]);
  });

  it("has a feed of its own: the summaries its page shows, linking to its pages, with no person's name", async () => {
    const token = await createShareLink(test.db, planId, strategistId, { label: "Intranätets flöde", expiresOn: null });
    const feed = await callRoute(sharedFeedLoader, buildRequest(`/share/${token}/feed.atom`), { token }, loadContext(test.db));
    expect(feed.status).toBe(200);
    expect(feed.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = String(feed.body);
    const links = [...xml.matchAll(/<link rel="alternate" href="([^"]+)"\/>/g)].map((match) => match[1]!);
    expect(links.length, "the feed and its twelve months").toBe(13);
    for (const link of links) expect(link.startsWith(`http://localhost/share/${token}/summary`), link).toBe(true);
    expect(xml).not.toContain(`/plans/${planId}/assignments`);
    const summary = await callRoute(sharedSummaryLoader, buildRequest(`/share/${token}/summary`), { token }, loadContext(test.db));
    const titles = (summary.body as { items: Array<{ title: string }> }).items.map((item) => item.title);
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(xml).toContain(title.replace(/&/g, "&amp;"));
    const names = await test.db.selectFrom("people").select("name").execute();
    expect(names.filter((person) => xml.includes(person.name))).toEqual([]);

    await test.db.updateTable("share_links").set({ revoked_at: new Date() }).where("label", "=", "Intranätets flöde").execute();
    // Gone for good, which tells a feed reader to stop asking; an unknown link is not found.
    expect((await callRoute(sharedFeedLoader, buildRequest(`/share/${token}/feed.atom`), { token }, loadContext(test.db))).status).toBe(410);
    expect((await callRoute(sharedFeedLoader, buildRequest("/share/nope/feed.atom"), { token: "nope" }, loadContext(test.db))).status).toBe(404);
  });

  it("stops working when it expires", async () => {
    const token = await createShareLink(test.db, planId, strategistId, { label: "", expiresOn: null });
    expect((await open(token)).status).toBe(200);
    await test.db.updateTable("share_links").set({ expires_at: new Date(Date.now() - 1000) }).where("label", "=", "").where("plan_id", "=", planId).execute();
    expect(await open(token)).toMatchObject({ status: 410, body: { gone: "expired" } });
  });

  it("refuses an expiry date in the past, writing nothing", async () => {
    const before = await databaseFingerprint(test.db);
    const refused = await manage({ intent: "create", expiresOn: "2020-01-01" });
    expect(refused).toMatchObject({ status: 400, body: { result: { error: { expiresOn: ["errors.dateInPast"] } } } });
    expect(await databaseFingerprint(test.db)).toBe(before);
  });

  it("revokes at once: the link is gone and its open live stream ends", async () => {
    const token = await createShareLink(test.db, planId, strategistId, { label: "APT-skärmen", expiresOn: null });
    const link = await test.db.selectFrom("share_links").select("id").where("label", "=", "APT-skärmen").executeTakeFirstOrThrow();
    const stream = (await sharedEventsLoader({ request: buildRequest(`/share/${token}/events`), params: { token }, context: loadContext(test.db) })) as Response;
    expect(stream.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    const reader = stream.body!.getReader();
    await reader.read(); // the retry preamble

    const revoked = await manage({ intent: "revoke", linkId: link.id, confirm: "yes" });
    expect(revoked.status).toBe(200);
    const ended = await Promise.race([
      reader.read().then((chunk) => chunk.done),
      new Promise((resolve) => setTimeout(() => resolve("still open"), 3_000)),
    ]);
    expect(ended).toBe(true);
    expect((await manage({ intent: "revoke", linkId: link.id, confirm: "yes" })).status).toBe(404);
  });

  it("says a revoked link was withdrawn (410, and nothing more), and an unknown one is not found", async () => {
    const token = await createShareLink(test.db, planId, strategistId, { label: "Entrén", expiresOn: null });
    const link = await test.db.selectFrom("share_links").select("id").where("label", "=", "Entrén").executeTakeFirstOrThrow();
    expect((await manage({ intent: "revoke", linkId: link.id, confirm: "yes" })).status).toBe(200);
    for (const path of [`/share/${token}`, `/share/${token}/summary`, `/share/${token}/events`]) {
      const loader = path.endsWith("/summary") ? sharedSummaryLoader : path.endsWith("/events") ? sharedEventsLoader : sharedBoardLoader;
      const gone = await callRoute(loader, buildRequest(path), { token }, loadContext(test.db));
      expect(gone, path).toMatchObject({ status: 410, body: { gone: "revoked" } });
      // Only that it was withdrawn: no plan, no one's name, no date.
      expect(Object.keys(gone.body as object), path).toEqual(["gone"]);
      expect(gone.headers.get("X-Robots-Tag"), path).toBe("noindex");
    }
    const unknown = await open(`${token.slice(0, -4)}abcd`);
    expect(unknown.status).toBe(404);
  });
});
