import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs, visit } from "./support/pages";

// The demo's open call, Arbetsmiljögruppen, is used by one test only: the tests share a database.

async function signedIn(browser: Browser, account: (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, account);
  return page;
}

const isoDate = (daysFromNow: number) => new Date(Date.now() + daysFromNow * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

test("a staff member applies to the open call; a strategic developer selects for breadth and confirms", async ({ browser }) => {
  test.slow();
  const staff = await signedIn(browser, DEMO_ACCOUNTS.staff);
  await visit(staff, "/groups");
  await expect(staff.getByRole("heading", { level: 1, name: "Arbetsgrupper" })).toBeVisible();
  await staff.getByRole("link", { name: "Arbetsmiljögruppen", exact: true }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Arbetsmiljögruppen" })).toBeVisible();
  await expect(staff.getByRole("button", { name: "Avsluta gruppen nu" })).toHaveCount(0);
  await expectAccessible(staff);
  const groupUrl = staff.url();

  await staff.getByRole("link", { name: "Anmäl dig" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Anmälan: Arbetsmiljögruppen" })).toBeVisible();
  await expect(staff.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expectAccessible(staff);

  // An empty motivation is refused with a message by the field.
  await staff.getByLabel("Antal års yrkeserfarenhet").fill("12");
  await staff.getByRole("button", { name: "Skicka anmälan" }).click();
  await expect(staff.getByText("Skriv en motivering.")).toBeVisible();
  await expectAccessible(staff);

  await staff.getByLabel("Motivering").fill("Jag är skyddsombud på ekonomiskt bistånd och vill arbeta med arbetsbelastningen.");
  await staff.getByLabel("Arbetsmiljö", { exact: true }).check();
  await staff.getByLabel("Andra kompetenser").fill("Skyddsombud, Teckenspråk");
  await staff.getByLabel("Ekonomiskt bistånd").check();
  await staff.getByLabel("Stadsdel Söder").check();
  await staff.getByRole("button", { name: "Skicka anmälan" }).click();
  await expect(staff.getByText("Tack! Din anmälan är inskickad.")).toBeVisible();
  await expect(staff.getByRole("heading", { name: "Status: Inskickad" })).toBeVisible();
  await expect(staff.getByRole("button", { name: "Spara ändringarna" })).toBeVisible();
  await expectAccessible(staff);

  const strategic = await signedIn(browser, DEMO_ACCOUNTS.strategic);
  await visit(strategic, new URL(groupUrl).pathname);
  await expect(strategic.getByText("11 anmälningar har kommit in.")).toBeVisible();
  await strategic.getByRole("link", { name: "Gå till urvalet" }).click();
  await expect(strategic.getByRole("heading", { level: 1, name: "Urval: Arbetsmiljögruppen" })).toBeVisible();
  await expect(strategic.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(strategic.getByRole("checkbox")).toHaveCount(11);
  await expect(strategic.getByText("0 av 6 platser valda")).toBeVisible();
  await expectAccessible(strategic);

  await strategic.getByRole("button", { name: "Föreslå ett brett urval" }).click();
  await expect(strategic.getByText("Förslaget är ifyllt med 6 personer.")).toBeVisible();
  await expect(strategic.getByText("6 av 6 platser valda")).toBeVisible();
  await expect(strategic.getByText(/^Urvalet täcker \d+ av de \d+ kompetenser/)).toBeVisible();
  await expectAccessible(strategic);

  // Adjusting: Oskar in (if the suggestion left him out), someone else out; one too many is refused.
  const oskar = strategic.getByLabel("Välj Oskar Palm");
  if (!(await oskar.isChecked())) await oskar.check();
  const checked = strategic.locator("input[name=applicationIds]:checked");
  if ((await checked.count()) === 6) {
    await strategic.locator("input[name=applicationIds]:not(:checked)").first().check();
  }
  await expect(strategic.getByText("7 av 6 platser valda")).toBeVisible();
  const refused = strategic.waitForResponse((response) => response.request().method() === "POST");
  await strategic.getByRole("button", { name: "Bekräfta urvalet", exact: true }).click();
  await strategic.getByRole("dialog").getByRole("button", { name: "Ja, bekräfta urvalet" }).click();
  expect((await refused).status()).toBe(400);
  await expect(strategic.getByText("Du har valt fler än det finns platser. Avmarkera någon innan du bekräftar.")).toBeVisible();
  await expectAccessible(strategic);
  const dropId = await checked.evaluateAll((boxes) =>
    boxes.map((box) => box.id).find((id) => document.querySelector(`label[for="${id}"]`)?.textContent !== "Välj Oskar Palm")
  );
  await strategic.locator(`[id="${dropId}"]`).uncheck();
  await expect(strategic.getByText("6 av 6 platser valda")).toBeVisible();

  await strategic.getByRole("button", { name: "Bekräfta urvalet", exact: true }).click();
  await strategic.getByRole("dialog").getByRole("button", { name: "Ja, bekräfta urvalet" }).click();
  await expect(strategic.getByText(/^Urvalet är bekräftat\. 6 valda och 5 som inte valdes/)).toBeVisible();
  await expect(strategic.getByRole("heading", { name: "Urvalet är klart" })).toBeVisible();
  await expect(strategic.getByRole("heading", { name: "Valda (6)" })).toBeVisible();
  await expectAccessible(strategic);

  // The applicant is told in the app, and is now a member.
  await staff.reload();
  await expect(staff.getByRole("link", { name: /^Notiser \(1 oläst\)$/ })).toBeVisible();
  await visit(staff, "/notifications");
  await expect(staff.getByText("Du blev vald till Arbetsmiljögruppen. Välkommen i gruppen!")).toBeVisible();
  await staff.getByRole("button", { name: "Markera alla som lästa" }).click();
  await expect(staff.getByText("Alla notiser är markerade som lästa.")).toBeVisible();
  await expect(staff.getByRole("link", { name: "Notiser", exact: true })).toBeVisible();
  await expectAccessible(staff);
  await visit(staff, new URL(groupUrl).pathname);
  await expect(staff.getByRole("rowheader", { name: "Oskar Palm" })).toBeVisible();
  await visit(staff, `${new URL(groupUrl).pathname}/application`);
  await expect(staff.getByRole("heading", { name: "Status: Vald" })).toBeVisible();
});

test("a strategic developer creates a group, invites a member, extends it and ends it", async ({ page }) => {
  test.slow();
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await visit(page, "/groups");
  await page.getByRole("link", { name: "Ny arbetsgrupp" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ny arbetsgrupp" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expectAccessible(page);

  const name = `Lokalgruppen ${Date.now().toString(36)}`;
  await page.getByLabel("Namn").fill(name);
  await page.getByLabel("Syfte").fill("Ser över lokalerna i mottagningen.");
  await page.getByLabel("Startdatum").fill(isoDate(-1));
  await page.getByLabel("Slutdatum").fill(isoDate(60));
  await page.getByRole("button", { name: "Skapa arbetsgruppen" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Pågår", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Person", { exact: true }).selectOption({ label: "Anna Nilsson (Ekonomiskt bistånd)" });
  await page.getByLabel("Sammankallande").check();
  await page.getByRole("button", { name: "Lägg till i gruppen" }).click();
  await expect(page.getByText("Anna Nilsson är tillagd i gruppen och har fått en notis.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Anna Nilsson Sammankallande/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Nytt slutdatum").fill(isoDate(20));
  await page.getByRole("button", { name: "Förläng gruppen" }).click();
  await expect(page.getByText("Välj ett slutdatum efter det nuvarande.")).toBeVisible();
  await page.getByLabel("Nytt slutdatum").fill(isoDate(120));
  await page.getByRole("button", { name: "Förläng gruppen" }).click();
  await expect(page.getByText(/^Gruppen är förlängd till och med /)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Avsluta gruppen nu", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Ja, avsluta gruppen nu" }).click();
  await expect(page.getByText("Gruppen är avslutad.", { exact: true })).toBeVisible();
  await expect(page.getByText("Avslutad", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Avsluta gruppen nu" })).toHaveCount(0);
  await expect(page.getByRole("rowheader", { name: "Anna Nilsson" })).toBeVisible();
  await expectAccessible(page);
});
