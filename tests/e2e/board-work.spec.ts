import type { Locator, Page, Request } from "@playwright/test";
import { expect, test } from "./support/axe";
import { demoId } from "../../db/demo-id";
import { CARDS_PER_CELL } from "../../app/utils/board";
import { DEMO_ACCOUNTS, expectAccessible, openBoard, signInAs, signOut } from "./support/pages";

const cellList = (page: Page, column: string, focusArea?: string) =>
  page.getByRole("list", { name: focusArea ? `${column}, ${focusArea}` : new RegExp(`^${column}, `) });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The board's swimlanes' names, top to bottom. */
const laneNames = (page: Page) =>
  page.locator(".swimlane-title .lane-toggle").evaluateAll((nodes) => nodes.map((node) => node.firstChild?.textContent?.trim() ?? ""));

/** Every request the page makes from now on, as "METHOD path?query". */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request: Request) => {
    const url = new URL(request.url());
    seen.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  return seen;
}
const boardLoads = (requests: string[]) => requests.filter((request) => request.startsWith("GET ") && request.includes("_data="));

/**
 * With a card held by the mouse: moves over `target` (a cell, or its list) to the middle of `box`,
 * checks the drop marker shows there, and lets go; returns once the move is saved.
 */
async function dropOver(page: Page, target: Locator, box: { x: number; y: number; width: number; height: number }) {
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 20 });
  await expect(target.locator(".drop-marker")).toHaveCount(1);
  const saved = page.waitForResponse((response) => response.request().method() === "POST");
  await page.mouse.up();
  expect((await saved).status()).toBe(200);
}

/** The scripts the page loads from now on that hold the code for dragging with a pointer. */
function recordPointerDragScripts(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request: Request) => {
    if (request.resourceType() === "script" && new URL(request.url()).pathname.includes("pointer-drag")) seen.push(request.url());
  });
  return seen;
}

test("a strategic developer drags a card with the mouse to another column and swimlane, in one request", async ({ page }) => {
  // Tall enough that both cells are on screen, so the drag needs no scrolling.
  await page.setViewportSize({ width: 1366, height: 1000 });
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  const dragScripts = recordPointerDragScripts(page);
  await openBoard(page, "Invånaren som medskapare");
  const lanes = await laneNames(page);
  const card = cellList(page, "Planerad", lanes[0]).locator("li.card").first();
  const cardId = await card.getAttribute("id");
  const target = cellList(page, "Uppföljning", lanes[1]);

  // The code for dragging with a pointer loads when a pointer first comes over the board.
  expect(dragScripts).toEqual([]);
  const from = (await card.boundingBox())!;
  const to = (await target.locator("..").boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await expect.poll(() => dragScripts.length).toBe(1);

  const requests = recordRequests(page);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 40, { steps: 5 });
  await dropOver(page, target, to);

  await expect(target.locator(`#${cardId}`)).toBeVisible();
  await expect(page.locator(`#${cardId}`).getByText("0 dagar i kolumnen")).toBeVisible();
  expect(requests).toEqual([expect.stringMatching(/^POST \/plans\/[^?]+\?_data=routes%2Fplans\.%24planId$/)]);
  await page.reload();
  await expect(cellList(page, "Uppföljning", lanes[1]).locator(`#${cardId}`)).toBeVisible();
  await expectAccessible(page);
});

test("a card pressed while the drag code is still loading can be dragged once it has loaded", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 1000 });
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await openBoard(page, "Invånaren som medskapare");
  // A card of the second lane, moved within it: the mouse test above works in the first.
  const lane = page.locator(".swimlane").nth(1);
  const card = lane.locator("li.card").first();
  const cardId = await card.getAttribute("id");
  const from = (await card.boundingBox())!;
  const fromCell = await card.evaluate((node) => node.closest<HTMLElement>("[data-cell]")!.dataset.cell);
  const target = lane.locator(`[data-cell]:not([data-cell="${fromCell}"])`).first();

  // Hold the drag code back until the card has been pressed.
  let requested = false;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/pointer-drag/, async (route) => {
    requested = true;
    await held;
    await route.continue();
  });
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 20);
  await page.mouse.down();
  await expect.poll(() => requested).toBe(true);
  release();
  // The press turns into a drag once the code is there and the pointer moves on.
  let step = 0;
  await expect(async () => {
    step++;
    await page.mouse.move(from.x + from.width / 2 + 10 + step, from.y + 30);
    await expect(page.locator(".drag-overlay .card")).toBeVisible({ timeout: 200 });
  }).toPass();
  await dropOver(page, target, to);
  await expect(target.locator(`#${cardId}`)).toBeVisible();
});

