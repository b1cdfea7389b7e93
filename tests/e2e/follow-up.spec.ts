import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs, visit } from "./support/pages";

const PLAN = "Bli en processorganisation";

test("a staff member opens an assignment's timeline with its time in each column", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${PLAN}` }).click();
  await page.locator(".card-title a").first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Tid i varje kolumn" })).toBeVisible();
  const table = page.getByRole("table", { name: /Dagar som uppdraget har legat i varje kolumn/ });
  await expect(table.getByRole("columnheader", { name: "Arbetsdagar (mån–fre)" })).toBeVisible();
  expect(await table.getByRole("row").count()).toBeGreaterThan(1);
  await expect(page.getByRole("heading", { level: 2, name: "Historik" })).toBeVisible();
  await expect(page.locator(".timeline li").first()).toContainText("skapade uppdraget");
  // Staff follow read-only: no edit, move or comment forms.
  await expect(page.getByRole("button", { name: "Spara ändringarna" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Skicka kommentaren" })).toHaveCount(0);
  await expectAccessible(page);
});

test("the monthly summary answers what happened, and copies as Markdown", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await page.goto("/plans");
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Sammanfattning" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Månadssammanfattning: Exempelby kommun, / })).toBeVisible();
  await page.getByRole("link", { name: /^← / }).click();
  await expect(page).toHaveURL(/month=\d{4}-\d{2}/);
  await expect(page.getByRole("heading", { level: 2, name: /uppdrag flyttades$/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /stått still i minst 4 veckor$/ })).toBeVisible();
  await expectAccessible(page);

  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("button", { name: "Kopiera som Markdown" }).click();
  await expect(page.getByRole("status").filter({ hasText: "kopierad som Markdown" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^# Månadssammanfattning: Exempelby kommun, /);
  expect(copied).toMatch(/\n## \d+ uppdrag flyttades\n/);
  // Every card as the page lists it, with its group and the column it stands in (its status).
  const listed = await page.locator(".summary-section:not(.indicator-summary) li").allTextContents();
  expect(listed.length).toBeGreaterThan(0);
  for (const item of listed) {
    expect(item).toMatch(/ · (Att göra|Planerad|Pågår|Uppföljning|Klart)$/);
    expect(copied).toContain(`\n- ${item}\n`);
  }
  // And the indicators the organisation follows: each unit's latest value and its change.
  const indicators = await page.getByRole("region", { name: "Indikatorer" }).getByRole("listitem").allTextContents();
  expect(indicators.length).toBeGreaterThan(0);
  for (const line of indicators) {
    expect(line).toMatch(/^(Korttidsfrånvaro|Medarbetarnöjdhet|Personalomsättning), .+: [\d,]+ .+ \(\d{4}-(\d{2}|Q\d)\)/);
    expect(copied).toContain(`\n- ${line}\n`);
  }
  expect(copied).toContain("\n## Indikatorer\n");
  await page.getByText("Visa som Markdown").click();
  expect(await page.locator(".markdown-source").textContent()).toBe(copied);
});

test("a plan's activity, flow and exports open from its board", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${PLAN}` }).click();
  const followUp = page.getByRole("navigation", { name: "Följ upp" });
  await followUp.getByRole("link", { name: "Händelser", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Händelser: ${PLAN}` })).toBeVisible();
  expect(await page.locator(".activity-list li").count()).toBeGreaterThan(3);
  await expectAccessible(page);

  await page.getByRole("link", { name: PLAN }).click();
  await followUp.getByRole("link", { name: "Flöde" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Kumulativt flöde" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Kumulativt flöde" })).toBeVisible();
  await expectAccessible(page);

  // A period that ends before it starts is said beside the field, on the same page.
  const period = page.getByRole("form", { name: "Välj period" });
  await period.getByLabel("Från och med").fill("2026-11-20");
  await period.getByLabel("Till och med").fill("2026-11-01");
  await period.getByRole("button").click();
  await expect(period.getByLabel("Till och med")).toHaveAccessibleDescription("Perioden slutar innan den börjar.");
  await expect(period.getByLabel("Till och med")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("heading", { level: 1, name: `Flöde: ${PLAN}` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Kumulativt flöde" })).toHaveCount(0);
  await expectAccessible(page);
  // The same address loaded as a document (as without JavaScript) is a 400 with the same form.
  expect((await page.reload())?.status()).toBe(400);
  await expect(period.getByLabel("Till och med")).toHaveValue("2026-11-01");

  const response = await page.request.get(page.url().replace(/\/flow.*$/, "/assignments.csv?delimiter=semicolon"));
  expect(response.status()).toBe(200);
  expect((await response.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
});

test("a share link shows the board without an account, and stops at once when revoked", async ({ page, browser }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${PLAN}` }).click();
  await page.getByRole("link", { name: "Dela" }).click();
  await expectAccessible(page);
  await page.getByLabel("Beskrivning").fill("Skärmen i fikarummet");
  await page.getByRole("button", { name: "Skapa länk" }).click();
  const link = (await page.locator("code.copyable").textContent())!;

  const visitor = await (await browser.newContext()).newPage();
  await visit(visitor, link);
  await expect(visitor.getByRole("heading", { level: 1, name: PLAN })).toBeVisible();
  await expect(visitor.getByText("Ansvariga")).toHaveCount(0);
  await expect(visitor.getByRole("button", { name: "Logga ut" })).toHaveCount(0);
  // On a phone the board scrolls sideways, and the keyboard can reach it to scroll it.
  await visitor.setViewportSize({ width: 390, height: 844 });
  await expect(visitor.getByRole("region", { name: "Tavlan" })).toBeVisible();
  await expectAccessible(visitor);

  await page.getByRole("button", { name: "Dra tillbaka", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Ja, dra tillbaka länken" }).click();
  await expect(page.getByText("Tillbakadragen")).toBeVisible();
  const refused = await visitor.goto(link);
  expect(refused?.status()).toBe(410);
  await expect(visitor.getByRole("heading", { level: 1, name: "Länken är indragen" })).toBeVisible();
  await expect(visitor.getByText("har dragit tillbaka länken")).toBeVisible();
  await expect(visitor.getByRole("heading", { name: PLAN })).toHaveCount(0);
});

