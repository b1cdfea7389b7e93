import { expect, test, type Page } from "@playwright/test";
import { axeViolations, checkedSinceNavigation } from "./axe";

/**
 * Fails on any violation of axe-core's default rules on the page as it is now: for a state the
 * automatic check of `./axe` does not see (a form showing its errors, an open dialog).
 */
export async function expectAccessible(page: Page) {
  expect(await axeViolations(page), "axe violations").toEqual([]);
}

/** Opens a page and checks it with axe (the fixture's check after `goto`, where it watches the page). */
export async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBeLessThan(400);
  if (!checkedSinceNavigation(page)) await expectAccessible(page);
  return response;
}

export const DEMO_ACCOUNTS = {
  strategic: { email: "strateg@exempelby.test", name: "Sara Strand" },
  groupMember: { email: "grupp@exempelby.test", name: "Greta Granlund" },
  staff: { email: "personal@exempelby.test", name: "Oskar Palm" },
  otherOrganisation: { email: "annan@annanstad.test", name: "Alva Annansson" },
  district: { email: "norr@exempelby.test", name: "Lina Lund" },
} as const;

/**
 * Signs in with a demo account's one-click sign-in, and opens nothing: the test opens the page it
 * is about. The sign-in form's own request is sent from the page's context, so the browser holds
 * the session, without loading and checking the sign-in page and the plans the button leads to
 * in every test (a third of all axe checks were of those plans; "signs in with the demo account's
 * button" in auth.spec.ts clicks the button itself).
 */
export async function signInAs(page: Page, account: (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS]) {
  const baseURL = test.info().project.use.baseURL;
  if (!baseURL) throw new Error("signInAs needs the project's baseURL, for the sign-in request's Origin");
  const origin = new URL(baseURL).origin;
  const response = await page.request.post("/login", {
    form: { intent: "demo", email: account.email, redirectTo: "/plans" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(response.status(), `demo sign-in as ${account.email}`).toBe(302);
  expect(response.headers()["location"], `demo sign-in as ${account.email}`).toBe("/plans");
  expect(response.headers()["set-cookie"], `demo sign-in as ${account.email}: the session cookie`).toContain("planboard_session=");
}

/** Signs out with the header's button, and returns once the sign-in page shows: a page opened sooner could still be the signed-in one's. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Opens a plan's board from the overview; returns once it is hydrated and its live stream is open, so no change is missed from then on. */
export async function openBoard(page: Page, planTitle: string) {
  await page.goto("/plans");
  // Exact: a district's adopted board is named after its central plan ("… – Stadsdel Norr").
  await page.getByRole("link", { name: `Öppna tavlan för ${planTitle}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: planTitle })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(".board")).toHaveAttribute("data-live", "open");
  // Opened before /plans was hydrated, the board came as a page: it then reads its other lanes' cards.
  await expect(page.locator(".board")).toHaveAttribute("data-cards", "all");
}

/** A new plan of its own, with the default columns and focus area, from the new-plan form; returns on its settings page. */
export async function createPlan(page: Page, title: string) {
  await page.goto("/plans/new");
  await page.getByLabel("Titel").fill(title);
  await page.getByRole("button", { name: "Skapa handlingsplanen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Inställningar: ${title}` })).toBeVisible();
}