test("a card moves with the keyboard alone, across columns and swimlanes, and every step is announced", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await openBoard(page, "Skilja beslut från planering");
  const lanes = await laneNames(page);
  // A planned card in a swimlane with another one above it.
  let lane = "";
  for (const name of lanes.slice(1)) {
    if ((await cellList(page, "Planerad", name).locator("li.card").count()) > 0) {
      lane = name;
      break;
    }
  }
  expect(lane, "a swimlane with a planned card below another swimlane").not.toBe("");
  const laneAbove = lanes[lanes.indexOf(lane) - 1]!;
  const card = cellList(page, "Planerad", lane).locator("li.card").first();
  const title = (await card.locator(".card-title").textContent())!.trim();
  const cardId = (await card.getAttribute("id"))!;
  const handle = card.getByRole("button", { name: `Flytta ${title}` });
  const announcer = page.locator("#board-announcer");

  // The handle is beside the card's link: the left arrow reaches it.
  await card.getByRole("link", { name: title }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(handle).toBeFocused();
  await expect(handle).toHaveAccessibleDescription(/Tryck mellanslag eller Enter för att lyfta uppdraget/);

  // Escape puts it back, and says so.
  await page.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  await expect(announcer).toHaveText(new RegExp(`^Du har lyft uppdraget ${title}\\. Det ligger på plats 1 av \\d+ i Planerad, ${lane}\\.$`));
  await page.keyboard.press("ArrowRight");
  await expect(announcer).toHaveText(new RegExp(`^Uppdraget ${title} är nu på plats 1 av \\d+ i Pågår, ${lane}\\.$`));
  await page.keyboard.press("Escape");
  await expect(announcer).toHaveText(new RegExp(`^Flytten avbröts\\. Uppdraget ${title} ligger kvar på plats 1 av \\d+ i Planerad, ${lane}\\.$`));
  await expect(handle).not.toHaveAttribute("aria-pressed", "true");
  await expect(cellList(page, "Planerad", lane).locator(`#${cardId}`)).toBeVisible();

  // Right to the next column, down to the bottom of its cell, back up, and on up into the swimlane above.
  const requests = recordRequests(page);
  await page.keyboard.press("Space");
  await expect(announcer).toHaveText(/^Du har lyft uppdraget/);
  await page.keyboard.press("ArrowRight");
  const size = (await cellList(page, "Pågår", lane).locator("li.card").count()) + 1;
  await expect(announcer).toHaveText(new RegExp(`^Uppdraget ${title} är nu på plats 1 av ${size} i Pågår, ${lane}\\.$`));
  for (let place = 2; place <= size; place++) {
    await page.keyboard.press("ArrowDown");
    await expect(announcer).toHaveText(new RegExp(`^Uppdraget ${title} är nu på plats ${place} av ${size} i Pågår, ${lane}\\.$`));
  }
  for (let place = size - 1; place >= 1; place--) {
    await page.keyboard.press("ArrowUp");
    await expect(announcer).toHaveText(new RegExp(`^Uppdraget ${title} är nu på plats ${place} av ${size} i Pågår, ${lane}\\.$`));
  }
  const sizeAbove = (await cellList(page, "Pågår", laneAbove).locator("li.card").count()) + 1;
  await page.keyboard.press("ArrowUp");
  await expect(announcer).toHaveText(new RegExp(`^Uppdraget ${title} är nu på plats ${sizeAbove} av ${sizeAbove} i Pågår, ${laneAbove}\\.$`));
  const saved = page.waitForResponse((response) => response.request().method() === "POST");
  await page.keyboard.press("Space");
  expect((await saved).status()).toBe(200);
  await expect(announcer).toHaveText(new RegExp(`^Uppdraget ${title} släpptes på plats ${sizeAbove} av ${sizeAbove} i Pågår, ${laneAbove}\\.$`));

  const moved = cellList(page, "Pågår", laneAbove).locator(`#${cardId}`);
  await expect(moved).toBeVisible();
  await expect(cellList(page, "Pågår", laneAbove).locator("li.card").last()).toHaveAttribute("id", cardId);
  // The focus stays on the card's handle in its new place, ready for the next move.
  await expect(moved.getByRole("button", { name: `Flytta ${title}` })).toBeFocused();
  expect(requests).toHaveLength(1);
  await expectAccessible(page);
  await page.reload();
  await expect(cellList(page, "Pågår", laneAbove).locator(`#${cardId}`)).toBeVisible();
});

