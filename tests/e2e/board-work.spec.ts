import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, expectAccessible, signInAs } from "./support/pages";

// Each test works on a plan of its own, since the tests share one database and run in parallel.
async function openBoard(page: Page, planTitle: string) {
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${planTitle}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: planTitle })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

const cellList = (page: Page, column: string, focusArea?: string) =>
  page.getByRole("list", { name: focusArea ? `${column}, ${focusArea}` : new RegExp(`^${column}, `) });

test("a strategic developer drags a card with the mouse to another column and swimlane", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await openBoard(page, "Invånaren som medskapare");
  const lanes = await page.locator(".swimlane-title").evaluateAll((nodes) => nodes.map((node) => node.firstChild?.textContent?.trim() ?? ""));
  const card = cellList(page, "Planerad", lanes[0]).locator("li.card").first();
  const cardId = await card.getAttribute("id");
  const target = cellList(page, "Uppföljning", lanes[1]);

  const from = (await card.boundingBox())!;
  const to = (await target.locator("..").boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 40, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 5, { steps: 3 });
  const saved = page.waitForResponse((response) => response.request().method() === "POST");
  await page.mouse.up();
  expect((await saved).status()).toBe(200);

  await expect(target.locator(`#${cardId}`)).toBeVisible();
  await page.reload();
  await expect(cellList(page, "Uppföljning", lanes[1]).locator(`#${cardId}`)).toBeVisible();
  await expect(page.locator(`#${cardId}`).getByText("0 dagar i kolumnen")).toBeVisible();
  await expectAccessible(page);
});

test("a card moves with the keyboard alone, and the move is announced", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await openBoard(page, "Skilja beslut från planering");
  const card = cellList(page, "Planerad").locator("li.card").first();
  const title = (await card.locator(".card-title").textContent())!.trim();
  const cardId = await card.getAttribute("id");

  await card.getByRole("button", { name: `Flytta ${title}` }).focus();
  await page.keyboard.press("Space");
  const liveRegion = page.locator("[id^='DndLiveRegion']");
  await expect(liveRegion).toContainText(`Du har lyft uppdraget ${title}.`);
  await page.keyboard.press("ArrowRight");
  await expect(liveRegion).toContainText(`Uppdraget ${title} är nu på plats`);
  const saved = page.waitForResponse((response) => response.request().method() === "POST");
  await page.keyboard.press("Space");
  expect((await saved).status()).toBe(200);
  await expect(liveRegion).toContainText(new RegExp(`Uppdraget ${title} släpptes på plats \\d+ av \\d+ i Pågår, `));

  await expect(cellList(page, "Pågår").locator(`#${cardId}`)).toBeVisible();
  await page.reload();
  await expect(cellList(page, "Pågår").locator(`#${cardId}`)).toBeVisible();
});

test("without JavaScript, the move form on a card does the same", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill(DEMO_ACCOUNTS.strategic.email);
  await page.getByLabel("Lösenord").fill("planboard-demo");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await page.getByRole("link", { name: "Öppna tavlan för Införa huvudhandläggare" }).click();

  const card = cellList(page, "Planerad").locator("li.card").first();
  const title = (await card.locator(".card-title").textContent())!.trim();
  const cardId = await card.getAttribute("id");
  await card.getByLabel("Kolumn").selectOption({ label: "Klart" });
  await card.getByLabel("Plats", { exact: true }).fill("1");
  await card.getByRole("button", { name: `Flytta ${title}` }).click();

  await expect(page).toHaveURL(new RegExp(`#${cardId}$`));
  const done = cellList(page, "Klart");
  await expect(done.locator(`#${cardId}`)).toBeVisible();
  // Position 1: the top of its cell.
  await expect(done.filter({ has: page.locator(`#${cardId}`) }).locator("li.card").first()).toHaveAttribute("id", cardId!);
  await context.close();
});

test("another viewer sees a move live, without reloading", async ({ browser }) => {
  const mover = await (await browser.newContext()).newPage();
  const viewer = await (await browser.newContext()).newPage();
  await signInAs(mover, DEMO_ACCOUNTS.strategic);
  await signInAs(viewer, DEMO_ACCOUNTS.staff);
  await openBoard(viewer, "Kvalitativ behovs- och målgruppsanalys");
  await openBoard(mover, "Kvalitativ behovs- och målgruppsanalys");
  // Give the viewer's event stream a moment to connect.
  await viewer.waitForTimeout(500);

  const card = cellList(mover, "Pågår").locator("li.card").first();
  const title = (await card.locator(".card-title").textContent())!.trim();
  const cardId = await card.getAttribute("id");
  await card.getByRole("button", { name: `Flytta ${title}` }).focus();
  await mover.keyboard.press("Space");
  await mover.keyboard.press("ArrowRight");
  await mover.keyboard.press("Space");
  await expect(cellList(mover, "Uppföljning").locator(`#${cardId}`)).toBeVisible();

  await expect(cellList(viewer, "Uppföljning").locator(`#${cardId}`)).toBeVisible({ timeout: 5_000 });
});

test("group members get handles on their group's cards only; staff get none", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.groupMember);
  await openBoard(page, "Bli en processorganisation");
  const carried = page.locator("li.card", { hasText: "Multiteamgruppen" });
  const others = page.locator("li.card").filter({ hasNotText: "Multiteamgruppen" });
  expect(await carried.count()).toBeGreaterThan(0);
  await expect(carried.first().locator(".drag-handle")).toHaveCount(1);
  expect(await others.count()).toBeGreaterThan(0);
  await expect(others.locator(".drag-handle")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Nytt uppdrag" })).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Logga ut" }).click();
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await openBoard(page, "Bli en processorganisation");
  await expect(page.locator(".drag-handle")).toHaveCount(0);
});
