import type { Page } from "@playwright/test";
import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, openBoard, signInAs } from "./support/pages";

// A plan of its own (another organisation's), since the specs share one database and run in parallel.
const PLAN = "Hållbar arbetssituation i socialtjänsten";

const cellList = (page: Page, column: string) => page.getByRole("list", { name: new RegExp(`^${column}, `) });

test("a board whose stream is refused with 503 while the database is away opens it again and catches up", async ({ browser }) => {
  const moverContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  try {
    const mover = await moverContext.newPage();
    const viewer = await viewerContext.newPage();
    await signInAs(mover, DEMO_ACCOUNTS.otherOrganisation);
    await signInAs(viewer, DEMO_ACCOUNTS.otherOrganisation);
    await openBoard(mover, PLAN);

    // The viewer's stream is answered 503, as it is while the database is down: the browser's
    // EventSource gives up on an error answer and does not retry by itself.
    await viewer.route("**/events?**", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"database-unavailable"}' }),
    );
    const refused = viewer.waitForResponse((response) => response.url().includes("/events") && response.status() === 503);
    await viewer.goto("/plans");
    await viewer.getByRole("link", { name: `Öppna tavlan för ${PLAN}` }).click();
    await expect(viewer.getByRole("heading", { level: 1, name: PLAN })).toBeVisible();
    await refused;
    await expect(viewer.locator(".board")).toHaveAttribute("data-live", "connecting");

    // Meanwhile a card moves.
    const card = cellList(mover, "Pågår").locator("li.card").first();
    const title = (await card.locator(".card-title").textContent())!.trim();
    const cardId = await card.getAttribute("id");
    const announcer = mover.locator("#board-announcer");
    await card.getByRole("button", { name: `Flytta ${title}` }).focus();
    await mover.keyboard.press("Space");
    await expect(announcer).toHaveText(/^Du har lyft uppdraget/);
    await mover.keyboard.press("ArrowRight");
    await expect(announcer).toHaveText(/ i Klart, /);
    const saved = mover.waitForResponse((response) => response.request().method() === "POST");
    await mover.keyboard.press("Space");
    expect((await saved).status()).toBe(200);

    // The server is back: the board opens its stream again by itself and shows the move.
    await viewer.unroute("**/events?**");
    await expect(viewer.locator(".board")).toHaveAttribute("data-live", "open", { timeout: 20_000 });
    await expect(cellList(viewer, "Klart").locator(`#${cardId}`)).toBeVisible({ timeout: 10_000 });
  } finally {
    await moverContext.close();
    await viewerContext.close();
  }
});
