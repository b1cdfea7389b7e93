import type { Page } from "@playwright/test";
import { expect, test } from "./support/axe";
import { createPlan, DEMO_ACCOUNTS, expectAccessible, signInAs } from "./support/pages";

// The tests share one database with the other files and run in parallel: each creates what it changes.

const PLAN = "Införa huvudhandläggare";

async function openNewAssignment(page: Page) {
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${PLAN}` }).click();
  await page.getByRole("link", { name: "Nytt uppdrag" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nytt uppdrag" })).toBeVisible();
}

/**
 * The new-assignment form, hydrated, with its combobox's code (which comes on demand) held back, so
 * the checkboxes stand in for it; answers the function that lets the code through.
 */
async function openNewAssignmentBeforeItsCombobox(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/multi-select-combobox-*.js", async (route) => {
    await released;
    await route.continue();
  });
  await openNewAssignment(page);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  return release;
}

/** The assignment a create form redirected to (`/plans/:planId#card-:id`), as its own page. */
async function openCreatedAssignment(page: Page, title: string) {
  await expect(page).toHaveURL(/#card-/);
  const url = new URL(page.url());
  await page.goto(`${url.pathname}/assignments/${url.hash.slice("#card-".length)}`);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

/** A new share link to the demo plan; returns on the sharing page. */
async function createShareLink(page: Page, label: string) {
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${PLAN}` }).click();
  await page.getByRole("link", { name: "Dela" }).click();
  await page.getByLabel("Beskrivning").fill(label);
  await page.getByRole("button", { name: "Skapa länk" }).click();
  await expect(page.locator("code.copyable")).toBeVisible();
}

const shareItem = (page: Page, label: string) => page.getByRole("listitem").filter({ hasText: label });

const responsibles = (page: Page) => page.locator("dt", { hasText: /^Ansvariga$/ }).locator("+ dd");

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

  test("the keyboard among the responsible people's checkboxes moves to the combobox that replaces them", async ({ page }) => {
    const release = await openNewAssignmentBeforeItsCombobox(page);
    await page.getByLabel("Rubrik").focus();
    for (let step = 0; step < 4; step++) await page.keyboard.press("Tab");
    await expect(page.getByRole("group", { name: "Ansvariga" }).getByRole("checkbox").first()).toBeFocused();
    release();
    await expect(page.getByRole("combobox", { name: "Ansvariga" })).toBeFocused();
  });

  test("a combobox that arrives while the keyboard is elsewhere leaves it there", async ({ page }) => {
    const release = await openNewAssignmentBeforeItsCombobox(page);
    // Through the checkboxes and back out: the keyboard is in the title when the combobox comes.
    const title = page.getByLabel("Rubrik");
    await title.focus();
    for (let step = 0; step < 4; step++) await page.keyboard.press("Tab");
    await title.focus();
    release();
    await expect(page.getByRole("combobox", { name: "Ansvariga" })).toBeVisible();
    await expect(title).toBeFocused();
  });

  test("responsible people are chosen with the keyboard alone: type-ahead, two chosen, one removed, saved", async ({ page }) => {
    await openNewAssignment(page);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    const title = `Introduktionsprogram ${Date.now()}`;
    await page.getByLabel("Rubrik").focus();
    await page.keyboard.type(title);
    // Description, focus area, working group, then the people.
    for (let step = 0; step < 4; step++) await page.keyboard.press("Tab");
    const people = page.getByRole("combobox", { name: "Ansvariga" });
    await expect(people).toBeFocused();
    await page.keyboard.type("gre");
    const listbox = page.getByRole("listbox");
    await expect(listbox.getByRole("option")).toHaveText(["Greta Granlund"]);
    await page.keyboard.press("Enter");
    await page.keyboard.type("oska");
    await expect(listbox.getByRole("option")).toHaveText(["Oskar Palm"]);
    await page.keyboard.press("Enter");
    await page.keyboard.type("zz");
    await expect(page.getByText("Ingen träff.")).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");

    const status = page.locator(".combobox [role=status]");
    await expect(status).toHaveText("Oskar Palm tillagd. 2 valda.");
    const chosen = page.getByRole("list", { name: "Valda" });
    await expect(chosen.getByRole("button")).toHaveText(["Greta Granlund ×", "Oskar Palm ×"]);
    await expectAccessible(page);

    // Shift+Tab reaches the chips, Enter removes one and gives the keyboard back to the search.
    await page.keyboard.press("Shift+Tab");
    await expect(page.getByRole("button", { name: "Ta bort Oskar Palm" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(chosen.getByRole("button")).toHaveText(["Greta Granlund ×"]);
    await expect(status).toHaveText("Oskar Palm borttagen. 1 vald.");
    await expect(people).toBeFocused();

    // With its list closed, Enter in the search sends the form, as in any text field.
    await page.keyboard.press("Enter");
    await openCreatedAssignment(page, title);
    await expect(responsibles(page)).toHaveText("Greta Granlund");
    // The edit form starts from what was saved.
    await expect(page.getByRole("list", { name: "Valda" }).getByRole("button")).toHaveText(["Greta Granlund ×"]);
  });

  test("archiving a plan asks first in a dialog: Escape changes nothing and gives the keyboard back, Yes archives", async ({ page }) => {
    const title = `Arkivtest ${Date.now()}`;
    await createPlan(page, title);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    const archive = page.getByRole("button", { name: "Arkivera handlingsplanen", exact: true });
    await archive.click();
    const dialog = page.getByRole("dialog", { name: `Arkivera ${title}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleDescription(/kan återställas/);
    await expect(dialog.getByRole("button", { name: "Avbryt" })).toBeFocused();
    await expectAccessible(page);

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(archive).toBeFocused();
    await page.reload();
    await expect(page.getByRole("button", { name: "Återställ handlingsplanen" })).toHaveCount(0);

    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await archive.click();
    await dialog.getByRole("button", { name: "Ja, arkivera handlingsplanen" }).click();
    await expect(page.getByRole("button", { name: "Återställ handlingsplanen" })).toBeVisible();
  });

  test("revoking a share link asks first: Avbryt keeps it, Yes revokes it", async ({ page }) => {
    const label = `Receptionen ${Date.now()}`;
    await createShareLink(page, label);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await shareItem(page, label).getByRole("button", { name: "Dra tillbaka", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Dra tillbaka ${label}?` });
    await dialog.getByRole("button", { name: "Avbryt" }).click();
    await expect(dialog).toBeHidden();
    await expect(shareItem(page, label).getByText("Tillbakadragen")).toHaveCount(0);

    await shareItem(page, label).getByRole("button", { name: "Dra tillbaka", exact: true }).click();
    await dialog.getByRole("button", { name: "Ja, dra tillbaka länken" }).click();
    await expect(shareItem(page, label).getByText("Tillbakadragen")).toBeVisible();
  });

  test("the one-time share link copies with a button, or is selected where the clipboard is refused", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await createShareLink(page, `Personalrummet ${Date.now()}`);
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    const url = (await page.locator("code.copyable").textContent())!;
    expect(url).toMatch(/\/share\/\S+$/);
    await page.getByRole("button", { name: "Kopiera länken" }).click();
    const status = page.getByRole("status").and(page.locator(".copy-status"));
    await expect(status).toHaveText("Kopierad");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expectAccessible(page);

    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException("Refused", "NotAllowedError"));
    });
    await page.getByRole("button", { name: "Kopiera länken" }).click();
    await expect(status).toHaveText("Länken är markerad. Kopiera den med Ctrl+C (Cmd+C på Mac).");
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(url);
  });

  test("a comment shows its Markdown, and none of the HTML or script written into it", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openNewAssignment(page);
    const title = `Fredagsfika ${Date.now()}`;
    await page.getByLabel("Rubrik").fill(title);
    await page.getByRole("button", { name: "Skapa uppdraget" }).click();
    await openCreatedAssignment(page, title);

    await page.getByLabel("Ny kommentar").fill('**Bokat** rummet.\n\n- kaffe\n- bullar\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>');
    await page.getByRole("button", { name: "Skicka kommentaren" }).click();
    const comment = page.locator(".comment-list > li").last().locator(".comment-body");
    await expect(comment.locator("strong")).toHaveText("Bokat");
    await expect(comment.getByRole("listitem")).toHaveText(["kaffe", "bullar"]);
    await expect(comment.locator("img, script")).toHaveCount(0);
    await page.reload();
    await expect(comment.locator("strong")).toHaveText("Bokat");
    expect(dialogs).toEqual([]);
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

  test("responsible people are checkboxes that save the same way", async ({ page }) => {
    await openNewAssignment(page);
    await expect(page.getByRole("combobox", { name: "Ansvariga" })).toHaveCount(0);
    const title = `Mentorskap ${Date.now()}`;
    await page.getByLabel("Rubrik").fill(title);
    const people = page.getByRole("group", { name: "Ansvariga" });
    await people.getByLabel("Greta Granlund").check();
    await people.getByLabel("Oskar Palm").check();
    await page.getByRole("button", { name: "Skapa uppdraget" }).click();
    await openCreatedAssignment(page, title);
    await expect(responsibles(page)).toHaveText("Greta Granlund, Oskar Palm");
    await expect(page.getByRole("group", { name: "Ansvariga" }).getByLabel("Oskar Palm")).toBeChecked();
  });

  test("archiving a plan needs its confirmation box ticked", async ({ page }) => {
    const title = `Arkivtest utan skript ${Date.now()}`;
    await createPlan(page, title);
    const archive = page.getByRole("button", { name: "Arkivera handlingsplanen", exact: true });
    await archive.click();
    // The browser keeps the form until the box is ticked (and the server refuses it without: see confirmations.test.ts).
    await expect(page.locator("input[name=confirm]:invalid")).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Återställ handlingsplanen" })).toHaveCount(0);
    await page.getByRole("checkbox", { name: "Ja, arkivera handlingsplanen" }).check();
    await archive.click();
    await expect(page.getByRole("button", { name: "Återställ handlingsplanen" })).toBeVisible();
  });

  test("revoking a share link needs its confirmation box ticked", async ({ page }) => {
    const label = `Anslagstavlan ${Date.now()}`;
    await createShareLink(page, label);
    const item = shareItem(page, label);
    await item.getByRole("button", { name: "Dra tillbaka" }).click();
    await expect(item.locator("input[name=confirm]:invalid")).toHaveCount(1);
    await expect(item.getByText("Tillbakadragen")).toHaveCount(0);
    await item.getByRole("checkbox", { name: "Ja, dra tillbaka länken" }).check();
    await item.getByRole("button", { name: "Dra tillbaka" }).click();
    await expect(shareItem(page, label).getByText("Tillbakadragen")).toBeVisible();
  });
});