test("a staff member follows a plan and sees what changed since the last visit", async ({ page, browser }) => {
  // A plan no other test changes, so that the count below is this test's own doing.
  const FOLLOWED = "Skilja beslut från planering";
  const CARD = "Ny delegationsordning för beslut om ekonomiskt bistånd";
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${FOLLOWED}` }).click();
  await page.getByRole("button", { name: "Följ planen" }).click();
  await expect(page.getByRole("button", { name: "Sluta följa planen" })).toBeVisible();
  await visit(page, "/following");
  const followed = page.getByRole("region", { name: new RegExp(FOLLOWED) });
  await expect(followed).toContainText("Inget nytt sedan");

  // Meanwhile a strategic developer edits a card of the plan.
  const strategic = await (await browser.newContext()).newPage();
  await signInAs(strategic, DEMO_ACCOUNTS.strategic);
  await strategic.goto("/plans");
  await strategic.getByRole("link", { name: `Öppna tavlan för ${FOLLOWED}` }).click();
  await strategic.getByRole("link", { name: CARD }).click();
  await strategic.getByRole("textbox", { name: "Beskrivning" }).fill("Antagen av nämnden. Följs upp i december.");
  await strategic.getByRole("button", { name: "Spara ändringarna" }).click();
  await expect(strategic.locator(".timeline")).toContainText(`${DEMO_ACCOUNTS.strategic.name} ändrade beskrivningen.`);

  await page.reload();
  await expect(followed).toContainText(/1 händelse sedan/);
  await expect(followed.getByRole("listitem")).toHaveCount(1);
  await expect(followed.getByRole("listitem")).toContainText(CARD);
  await expect(followed.getByRole("listitem")).toContainText(`${DEMO_ACCOUNTS.strategic.name} ändrade beskrivningen.`);
  await expectAccessible(page);

  // Marked seen, the plan has nothing new again.
  await followed.getByRole("button", { name: "Markera som sett" }).click();
  await expect(followed).toContainText("Inget nytt sedan");
});
