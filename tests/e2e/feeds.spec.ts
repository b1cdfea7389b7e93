import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs } from "./support/pages";

const PLAN = "Bli en processorganisation";

test("a private feed address works in a reader without a session, and stops when withdrawn", async ({ page, browser }) => {
  await signInAs(page, DEMO_ACCOUNTS.staff);
  await page.goto("/account");
  const panel = page.getByRole("region", { name: "Privata flödesadresser" });
  await expect(panel.getByText("Du har ingen privat flödesadress.")).toBeVisible();
  await panel.getByRole("button", { name: "Skapa privata flödesadresser" }).click();
  await expect(panel.getByText("Kopiera adresserna nu: de visas bara den här gången.")).toBeVisible();
  await expectAccessible(page);
  const addresses = panel.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: PLAN }) }).locator("code");
  await expect(addresses).toHaveCount(2);
  const [summaryUrl, activityUrl] = (await addresses.allTextContents()) as [string, string];
  expect(summaryUrl).toMatch(/\/plans\/[0-9a-f-]{36}\/feed\.atom\?token=[\w-]{43}$/);
  expect(activityUrl).toMatch(/\/activity\.atom\?token=/);

  // A feed reader: a context of its own, with no cookie from the signed-in page.
  const reader = await browser.newContext();
  expect(await reader.cookies()).toEqual([]);
  for (const url of [summaryUrl, activityUrl]) {
    const feed = await reader.request.get(url, { maxRedirects: 0 });
    expect(feed.status(), url).toBe(200);
    expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(await feed.text()).toContain(`<title type="text">`);
  }
  expect(await (await reader.request.get(activityUrl, { maxRedirects: 0 })).text()).toContain(`Händelser: ${PLAN}`);

  // Shown once: after a reload the page says only since when there is one.
  await page.reload();
  await expect(panel.locator("code")).toHaveCount(0);
  await expect(panel.getByText(/^Du har en privat flödesadress sedan /)).toBeVisible();
  await panel.getByRole("button", { name: "Dra tillbaka adressen" }).click();
  await expect(panel.getByRole("status")).toHaveText("Adressen är tillbakadragen. Flöden som använder den slutar fungera direkt.");
  await expect(panel.getByText("Du har ingen privat flödesadress.")).toBeVisible();
  for (const url of [summaryUrl, activityUrl]) expect((await reader.request.get(url, { maxRedirects: 0 })).status()).toBe(404);
  await reader.close();
});
