import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, signInAs, visit } from "./support/pages";

// The demo follows Korttidsfrånvaro month by month for Stadsdel Norr, Söder and Jobbtorget, up to last month.

test("a district records this month's value by form and by spreadsheet, and sees it on its board's chart", async ({ page }) => {
  test.slow();
  const month = new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Stockholm" }).slice(0, 7);
  await signInAs(page, DEMO_ACCOUNTS.district);
  await visit(page, "/indicators");
  await page.getByRole("link", { name: "Korttidsfrånvaro" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Korttidsfrånvaro" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  // By form: the unit is the district's own, the period this month; a value the Swedish way.
  const record = page.getByRole("region", { name: "För in ett värde" });
  await expect(record.getByLabel("Enhet")).toHaveValue(/.+/);
  await expect(record.getByRole("option")).toHaveText(["Stadsdel Norr"]);
  await record.getByLabel("Period").fill(month);
  await record.getByLabel("Värde").fill("1.234");
  await record.getByRole("button", { name: "Spara värdet" }).click();
  await expect(record.getByText("Talet kan läsas på två sätt. Skriv det med decimalkomma, till exempel 1234,5.")).toBeVisible();
  await record.getByLabel("Värde").fill("3,9");
  await record.getByRole("button", { name: "Spara värdet" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Värdet är sparat." })).toBeVisible();
  const table = page.getByRole("table", { name: /Korttidsfrånvaro \(%\) per period och enhet/ });
  await expect(table.getByRole("columnheader")).toHaveText(["Period", "Jobbtorget", "Stadsdel Norr", "Stadsdel Söder", "Klara uppdrag"]);
  const norrThisMonth = table.getByRole("row", { name: new RegExp(`^${month}`) }).getByRole("cell").nth(1);
  await expect(norrThisMonth).toHaveText("3,9");

  // By spreadsheet: one bad line refuses the whole file, named by line and column; a good file goes in.
  const upload = page.getByRole("region", { name: "Läs in värden från ett kalkylblad" });
  const file = (text: string) => ({ name: "varden.csv", mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
  await upload.getByLabel("CSV-fil").setInputFiles(file(`enhet;period;värde\nStadsdel Norr;${month};4,1\nStadsdel Söder;${month};2\n`));
  await upload.getByRole("button", { name: "Läs in" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Inget lästes in." });
  await expect(alert).toContainText("Rad 3, kolumn 1 (enhet): du för inte in värden för den enheten.");
  await expect(norrThisMonth).toHaveText("3,9");
  await upload.getByLabel("CSV-fil").setInputFiles(file(`enhet;period;värde\nStadsdel Norr;${month};4,1\n`));
  await upload.getByRole("button", { name: "Läs in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 värde är inläst." })).toBeVisible();
  await expect(norrThisMonth).toHaveText("4,1");

  // Norr's own board follows the central plan's indicators, with Norr's values only.
  await visit(page, "/plans");
  await page.getByRole("link", { name: "Öppna tavlan för Invånaren som medskapare – Stadsdel Norr" }).click();
  await page.getByRole("navigation", { name: "Följ upp" }).getByRole("link", { name: "Indikatorer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Indikatorer: Invånaren som medskapare – Stadsdel Norr" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Diagram över Korttidsfrånvaro/ })).toBeVisible();
  const boardTable = page.getByRole("table", { name: /Korttidsfrånvaro \(%\) per period och enhet/ });
  await expect(boardTable.getByRole("columnheader")).toHaveText(["Period", "Stadsdel Norr", "Klara uppdrag"]);
  await expect(boardTable.getByRole("row", { name: new RegExp(`^${month}`) }).getByRole("cell").first()).toHaveText("4,1");
});
