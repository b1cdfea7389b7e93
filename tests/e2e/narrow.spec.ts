import type { Locator, Page } from "@playwright/test";
import { PHONE_VIEWPORT, expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, signInAs } from "./support/pages";

/** How far the page reaches past the right edge of the window (0: nothing runs off the side). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function expectInside(inner: Locator, outer: Locator) {
  const [box, frame] = [await inner.boundingBox(), await outer.boundingBox()];
  expect(box && frame, "both are laid out").toBeTruthy();
  expect(box!.x).toBeGreaterThanOrEqual(frame!.x);
  expect(box!.x + box!.width).toBeLessThanOrEqual(frame!.x + frame!.width);
}

test("the invite's Person select stays inside its panel on a laptop and on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await page.goto("/groups");
  await page.getByRole("link", { name: "Gemensam ingång", exact: true }).click();
  const panel = page.locator("section.panel").filter({ has: page.getByRole("heading", { name: "Bjud in en medlem" }) });
  const person = panel.getByLabel("Person", { exact: true });
  await expectInside(person, panel);

  await page.setViewportSize(PHONE_VIEWPORT);
  await expectInside(person, panel);
  await expectInside(panel, page.locator("main"));
  expect(await overflow(page)).toBe(0);
});

test("on a phone no page runs off the side: wide tables scroll by themselves", async ({ page }) => {
  await page.setViewportSize(PHONE_VIEWPORT);
  await page.goto("/login");
  await page.getByRole("button", { name: `Logga in som ${DEMO_ACCOUNTS.strategic.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Handlingsplaner" })).toBeVisible();
  const board = await page.getByRole("link", { name: /^Öppna tavlan för / }).first().getAttribute("href");
  const group = await (async () => {
    await page.goto("/groups");
    return page.getByRole("link", { name: "Gemensam ingång", exact: true }).getAttribute("href");
  })();
  const pages = ["/plans", "/groups", group!, "/people", "/activity", "/summary", "/following", `${board}/flow`, `${board}/summary`, `${board}/activity`];
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    expect(await overflow(page), path).toBe(0);
  }
  // The people table is wider than a phone: it scrolls inside the page.
  await page.goto("/people");
  // By name: once a test has connected an identity provider, the page also maps its groups in a table.
  const table = page.getByRole("table", { name: "Personer" });
  expect(await table.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(true);
});
