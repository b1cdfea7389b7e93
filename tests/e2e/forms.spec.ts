import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs } from "./support/pages";

// The tests share one database with the other files and run in parallel: each creates what it changes.

test.describe("with JavaScript", () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, DEMO_ACCOUNTS.strategic);
  });

  test("after a full page load, an untouched form refused in the browser shows its errors and moves the keyboard to the first", async ({ page }) => {
    for (const { path, button, firstField, fieldsInError } of [
      { path: "/plans/new", button: "Skapa handlingsplanen", firstField: "Titel", fieldsInError: 1 },
      { path: "/account", button: "Spara lösenordet", firstField: "Nuvarande lösenord", fieldsInError: 3 },
    ]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
      const posts: string[] = [];
      page.on("request", (request) => request.method() === "POST" && posts.push(request.url()));

      await page.getByRole("button", { name: button }).click();

      const field = page.getByLabel(firstField, { exact: true });
      await expect(field).toBeFocused();
      await expect(field).toHaveAttribute("aria-invalid", "true");
      await expect(field).toHaveAccessibleDescription(/Fyll i fältet/);
      await expect(page.locator("[aria-invalid=true]")).toHaveCount(fieldsInError);
      expect(posts, "refused in the browser, not sent").toEqual([]);
      await expectAccessible(page);
      page.removeAllListeners("request");
    }
  });

  test("a click on submit straight from a field that is still being typed in counts", async ({ page }) => {
    await page.goto("/plans/new");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await page.getByLabel("Startdatum").fill("2027-01-01");
    await page.getByLabel("Slutdatum").fill("2026-06-30");
    await page.getByRole("button", { name: "Skapa handlingsplanen" }).click();
    await expect(page.getByLabel("Titel")).toBeFocused();
    await expect(page.getByLabel("Titel")).toHaveAccessibleDescription("Fyll i fältet.");
    await expect(page.getByLabel("Slutdatum")).toHaveAccessibleDescription("Slutdatumet kan inte ligga före startdatumet.");
  });

  test("a field's hint stays in its description beside its error", async ({ page }) => {
    await page.goto("/groups/new");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(page.getByLabel("Vad ska de sökande berätta?")).toHaveAccessibleDescription("Visas för den som anmäler sig.");
    await page.getByRole("button", { name: "Skapa arbetsgruppen" }).click();
    await expect(page.getByLabel("Namn", { exact: true })).toBeFocused();
    await expect(page.getByLabel("Namn", { exact: true })).toHaveAccessibleDescription("Fyll i fältet.");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test.beforeEach(async ({ page }) => {
    await signInAs(page, DEMO_ACCOUNTS.strategic);
  });

  test("the server's errors show beside their fields", async ({ page }) => {
    await page.goto("/plans/new");
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await page.getByRole("button", { name: "Skapa handlingsplanen" }).click();
    expect((await answer).status()).toBe(400);
    const title = page.getByLabel("Titel");
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAccessibleDescription("Fyll i fältet.");
  });
});
