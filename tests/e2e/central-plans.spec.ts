import type { Page } from "@playwright/test";
import { expect, test } from "./support/axe";
import { createPlan, DEMO_ACCOUNTS, signInAs, visit } from "./support/pages";

// The tests share one database with the other files and run in parallel: this one works on a plan it creates.

async function addAssignment(page: Page, planUrl: string, title: string) {
  await page.goto(`${planUrl}/assignments/new`);
  await page.getByLabel("Rubrik").fill(title);
  await page.getByRole("button", { name: "Skapa uppdraget" }).click();
  await expect(page.locator(".card-title", { hasText: title })).toBeVisible();
}

test("a district adopts a central plan, answers a later change, votes on its priorities, and the central view shows how far it has come", async ({ page, browser }) => {
  test.slow(); // two people, a dozen pages, each checked with axe
  const title = `Stadens plan för arbetsmiljön ${Date.now().toString(36)}`;

  // The administration's strategic developer makes the plan and offers it to Stadsdel Norr.
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await createPlan(page, title);
  const planUrl = page.url().replace(/\/settings$/, "");
  await addAssignment(page, planUrl, "Mentor för varje nyanställd");
  await addAssignment(page, planUrl, "Samtal om arbetssituationen varje kvartal");
  await visit(page, `${planUrl}/units`);
  await expect(page.getByText("Planen är inte erbjuden till någon enhet ännu.")).toBeVisible();
  await page.getByRole("group", { name: "Enheter" }).getByLabel("Stadsdel Norr").check();
  await page.getByRole("button", { name: "Spara erbjudandet" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Erbjudandet är sparat." })).toBeVisible();
  const table = page.getByRole("table", { name: /Uppdrag per fokusområde och enhet/ });
  await expect(table.getByRole("columnheader", { name: "Stadsdel Norr" })).toBeVisible();
  await expect(table.getByRole("row", { name: /Allmänt/ }).getByRole("cell")).toHaveText(["Inte antagen"]);

  // Stadsdel Norr's own strategic developer finds the offer and adopts one of the two assignments.
  const district = await (await browser.newContext()).newPage();
  await signInAs(district, DEMO_ACCOUNTS.district);
  await visit(district, "/plans");
  const offers = district.getByRole("region", { name: "Erbjuden till din enhet" });
  await offers.getByRole("link", { name: title }).click();
  await expect(district.getByRole("heading", { level: 1, name: `Anta ${title}` })).toBeVisible();
  await expect(district.getByText("För enheten Stadsdel Norr.")).toBeVisible();
  await district.getByLabel("Samtal om arbetssituationen varje kvartal").uncheck();
  await district.getByRole("button", { name: "Anta planen" }).click();
  await expect(district.getByRole("heading", { level: 1, name: `${title} – Stadsdel Norr` })).toBeVisible();
  await expect(district.locator(".card-title")).toHaveText(["Mentor för varje nyanställd"]);
  await expect(district.getByRole("link", { name: `Antagen från ${title}` })).toBeVisible();
  const districtBoard = district.url();

  // The administration adds an assignment: it is offered to the district, not put on its board.
  await addAssignment(page, planUrl, "Gemensam introduktionsvecka");
  await district.goto(districtBoard);
  await expect(district.locator(".card-title")).toHaveText(["Mentor för varje nyanställd"]);
  await district.getByRole("link", { name: "Ändringar i den centrala planen" }).click();
  const newAssignments = district.getByRole("region", { name: "Nya uppdrag" });
  await expect(newAssignments.getByRole("listitem")).toHaveText([/Gemensam introduktionsvecka/]);
  await newAssignments.getByRole("button", { name: "Ta med Gemensam introduktionsvecka" }).click();
  await expect(district.getByRole("status").filter({ hasText: "Gemensam introduktionsvecka finns nu på tavlan." })).toBeVisible();
  await expect(district.getByText("Inget nytt att ta ställning till.")).toBeVisible();
  await expect(district.getByText("Sådant enheten har avstått från (1)")).toBeVisible();
  await district.goto(districtBoard);
  await expect(district.locator(".card-title")).toHaveText(["Mentor för varje nyanställd", "Gemensam introduktionsvecka"]);

  // Norr votes on which of its assignments matters most, and makes the result its priority.
  await district.goto(districtBoard);
  await district.getByRole("link", { name: "Prioriteringsomröstningar" }).click();
  await expect(district.getByText("Inga omröstningar ännu.")).toBeVisible();
  await district.getByLabel("Fråga").fill("Vilket uppdrag är viktigast i år?");
  await district.getByRole("radio", { name: "Planens uppdrag" }).check();
  await district.getByLabel("Högst så här många val per person").fill("1");
  const lastDay = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  await district.getByLabel("Sista dag att rösta").fill(lastDay);
  await district.getByRole("button", { name: "Starta omröstningen" }).click();
  await expect(district.getByRole("heading", { level: 1, name: "Vilket uppdrag är viktigast i år?" })).toBeVisible();
  await expect(district.locator("html")).toHaveAttribute("data-hydrated", "true");
  const ballot = district.getByRole("group", { name: "Välj 1 punkt" });
  // By keyboard: Tab to the first choice, Space to tick it; the count says so, and a second choice waits for the first to go.
  await ballot.getByRole("checkbox", { name: "Gemensam introduktionsvecka" }).focus();
  await district.keyboard.press("Space");
  await expect(ballot.getByText("1 av 1 valda. Avmarkera en punkt för att välja en annan.")).toBeVisible();
  const other = ballot.getByRole("checkbox", { name: "Mentor för varje nyanställd" });
  await expect(other).toHaveAttribute("aria-disabled", "true");
  await other.focus();
  await district.keyboard.press("Space");
  await expect(other).not.toBeChecked();
  await district.getByRole("button", { name: "Rösta" }).click();
  await expect(district.getByRole("status").filter({ hasText: "Din röst är registrerad." })).toBeVisible();
  await expect(district.getByText(/^1 av \d+ har röstat$/)).toBeVisible();
  await district.getByRole("button", { name: "Avsluta omröstningen nu" }).click();
  const result = district.getByRole("table", { name: "Resultat" });
  await expect(result.getByRole("row")).toHaveText([/Plats.*Punkt.*Röster/, /1.*Gemensam introduktionsvecka.*1/, /2.*Mentor för varje nyanställd.*0/]);
  await district.getByLabel("Så här många platser").fill("1");
  await district.getByRole("button", { name: "Gör till prioriteringar" }).click();
  await expect(district.getByRole("status").filter({ hasText: "Prioriteringarna är uppdaterade." })).toBeVisible();
  await district.goto(districtBoard);
  await expect(district.locator(".card", { hasText: "Gemensam introduktionsvecka" }).getByText("Prioritet 1")).toBeVisible();
  await expect(district.locator(".card", { hasText: "Mentor för varje nyanställd" }).getByText(/Prioritet/)).toHaveCount(0);

  // The central view, as a member of staff reads it: Norr has two assignments, none done yet.
  const staff = await (await browser.newContext()).newPage();
  await signInAs(staff, DEMO_ACCOUNTS.staff);
  await visit(staff, `${planUrl}/units`);
  const cell = staff.getByRole("table", { name: /Uppdrag per fokusområde och enhet/ }).getByRole("row", { name: /Allmänt/ }).getByRole("link");
  await expect(cell).toHaveText("0 av 2 klara");
  await expect(cell).toHaveAccessibleName("Stadsdel Norr, Allmänt: Planerad 2, Pågår 0, Uppföljning 0, Klart 0");
  await expect(staff.getByRole("region", { name: "Erbjud planen till enheter" })).toHaveCount(0);
  await cell.click();
  await expect(staff.getByRole("heading", { level: 1, name: `${title} – Stadsdel Norr` })).toBeVisible();
  await expect(staff.getByRole("link", { name: "Nytt uppdrag" })).toHaveCount(0);
});
