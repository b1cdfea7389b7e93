import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, signInAs, visit } from "./support/pages";

test("an administrator keeps the unit tree: adds a unit below a district, moves a person there, and removes a unit only when nothing hangs on it", async ({ page }) => {
  const name = `Team ${Date.now().toString(36)}`;
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await visit(page, "/people");
  await page.getByRole("link", { name: "Organisationens enheter: förvaltningar, enheter och stadsdelar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enheter" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  const add = page.getByRole("region", { name: "Lägg till en enhet" });
  await add.getByLabel("Namn").fill(name);
  await add.getByLabel("Ligger under").selectOption({ label: "\u00a0\u00a0Stadsdel Norr" });
  await add.getByRole("button", { name: "Lägg till" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${name} är tillagd.` })).toBeVisible();
  // Shown below its district, in the district's own list.
  await expect(page.getByRole("list", { name: "Under Stadsdel Norr" }).getByRole("group", { name })).toBeVisible();

  // A unit cannot go under itself.
  const team = page.getByRole("group", { name });
  await team.getByText("Ändra").click();
  await expect(team.getByLabel("Ligger under").getByRole("option", { name })).toHaveCount(0);

  // Someone works there now: the unit stays until they have moved on.
  await visit(page, "/people");
  await page.getByRole("link", { name: "Oskar Palm" }).click();
  await page.getByRole("region", { name: "Byt enhet" }).getByLabel("Enhet").selectOption({ label: name });
  await page.getByRole("button", { name: "Spara enhet" }).click();
  await expect(page.getByRole("definition").filter({ hasText: name })).toBeVisible();
  await visit(page, "/units");
  const withPerson = page.getByRole("group", { name });
  await expect(withPerson.getByText("1 person · 0 planer · 0 enheter under")).toBeVisible();
  await withPerson.getByText("Ändra").click();
  await expect(withPerson.getByText("Enheten kan tas bort när inga personer, planer eller enheter hör till den.")).toBeVisible();

  // Back to his own unit: now it can go.
  await visit(page, "/people");
  await page.getByRole("link", { name: "Oskar Palm" }).click();
  await page.getByRole("region", { name: "Byt enhet" }).getByLabel("Enhet").selectOption({ label: "Ekonomiskt bistånd" });
  await page.getByRole("button", { name: "Spara enhet" }).click();
  await expect(page.getByRole("definition").filter({ hasText: "Ekonomiskt bistånd" })).toBeVisible();
  await visit(page, "/units");
  const empty = page.getByRole("group", { name });
  await empty.getByText("Ändra").click();
  await empty.getByRole("button", { name: "Ta bort" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Ja, ta bort" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${name} är borttagen.` })).toBeVisible();
  await expect(page.getByText(name, { exact: true })).toHaveCount(0);
});
