import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateTrelloBoard } from "../support/trello-export";
import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs } from "./support/pages";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/trello/${name}`, import.meta.url));
const BOARD = "Handlingsplan socialtjänsten 2026";
const JOURNEY = "Ta fram rutin för orosanmälningar";

test("a strategic developer uploads a Trello board, adjusts the preview, imports it and sees its history", async ({ page }) => {
  test.slow();
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await page.goto("/plans");
  await page.getByRole("link", { name: "Importera från Trello" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Importera en tavla från Trello" })).toBeVisible();
  await expect(page.getByText("Högst 50 MB.")).toBeVisible();
  await expectAccessible(page);

  // A file of another kind is refused, saying what it is.
  await page.getByLabel("Trello-export (JSON)").setInputFiles(fixture("card-export.json"));
  await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
  await expect(page.getByRole("alert")).toHaveText(/export av ett enda Trello-kort/);

  await page.getByLabel("Trello-export (JSON)").setInputFiles(fixture("moved-and-back.json"));
  await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Förhandsgranskning: ${BOARD}` })).toBeVisible();
  await expect(page.getByText("Historiken sträcker sig från 2026-01-12 till 2026-02-23.")).toBeVisible();
  // Sara and Greta are people of the demo organisation: matched by name.
  await expect(page.getByLabel("Person för Sara Strand")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel("Klar-kolumn: Klart")).toBeChecked();
  await expectAccessible(page);

  // Greta stays a name in the history only; all cards in one focus area.
  await page.getByLabel("Person för Greta Granlund").selectOption({ label: "Bara namnet" });
  await page.getByLabel("Ett enda fokusområde för alla kort").check();
  await page.getByRole("button", { name: "Uppdatera förhandsgranskningen" }).click();
  await expect(page.getByText("Fokusområden: Allmänt")).toBeVisible();
  await expect(page.getByLabel("Person för Greta Granlund")).toHaveValue("");

  await page.getByRole("button", { name: "Importera som ny handlingsplan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: BOARD })).toBeVisible();
  const done = page.getByRole("list", { name: "Klart, Allmänt" });
  await expect(done.getByText(JOURNEY)).toBeVisible();

  // The card's history is Trello's, with its dates and people.
  await done.getByRole("link", { name: JOURNEY }).click();
  const timeline = page.locator(".timeline");
  await expect(timeline).toContainText("Greta Granlund");
  await expect(timeline.locator("li")).toHaveCount(5);
  await expect(page.getByRole("table", { name: /Dagar som uppdraget har legat i varje kolumn/ }).getByRole("row", { name: /Pågår/ })).toBeVisible();
});

test("the same board uploaded again is not imported twice by accident", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  for (let round = 0; round < 2; round++) {
    await page.goto("/plans/import");
    await page.getByLabel("Trello-export (JSON)").setInputFiles(fixture("no-labels.json"));
    await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
    await expect(page).toHaveURL(/\/plans\/import\/[0-9a-f-]{36}$/);
    if (round === 0) {
      const preview = page.url();
      await page.getByRole("button", { name: "Importera som ny handlingsplan" }).click();
      await expect(page.locator(".board")).toBeVisible();
      // The upload is used up: its preview says so.
      expect((await page.goto(preview))?.status()).toBe(404);
      await expect(page.getByText("Uppladdningen finns inte längre. Ladda upp filen igen.")).toBeVisible();
    }
  }
  await expect(page.getByText(/Den här tavlan har redan importerats som/)).toBeVisible();
  await page.getByRole("button", { name: "Importera som ny handlingsplan" }).click();
  await expect(page.getByRole("alert")).toHaveText(/Tavlan har redan importerats/);
  await page.getByLabel("Importera ändå, som en ny handlingsplan").check();
  await page.getByRole("button", { name: "Importera som ny handlingsplan" }).click();
  await expect(page.locator(".board")).toBeVisible();
});

test("a board of 5,000 cards imports while the page shows how far it has come", async ({ page }, testInfo) => {
  test.slow();
  const file = testInfo.outputPath("large-board.json");
  writeFileSync(file, JSON.stringify({ ...generateTrelloBoard({ cards: 5000, moves: 1000, start: new Date("2025-11-03T08:00:00.000Z") }), name: "Stor tavla från Trello" }));
  // Into the other organisation: 5,000 more cards in the demo organisation would slow its
  // organisation-wide pages for every other test of the run.
  await signInAs(page, DEMO_ACCOUNTS.otherOrganisation);
  await page.goto("/plans/import");
  await page.getByLabel("Trello-export (JSON)").setInputFiles(file);
  await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
  await expect(page.getByText("5000 uppdrag, varav 100 arkiverade")).toBeVisible();
  await page.getByRole("button", { name: "Importera som ny handlingsplan" }).click();
  await expect(page.getByRole("status").filter({ has: page.locator("progress") })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Stor tavla från Trello" })).toBeVisible({ timeout: 30_000 });
  // Every open card is on the board; the column heads count them (digits grouped with spaces).
  await expect(page.locator(".column-head .column-count").first()).toBeVisible();
  const counts = await page.locator(".column-head .column-count").allTextContents();
  expect(counts.reduce((sum, text) => sum + Number(/^[\d\s\u00a0\u202f]+/.exec(text)![0].replace(/\D/g, "")), 0)).toBe(4900);
});

test("without JavaScript, a board is uploaded, previewed and imported", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await page.goto("/plans/import");
  await page.getByLabel("Trello-export (JSON)").setInputFiles(fixture("multi-label.json"));
  await page.getByRole("button", { name: "Ladda upp och förhandsgranska" }).click();
  await expect(page.getByText("2 kort har flera etiketter. De hamnar i fokusområdet för sin första etikett.")).toBeVisible();
  await page.getByLabel("Ett enda fokusområde för alla kort").check();
  await page.getByRole("button", { name: "Uppdatera förhandsgranskningen" }).click();
  await expect(page.getByText("Fokusområden: Allmänt")).toBeVisible();
  await page.getByRole("button", { name: "Importera som ny handlingsplan" }).click();
  await expect(page.getByRole("list", { name: "Pågår, Allmänt" }).getByText("Digital trygghetskamera i hemtjänsten")).toBeVisible();
  await context.close();
});
