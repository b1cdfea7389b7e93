import type { Page } from "@playwright/test";
import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs } from "./support/pages";

/** The header's parts that must share its one row on a wide screen. */
const HEADER_PARTS = ".site-header .brand, .site-header nav li, .language-form button, .account-menu > *";

async function headerRows(page: Page) {
  const tops = await page.locator(HEADER_PARTS).evaluateAll((nodes) => nodes.map((node) => Math.round(node.getBoundingClientRect().top)));
  const rows: number[] = [];
  for (const top of tops) if (!rows.some((row) => Math.abs(row - top) <= 12)) rows.push(top);
  return { parts: tops.length, rows: rows.length };
}

const menuToggle = (page: Page) => page.locator(".site-menu > summary");

/** Demo sign-in on a narrow screen, where the account links are folded away. */
async function signInOnPhone(page: Page, account: (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS]) {
  await page.goto("/login");
  await page.getByRole("button", { name: `Logga in som ${account.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Handlingsplaner" })).toBeVisible();
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

for (const account of [DEMO_ACCOUNTS.strategic, DEMO_ACCOUNTS.groupMember, DEMO_ACCOUNTS.staff]) {
  test(`on a 1366 px screen the header is one row for ${account.name}`, async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInAs(page, account);
    await page.goto("/plans");
    const { parts, rows } = await headerRows(page);
    expect(parts).toBeGreaterThanOrEqual(9);
    expect(rows).toBe(1);
    await expect(menuToggle(page)).toBeHidden();
    expect(await noSidewaysScroll(page)).toBe(true);
  });
}

test("on a phone the header folds its links under Menu, and nothing runs off the side", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInOnPhone(page, DEMO_ACCOUNTS.strategic);

  const groupsLink = page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Arbetsgrupper" });
  await expect(groupsLink).toBeHidden();
  expect(await noSidewaysScroll(page)).toBe(true);
  await menuToggle(page).click();
  await expect(groupsLink).toBeVisible();
  // Notifications, name and sign-out stay together.
  const account = page.locator(".account-menu");
  await expect(account.getByRole("link", { name: DEMO_ACCOUNTS.strategic.name })).toBeVisible();
  await expect(account.getByRole("button", { name: "Logga ut" })).toBeVisible();
  expect(await noSidewaysScroll(page)).toBe(true);
  await expectAccessible(page);

  // A page opened from the menu shows without the menu over it.
  await groupsLink.click();
  await expect(page.getByRole("heading", { level: 1, name: "Arbetsgrupper" })).toBeVisible();
  await expect(groupsLink).toBeHidden();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the phone menu opens and its links work", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInOnPhone(page, DEMO_ACCOUNTS.staff);
    const groupsLink = page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Arbetsgrupper" });
    await expect(groupsLink).toBeHidden();
    await menuToggle(page).click();
    await expect(groupsLink).toBeVisible();
    await groupsLink.click();
    await expect(page.getByRole("heading", { level: 1, name: "Arbetsgrupper" })).toBeVisible();
  });
});
