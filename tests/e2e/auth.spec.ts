import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs, signOut, visit } from "./support/pages";

const EXEMPELBY_PLAN = "Bli en processorganisation";
const ANNANSTAD_PLAN = "Hållbar arbetssituation i socialtjänsten";

test("an anonymous visitor is sent to sign in, and comes back after signing in with a password", async ({ page }) => {
  await page.goto("/plans");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fplans$/);
  await expectAccessible(page);

  await page.getByLabel("E-postadress").fill("strateg@exempelby.test");
  await page.getByLabel("Lösenord").fill("not the password");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page.getByText("Fel e-postadress eller lösenord.")).toBeVisible();
  await expect(page.getByLabel("E-postadress")).toHaveValue("strateg@exempelby.test");
  await expectAccessible(page);

  await page.getByLabel("Lösenord").fill("planboard-demo");
  await page.getByRole("button", { name: "Logga in", exact: true }).click();
  await expect(page).toHaveURL(/\/plans$/);
  await expect(page.getByRole("heading", { level: 1, name: "Handlingsplaner" })).toBeVisible();
});

test("a strategic developer signs in with the demo account's button, and sees the plans and the people administration", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: `Logga in som ${DEMO_ACCOUNTS.strategic.name}` }).click();
  await expect(page).toHaveURL(/\/plans$/);
  await expect(page.getByRole("link", { name: DEMO_ACCOUNTS.strategic.name })).toBeVisible();
  await visit(page, "/plans");
  await expect(page.getByRole("heading", { level: 2, name: EXEMPELBY_PLAN })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: ANNANSTAD_PLAN })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Personer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Personer" })).toBeVisible();
  await expectAccessible(page);
});

for (const [role, account] of [
  ["a working-group member", DEMO_ACCOUNTS.groupMember],
  ["a staff member", DEMO_ACCOUNTS.staff],
] as const) {
  test(`${role} follows the board but has no people administration`, async ({ page }) => {
    await signInAs(page, account);
    await visit(page, "/plans");
    await expect(page.getByRole("link", { name: "Personer" })).toHaveCount(0);
    await page.getByRole("link", { name: `Öppna tavlan för ${EXEMPELBY_PLAN}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: EXEMPELBY_PLAN })).toBeVisible();
    await expectAccessible(page);

    const refused = await page.goto("/people");
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Ingen behörighet" })).toBeVisible();
  });
}

test("another organisation sees only its own plans, and ours do not exist for it", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await page.goto("/plans");
  const exempelbyBoard = await page.getByRole("link", { name: `Öppna tavlan för ${EXEMPELBY_PLAN}` }).getAttribute("href");
  await signOut(page);

  await signInAs(page, DEMO_ACCOUNTS.otherOrganisation);
  await visit(page, "/plans");
  await expect(page.getByRole("heading", { level: 2, name: ANNANSTAD_PLAN })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: EXEMPELBY_PLAN })).toHaveCount(0);
  const response = await page.goto(exempelbyBoard!);
  expect(response?.status()).toBe(404);
});

test("an administrator adds a person, who chooses a password through a one-time link", async ({ page, browser }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await visit(page, "/people");
  const email = `ny.${Date.now()}@exempelby.test`;
  await page.getByLabel("Namn").fill("Nils Nyanställd");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Enhet").selectOption({ label: "Jobbtorget" });
  await page.getByRole("button", { name: "Lägg till" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nils Nyanställd" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "Skapa länk för att välja lösenord" }).click();
  const link = await page.locator("code.copyable").textContent();
  expect(link).toMatch(/\/password-setup\//);

  const newcomer = await (await browser.newContext()).newPage();
  await newcomer.goto(link!);
  await expectAccessible(newcomer);
  await newcomer.getByLabel("Nytt lösenord").fill("nils-eget-losenord");
  await newcomer.getByLabel("Upprepa det nya lösenordet").fill("nils-eget-losenord");
  await newcomer.getByRole("button", { name: "Spara lösenordet" }).click();
  await expect(newcomer.getByRole("heading", { level: 1, name: "Handlingsplaner" })).toBeVisible();
  await expect(newcomer.getByRole("link", { name: "Nils Nyanställd" })).toBeVisible();

  const reused = await newcomer.goto(link!);
  expect(reused?.status()).toBe(404);
});

test("every response carries the security headers, and scripts run by nonce", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/login");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[\w+/=]+'/);
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");

  await signInAs(page, DEMO_ACCOUNTS.staff);
  await page.goto("/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${EXEMPELBY_PLAN}` }).click();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  expect(violations).toEqual([]);
});

test("a state-changing request from another origin is refused", async ({ request }) => {
  const response = await request.post("/login", {
    headers: { Origin: "https://evil.example" },
    form: { intent: "password", email: "strateg@exempelby.test", password: "planboard-demo" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();

  const sameOrigin = await request.post("/login", {
    headers: { Origin: new URL(response.url()).origin },
    form: { intent: "password", email: "strateg@exempelby.test", password: "planboard-demo" },
    maxRedirects: 0,
  });
  expect(sameOrigin.status()).toBe(302);
  expect(sameOrigin.headers()["set-cookie"]).toMatch(/planboard_session=.*HttpOnly.*SameSite=Lax/);
});
