import { startOidcProvider, type RunningProvider } from "../support/oidc-providers";
import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, signInAs, visit } from "./support/pages";

const client = { clientId: "planboard-e2e", clientSecret: "a-client-secret-for-the-browser-test" };
const PROVIDER_NAME = "Exempelby-kontot (test)";

let provider: RunningProvider | undefined;
test.afterAll(async () => {
  await provider?.close();
});

test("an administrator connects the organisation's identity provider; staff then sign in through it, refusals explain themselves, and signing out can end the provider's session too", async ({ page, browser, baseURL }) => {
  // Two browsers, a provider and some fifteen pages, each checked by axe: more than the default minute on a loaded machine.
  test.slow();
  provider = await startOidcProvider({
    client: { ...client, appOrigins: [new URL(baseURL!).origin] },
    accounts: { oskar: { email: "Personal@Exempelby.test", name: "Oskar Palm" } },
  });

  // The administrator registers Planboard at the provider with the addresses the page shows, then fills in what they got.
  await signInAs(page, DEMO_ACCOUNTS.strategic);
  await visit(page, "/people");
  await page.getByRole("link", { name: "Inloggning via organisationens identitetsleverantör" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inloggning via organisationens identitetsleverantör" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText(`${new URL(baseURL!).origin}/auth/oidc/callback`)).toBeVisible();

  const settings = page.getByRole("region", { name: "Leverantören" });
  await settings.getByLabel("Namn på inloggningsknappen").fill(PROVIDER_NAME);
  await settings.getByLabel("Utfärdarens URL (issuer)").fill("http://idp.example.test/");
  await settings.getByLabel("Klient-id").fill(client.clientId);
  await settings.getByLabel("Klienthemlighet").fill(client.clientSecret);
  await settings.getByLabel("Tillåtna e-postdomäner").fill("exempelby.test");
  await settings.getByRole("button", { name: "Spara" }).click();
  // Plain HTTP is for a provider on this machine only.
  await expect(settings.getByText("Utfärdarens URL måste börja med https://.")).toBeVisible();
  await expectAccessible(page);
  await settings.getByLabel("Utfärdarens URL (issuer)").fill(provider.issuer);
  await settings.getByLabel("Klienthemlighet").fill(client.clientSecret);
  await settings.getByRole("button", { name: "Spara" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Leverantören är sparad." })).toBeVisible();
  await expect(settings.getByText("En hemlighet är sparad och visas inte.")).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("settings-1366.png"), fullPage: true });

  // A group mapped to a role, shown on /people too.
  const mappings = page.getByRole("region", { name: "Roller från grupper" });
  await mappings.getByLabel("Grupp", { exact: true }).fill("planboard-utvecklare");
  await mappings.getByLabel("Roll").selectOption({ label: "Strategisk utvecklare" });
  await mappings.getByRole("button", { name: "Koppla gruppen" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Gruppen är kopplad." })).toBeVisible();
  await visit(page, "/people");
  await expect(page.getByRole("table", { name: `Roller från grupper hos ${PROVIDER_NAME}` }).getByRole("row", { name: "planboard-utvecklare Strategisk utvecklare" })).toBeVisible();

  try {
    // Oskar, in a browser of his own: the provider's button comes first, the password form second.
    const staffContext = await browser.newContext();
    const staff = await staffContext.newPage();
    await staff.goto("/login");
    const signInWithProvider = staff.getByRole("link", { name: `Logga in med ${PROVIDER_NAME}` });
    await expect(signInWithProvider).toBeVisible();
    await expect(staff.getByRole("heading", { name: "Eller logga in med lösenord" })).toBeVisible();
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.screenshot({ path: test.info().outputPath("login-390.png"), fullPage: true });
    await staff.setViewportSize({ width: 1366, height: 768 });
    await staff.screenshot({ path: test.info().outputPath("login-1366.png") });
    await signInWithProvider.click();
    // The provider's own login and consent pages.
    await staff.locator('input[name="login"]').fill("oskar");
    await staff.locator('input[name="password"]').fill("whatever the provider checks");
    await staff.locator('button[type="submit"]').click();
    await staff.getByRole("button", { name: "Continue" }).click();
    await expect(staff).toHaveURL(/\/plans$/);
    await expect(staff.getByRole("link", { name: "Oskar Palm" })).toBeVisible();

    // Signing out here, then at the provider too.
    await staff.getByRole("button", { name: "Logga ut" }).click();
    await expect(staff.getByRole("status").filter({ hasText: "Du är utloggad från Planboard." })).toBeVisible();
    await staff.getByRole("link", { name: `Logga ut från ${PROVIDER_NAME} också` }).click();
    await staff.getByRole("button", { name: "Yes, sign me out" }).click();
    await expect(staff).toHaveURL(/\/login$/);
    await expect(staff.getByRole("heading", { level: 1, name: "Logga in" })).toBeVisible();

    // He starts again but cancels at the provider: a page says what happened and what to do.
    await staff.getByRole("link", { name: `Logga in med ${PROVIDER_NAME}` }).click();
    await staff.locator('input[name="login"]').fill("oskar");
    await staff.locator('input[name="password"]').fill("whatever");
    await staff.locator('button[type="submit"]').click();
    await staff.getByRole("link", { name: "[ Cancel ]" }).click();
    await expect(staff.getByRole("heading", { level: 1, name: "Inloggningen gick inte igenom" })).toBeVisible();
    await expect(staff.getByRole("alert")).toHaveText(`Planboard fick inte tillgång till ditt konto hos ${PROVIDER_NAME}.`);
    await expect(staff.getByRole("link", { name: "Till inloggningssidan" })).toBeVisible();
    await staff.screenshot({ path: test.info().outputPath("refusal-1366.png") });
    await staff.getByRole("button", { name: "English" }).click();
    await expect(staff.getByRole("heading", { level: 1, name: "The sign-in did not go through" })).toBeVisible();
    await expect(staff.getByRole("alert")).toHaveText(`Planboard was not given access to your account at ${PROVIDER_NAME}.`);
    await staff.getByRole("button", { name: "Svenska" }).click();
    await expect(staff.getByRole("heading", { level: 1, name: "Inloggningen gick inte igenom" })).toBeVisible();
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.screenshot({ path: test.info().outputPath("refusal-390.png") });

    // The refusal is a page of its own: back and forward show it again, and nobody is signed in.
    await staff.goBack();
    await staff.goForward();
    await expect(staff.getByRole("heading", { level: 1, name: "Inloggningen gick inte igenom" })).toBeVisible();
    await staff.goto("/plans");
    await expect(staff).toHaveURL(/\/login\?redirectTo=%2Fplans$/);
    await staffContext.close();
  } finally {
    // The demo's organisation signs in with passwords again, for the tests that run after this one.
    await visit(page, "/people/sign-in");
    await page.getByRole("button", { name: "Ta bort leverantören" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Ja, ta bort" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Leverantören är borttagen." })).toBeVisible();
  }
});