test("without JavaScript, a card is moved from its own page", async ({ browser }) => {
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
  await expect(card.locator(".drag-handle")).toBeHidden();
  await card.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await page.getByLabel("Kolumn", { exact: true }).selectOption({ label: "Klart" });
  await page.getByLabel("Plats", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Flytta", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.getByRole("link", { name: "Införa huvudhandläggare" }).click();
  const done = cellList(page, "Klart");
  await expect(done.locator(`#${cardId}`)).toBeVisible();
  // Position 1: the top of its cell.
  await expect(done.filter({ has: page.locator(`#${cardId}`) }).locator("li.card").first()).toHaveAttribute("id", cardId!);
  await context.close();
});

test("another viewer sees a move live, patched in place without reloading the board", async ({ browser }) => {
  const moverContext = await browser.newContext();
  const viewerContext = await browser.newContext();
  try {
    const mover = await moverContext.newPage();
    const viewer = await viewerContext.newPage();
    await signInAs(mover, DEMO_ACCOUNTS.strategic);
    await signInAs(viewer, DEMO_ACCOUNTS.staff);
    await openBoard(viewer, "Kvalitativ behovs- och målgruppsanalys");
    await openBoard(mover, "Kvalitativ behovs- och målgruppsanalys");
    const viewerRequests = recordRequests(viewer);

    const card = cellList(mover, "Pågår").locator("li.card").first();
    const title = (await card.locator(".card-title").textContent())!.trim();
    const cardId = await card.getAttribute("id");
    const announcer = mover.locator("#board-announcer");
    await card.getByRole("button", { name: `Flytta ${title}` }).focus();
    await mover.keyboard.press("Space");
    await expect(announcer).toHaveText(/^Du har lyft uppdraget/);
    await mover.keyboard.press("ArrowRight");
    await expect(announcer).toHaveText(/ i Uppföljning, /);
    await mover.keyboard.press("Space");
    await expect(cellList(mover, "Uppföljning").locator(`#${cardId}`)).toBeVisible();

    await expect(cellList(viewer, "Uppföljning").locator(`#${cardId}`)).toBeVisible();
    await expect(cellList(viewer, "Pågår").locator(`#${cardId}`)).toHaveCount(0);
    expect(boardLoads(viewerRequests)).toEqual([]);

    await expectAccessible(viewer);
  } finally {
    await moverContext.close();
    await viewerContext.close();
  }
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
  await expect(page.getByText("Du kan flytta de kort som din arbetsgrupp bär. Kort utan handtag bärs av en annan grupp eller av ingen.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Nytt uppdrag" })).toHaveCount(0);
  // The column's limit of cards in progress is shown.
  await expect(page.locator(".column-head").filter({ hasText: "Pågår" })).toContainText("Gräns: 5");
  await expectAccessible(page);

  await signOut(page);
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await openBoard(page, "Bli en processorganisation");
  await expect(page.locator(".drag-handle")).toHaveCount(0);
  await expect(page.getByText("Du följer den här planen med läsbehörighet: du ser allt men flyttar inga kort.")).toBeVisible();
});

