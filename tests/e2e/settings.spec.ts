import type { Page } from "@playwright/test";
import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs, signOut, visit } from "./support/pages";

// The tests share one database with the other files and run in parallel: each works on a plan it creates.

test.beforeEach(async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
});

async function createPlan(page: Page, title: string) {
  await visit(page, "/plans");
  await page.getByRole("link", { name: "Ny handlingsplan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ny handlingsplan" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expectAccessible(page);

  await page.getByLabel("Startdatum").fill("2027-01-01");
  await page.getByLabel("Slutdatum").fill("2026-06-30");
  await page.getByRole("button", { name: "Skapa handlingsplanen" }).click();
  await expect(page.getByText("Slutdatumet kan inte ligga före startdatumet.")).toBeVisible();
  await expect(page.getByText("Fyll i fältet.")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Slutdatum").fill("2027-12-31");
  await page.getByLabel("Förvaltning eller enhet").selectOption({ label: "Jobbtorget" });
  await page.getByRole("button", { name: "Skapa handlingsplanen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Inställningar: ${title}` })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  return page.url();
}

const section = (page: Page, name: "Kolumner" | "Fokusområden") => page.getByRole("region", { name });
const lane = (page: Page, name: string) =>
  page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name, exact: true }) });
const laneNames = (page: Page, name: "Kolumner" | "Fokusområden") =>
  section(page, name).getByRole("listitem").getByRole("heading", { level: 3 });

async function addAssignment(page: Page, title: string, column: string) {
  await page.getByRole("link", { name: "Nytt uppdrag" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nytt uppdrag" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Rubrik").fill(title);
  await page.getByLabel("Kolumn", { exact: true }).selectOption({ label: column });
  await page.getByRole("button", { name: "Skapa uppdraget" }).click();
  await expect(page.locator(".card-title", { hasText: title })).toBeVisible();
}

test("a strategic developer creates a plan, shapes its columns and focus areas, and removes a column with cards", async ({ page }) => {
  test.slow(); // a whole working session, with an accessibility check of every state
  const title = "Gemensam introduktion för nyanställda";
  const settingsUrl = await createPlan(page, title);
  await expectAccessible(page);
  await expect(laneNames(page, "Kolumner")).toHaveText(["Planerad", "Pågår", "Uppföljning", "Klart"]);
  await expect(laneNames(page, "Fokusområden")).toHaveText(["Allmänt"]);

  // A column of its own, placed before the done column.
  const addColumn = page.getByRole("form", { name: "Lägg till en kolumn" });
  await addColumn.getByLabel("Namn").fill("Granskning");
  await addColumn.getByRole("button", { name: "Lägg till kolumnen" }).click();
  await expect(section(page, "Kolumner").getByRole("status")).toHaveText("Kolumnen Granskning är tillagd.");
  await expect(laneNames(page, "Kolumner")).toHaveText(["Planerad", "Pågår", "Uppföljning", "Granskning", "Klart"]);
  await lane(page, "Granskning").getByRole("button", { name: "Flytta upp Granskning" }).click();
  await expect(laneNames(page, "Kolumner")).toHaveText(["Planerad", "Pågår", "Granskning", "Uppföljning", "Klart"]);
  await expect(section(page, "Kolumner").getByRole("status")).toHaveText("Kolumnen Granskning ligger nu på plats 3 av 5.");
  await expect(lane(page, "Granskning").getByRole("button", { name: "Flytta upp Granskning" })).toBeFocused();

  // A WIP limit out of range is refused next to its field, and the typed value stays.
  const pending = lane(page, "Pågår");
  await pending.getByLabel("Gräns för antal uppdrag").fill("0");
  await pending.getByRole("button", { name: "Spara Pågår" }).click();
  await expect(pending.getByText("Ange ett heltal från 1 till 999, eller lämna fältet tomt.")).toBeVisible();
  await pending.getByLabel("Gräns för antal uppdrag").fill("4");
  await pending.getByRole("button", { name: "Spara Pågår" }).click();
  await expect(pending.getByText("Gräns: 4")).toBeVisible();

  // The focus area gets its real name.
  const general = lane(page, "Allmänt");
  await general.getByLabel("Namn").fill("Introduktion och mentorskap");
  await general.getByRole("button", { name: "Spara Allmänt" }).click();
  await expect(laneNames(page, "Fokusområden")).toHaveText(["Introduktion och mentorskap"]);
  await expectAccessible(page);

  // Two cards: one already in Pågår, one in Uppföljning.
  await page.getByRole("link", { name: "Till tavlan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await addAssignment(page, "Mentor för varje nyanställd", "Pågår");
  await addAssignment(page, "Introduktionsdag varje månad", "Uppföljning");
  await expectAccessible(page);

  // Removing Uppföljning asks where its card goes.
  await visit(page, new URL(settingsUrl).pathname);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const followUp = lane(page, "Uppföljning");
  await expect(followUp.getByText("Plats 4 av 5 · 1 uppdrag")).toBeVisible();
  await followUp.getByText("Ta bort kolumnen").first().click();
  await followUp.getByRole("button", { name: "Ta bort kolumnen Uppföljning" }).click();
  await expect(followUp.getByText("Välj vart uppdragen ska flyttas.")).toBeVisible();
  await expectAccessible(page);
  await followUp.getByLabel("Flytta uppdragen till").selectOption({ label: "Pågår" });
  await followUp.getByRole("button", { name: "Ta bort kolumnen Uppföljning" }).click();
  await expect(section(page, "Kolumner").getByRole("status")).toHaveText(
    "Kolumnen Uppföljning är borttagen. 1 uppdrag flyttades till Pågår.",
  );
  await expect(laneNames(page, "Kolumner")).toHaveText(["Planerad", "Pågår", "Granskning", "Klart"]);
  await expectAccessible(page);

  // The board shows the new structure, with the moved card after the one already there.
  await page.getByRole("link", { name: "Till tavlan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".column-head .column-name")).toHaveText(["Planerad", "Pågår", "Granskning", "Klart"]);
  await expect(page.getByRole("heading", { level: 2, name: /^Introduktion och mentorskap/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Pågår, Introduktion och mentorskap" }).locator(".card-title")).toHaveText([
    "Mentor för varje nyanställd",
    "Introduktionsdag varje månad",
  ]);
  await expectAccessible(page);
});

test("an archived plan leaves the overview, and is restored from it", async ({ page }) => {
  test.slow();
  const title = "Samverkan med civilsamhället";
  await createPlan(page, title);
  await page.getByRole("button", { name: "Arkivera handlingsplanen", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Ja, arkivera handlingsplanen" }).click();
  await expect(page.getByRole("button", { name: "Återställ handlingsplanen" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Kolumner" })).toHaveCount(0);
  await expectAccessible(page);

  await visit(page, "/plans");
  await expect(page.getByRole("heading", { level: 2, name: title })).toHaveCount(0);
  const archived = page.getByRole("region", { name: "Arkiverade handlingsplaner" });
  await expect(archived.getByRole("rowheader", { name: title })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await archived.getByRole("button", { name: `Återställ ${title}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Handlingsplanen ${title} är återställd.` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
  await expectAccessible(page);
});

test("a staff member has no way into the settings", async ({ page }) => {
  await visit(page, "/plans");
  const board = await page.getByRole("link", { name: "Öppna tavlan för Bli en processorganisation" }).getAttribute("href");
  await signOut(page);
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await visit(page, "/plans");
  await expect(page.getByRole("link", { name: "Ny handlingsplan" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Arkiverade handlingsplaner" })).toHaveCount(0);
  const refused = await page.goto(`${board}/settings`);
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Ingen behörighet" })).toBeVisible();
  await expectAccessible(page);
});

test("a drop that takes a column over its limit is allowed, and said and shown where the card lands", async ({ page }) => {
  test.slow();
  const title = "Schemalagd ärendetid i mottagningen";
  await createPlan(page, title);
  const pending = lane(page, "Pågår");
  await pending.getByLabel("Gräns för antal uppdrag").fill("1");
  await pending.getByRole("button", { name: "Spara Pågår" }).click();
  await expect(pending.getByText("Gräns: 1")).toBeVisible();

  await page.getByRole("link", { name: "Till tavlan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await addAssignment(page, "Telefontid på förmiddagen", "Pågår");
  await addAssignment(page, "Ärendetid på eftermiddagen", "Planerad");
  await expect(page.locator(".board")).toHaveAttribute("data-live", "open");

  const handle = page.getByRole("button", { name: "Flytta Ärendetid på eftermiddagen" });
  await handle.focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  const announcer = page.locator("#board-announcer");
  await expect(announcer).toContainText("Kolumnen Pågår går då över sin gräns på 1 pågående.");
  await expect(page.getByRole("list", { name: "Pågår, Allmänt" }).locator(".drop-marker")).toHaveText("Över gränsen");
  await page.keyboard.press("Space");
  await expect(announcer).toContainText("släpptes på plats 1 av 2 i Pågår, Allmänt. Kolumnen Pågår går då över sin gräns på 1 pågående.");
  await expect(page.getByRole("list", { name: "Pågår, Allmänt" }).locator(".card-title")).toHaveText([
    "Ärendetid på eftermiddagen",
    "Telefontid på förmiddagen",
  ]);
  await expect(page.locator(".column-head").filter({ hasText: "Pågår" })).toContainText("Över gränsen");

  // Within the column nothing more is said about its limit.
  await handle.focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await expect(announcer).toContainText("på plats 2 av 2 i Pågår, Allmänt.");
  await expect(announcer).not.toContainText("gräns");
  await page.keyboard.press("Escape");
  await expect(handle).not.toHaveAttribute("aria-pressed", "true");
});