test.describe("a board of 1,000 cards", () => {
  // axe alone takes seconds over a board this size on a small machine.
  test.slow();
  const planId = demoId("plan:stadens-plan");

  test("shows the first cards of each cell, and reaches every other card by show all, find and link", async ({ page }) => {
    await signInAs(page, DEMO_ACCOUNTS.strategic);
    const response = await page.goto(`/plans/${planId}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator(".board")).toHaveAttribute("data-live", "open", { timeout: 20_000 });
    await expect(page.locator(".board-note"), "one who may move every card needs no explanation").toHaveCount(0);
    await expectAccessible(page);

    const headCounts = await page.locator(".column-head .column-count").allTextContents();
    expect(headCounts.reduce((sum, text) => sum + Number(/^(\d+)/.exec(text)![1]), 0)).toBe(1000);
    const cards = page.locator("li.card");
    expect(await cards.count()).toBeLessThanOrEqual(13 * 4 * CARDS_PER_CELL);

    // Show all: the cell grows to every card it holds.
    const showAll = page.locator(".cell .show-all").first();
    const total = Number(/(\d+)/.exec((await showAll.textContent())!)![1]);
    const cell = showAll.locator("xpath=..");
    expect(await cell.locator("li.card").count()).toBe(CARDS_PER_CELL);
    // The board's links are followed in the page, as Remix links are: no new document.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const sameDocument = () => page.evaluate(() => "sameDocument" in window);
    await showAll.click();
    await expect(page).toHaveURL(/\?show=/);
    await expect(cell.locator("li.card")).toHaveCount(total);
    expect(await sameDocument()).toBe(true);
    const hidden = cell.locator("li.card").nth(total - 1);
    const hiddenTitle = (await hidden.locator(".card-title").textContent())!.trim();
    const hiddenId = (await hidden.getAttribute("id"))!;

    await hidden.getByRole("link", { name: hiddenTitle }).click();
    await expect(page).toHaveURL(new RegExp(`/cards/${hiddenId.replace("card-", "")}\\?show=`));
    await expect(page.getByRole("dialog", { name: hiddenTitle })).toBeVisible();
    expect(await sameDocument()).toBe(true);

    // A link to a card opens the cell that holds it.
    await page.goto(`/plans/${planId}?card=${hiddenId.replace("card-", "")}#${hiddenId}`);
    await expect(page.locator(`#${hiddenId}`)).toBeVisible();

    // Find by title, from anywhere on the board.
    await page.goto(`/plans/${planId}`);
    await expect(page.locator(`#${hiddenId}`)).toHaveCount(0);
    await page.getByLabel("Sök på tavlan").fill(hiddenTitle);
    await page.getByRole("button", { name: "Visa", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "matchar" })).toHaveText(/^1 uppdrag matchar/);
    await expect(page.locator(`#${hiddenId}`)).toBeVisible();
    await expect(page.locator("li.card")).toHaveCount(1);
    await expectAccessible(page);
  });

  test("holds the cards of its first lanes; the others show theirs as they come near, take the focus or a card, and link to them without JavaScript", async ({ page, browser }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInAs(page, DEMO_ACCOUNTS.strategic);
    const open = async (path = "") => {
      await page.goto(`/plans/${planId}${path}`);
      await expect(page.locator(".board")).toHaveAttribute("data-live", "open", { timeout: 20_000 });
    };
    // The page holds the first lanes' cards; the board reads the other lanes' once, right after.
    const boardReads: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).searchParams.get("_data") === "routes/plans.$planId") boardReads.push(request.url());
    });
    const response = await page.goto(`/plans/${planId}`);
    // Every card in the page's data has one date it entered its column: the first two lanes' cards, no more.
    const cardsInData = ((await response?.text()) ?? "").match(/"columnEnteredAt":"\d{4}-/g)?.length ?? 0;
    expect(cardsInData).toBeGreaterThan(0);
    expect(cardsInData).toBeLessThanOrEqual(2 * 4 * CARDS_PER_CELL);
    await expect(page.locator(".board")).toHaveAttribute("data-cards", "all");
    await expect(page.locator(".board")).toHaveAttribute("data-live", "open", { timeout: 20_000 });
    expect(boardReads).toHaveLength(1);
    // That read leaves out the two lanes the page holds: the server reads each card once.
    expect(new URL(boardReads[0]!).searchParams.get("skip")?.split(",")).toHaveLength(2);
    const lanes = page.locator("section.swimlane");
    await expect(lanes).toHaveCount(13);
    const lane = (index: number) => lanes.nth(index);
    const cardsIn = (index: number) => lane(index).locator("li.card");
    for (const index of [0, 1]) await expect(cardsIn(index)).not.toHaveCount(0);
    expect(await page.locator("li.card").count()).toBeLessThanOrEqual(2 * 4 * CARDS_PER_CELL);
    for (let index = 2; index < 13; index++) {
      await expect(lane(index)).toHaveAttribute("data-asleep", "");
      // No empty lists for a screen reader to find: each cell with cards says how many, and links to them.
      await expect(lane(index).locator(".card-list")).toHaveCount(0);
      await expect(lane(index).locator(".show-all")).toHaveCount(await lane(index).locator(".cell:not(:has(.empty-cell))").count());
    }

    // Scrolling the board: a lane shows its cards as it comes near, each card list one Tab stop.
    await lane(8).evaluate((section) => section.scrollIntoView({ block: "start" }));
    await expect(cardsIn(8)).not.toHaveCount(0);
    const lists = lane(8).locator(".card-list:has(li.card)");
    await expect(lane(8).locator('.card-list [tabindex="0"]')).toHaveCount(await lists.count());
    await page.locator(".board").evaluate((board) => board.scrollTo(0, board.scrollHeight));
    await expect(cardsIn(12)).not.toHaveCount(0);
    expect(boardReads).toHaveLength(1);

    // A link to a card in a far lane shows that lane's cards at once, as does the card's panel at
    // its own address, which gives the focus back to the card when it closes.
    const farCard = cardsIn(12).first();
    const farId = (await farCard.getAttribute("id"))!.replace("card-", "");
    const farTitle = (await farCard.locator(".card-title").textContent())!.trim();
    await open(`?card=${farId}#card-${farId}`);
    await expect(page.locator(`#card-${farId}`)).toBeInViewport();
    await open(`/cards/${farId}`);
    await expect(page.getByRole("dialog", { name: farTitle })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.locator(`#card-${farId}`).getByRole("link", { name: farTitle })).toBeFocused();

    // With nothing scrolled into sight (no IntersectionObserver), a lane still wakes when a card
    // moved with the keyboard steps into it, or when the focus comes to its title.
    await page.addInitScript(() => {
      window.IntersectionObserver = class {
        observe() {}
        unobserve() {}
        disconnect() {}
        takeRecords() {
          return [];
        }
      } as unknown as typeof IntersectionObserver;
    });
    await open();
    const card = lane(1).locator(".cell").first().locator("li.card").last();
    const title = (await card.locator(".card-title").textContent())!.trim();
    const thirdLane = (await laneNames(page))[2]!;
    await card.getByRole("button", { name: `Flytta ${title}` }).focus();
    await page.keyboard.press("Space");
    await expect(lane(2)).toHaveAttribute("data-asleep", "");
    await page.keyboard.press("ArrowDown");
    await expect(page.locator("#board-announcer")).toHaveText(new RegExp(`^Uppdraget ${escapeRegExp(title)} är nu på plats 1 av \\d+ i [^,]+, ${escapeRegExp(thirdLane)}\\.$`));
    await expect(lane(2)).not.toHaveAttribute("data-asleep");
    await expect(lane(2).locator(".cell").first().locator(".drop-marker")).toHaveCount(1);
    await expect(cardsIn(2)).not.toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(lane(6)).toHaveAttribute("data-asleep", "");
    await lane(6).locator(".lane-toggle").focus();
    await expect(cardsIn(6)).not.toHaveCount(0);

    // Without JavaScript a sleeping lane's cell leads to its cards.
    const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
    try {
      const noScript = await context.newPage();
      await noScript.goto(`/plans/${planId}`);
      const farCell = noScript.locator("section.swimlane").nth(12).locator(".cell").first();
      const showAll = farCell.locator(".show-all");
      const total = Number(/(\d+)/.exec((await showAll.textContent())!)![1]);
      await showAll.click();
      await expect(noScript).toHaveURL(/\?show=/);
      await expect(noScript.locator("section.swimlane").nth(12).locator(".cell").first().locator("li.card")).toHaveCount(total);
    } finally {
      await context.close();
    }
  });

  test("answers a malformed view of the board with a clear 400", async ({ page }) => {
    await signInAs(page, DEMO_ACCOUNTS.strategic);
    const response = await page.goto(`/plans/${planId}?show=nonsense`);
    expect(response?.status()).toBe(400);
    await expect(page.getByText("Adressen till tavlan innehåller något som inte känns igen.")).toBeVisible();
    await expectAccessible(page);
  });
});
