import { expect, test } from "./support/axe";
import { DEMO_ACCOUNTS, expectAccessible, openBoard, signInAs, visit } from "./support/pages";

const DEMO_PLANS = [
  "Bli en processorganisation",
  "Invånaren som medskapare",
  "Skilja beslut från planering",
  "Införa huvudhandläggare",
  "Kvalitativ behovs- och målgruppsanalys",
];

test.beforeEach(async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.strategic);
});

test("the plans overview lists the demo plans with their progress", async ({ page }) => {
  await visit(page, "/plans");
  await expect(page).toHaveTitle(/Planboard/);
  await expect(page.getByRole("heading", { level: 1, name: "Handlingsplaner" })).toBeVisible();
  for (const title of DEMO_PLANS) {
    // The heading's link is named "Öppna tavlan för <title>"; a district's adopted board adds " – <district>".
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`${title}$`) })).toBeVisible();
  }
  const firstPlan = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: DEMO_PLANS[0] }) });
  await expect(firstPlan.getByText(/\d+ av \d+ klara/)).toBeVisible();
  await expect(firstPlan.getByText(/^Klart: \d+ uppdrag$/)).toBeVisible();
});

test("a board shows columns, focus-area swimlanes and cards", async ({ page }) => {
  await visit(page, "/plans");
  await page.getByRole("link", { name: `Öppna tavlan för ${DEMO_PLANS[0]}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_PLANS[0] })).toBeVisible();
  await expectAccessible(page);

  for (const column of ["Planerad", "Pågår", "Uppföljning", "Klart"]) {
    await expect(page.locator(".column-head").filter({ hasText: column })).toBeVisible();
  }
  const cards = page.locator(".card");
  expect(await cards.count()).toBeGreaterThan(3);
  const firstCard = cards.first();
  await expect(firstCard.getByText(/\d+ dagar? i kolumnen/)).toBeVisible();
  await expect(firstCard.getByText("Arbetsgrupp")).toBeVisible();
  await expect(page.getByRole("list", { name: /^(Planerad|Pågår|Uppföljning|Klart), / }).first()).toBeVisible();
});

test("English can be chosen and is remembered", async ({ page }) => {
  await visit(page, "/plans");
  await page.getByRole("button", { name: "Byt språk: English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Action plans" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectAccessible(page);

  await page.getByRole("link", { name: `Open the board for ${DEMO_PLANS[1]}`, exact: true }).click();
  await expect(page.getByText(/\d+ days? in this column/).first()).toBeVisible();
  await expectAccessible(page);
});

test("an unknown board is a 404 page", async ({ page }) => {
  const response = await page.goto("/plans/7d8e0c0e-9f5b-4a43-8d61-0e4f6c2a9b11");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Sidan finns inte" })).toBeVisible();
  await expectAccessible(page);
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "up" });
});

test("a page starts with the strings of its language: no script is fetched before hydration but those the page names", async ({ page }) => {
  for (const [language, heading] of [
    ["sv", "Handlingsplaner"],
    ["en", "Action plans"],
  ] as const) {
    if (language === "en") {
      await page.goto("/plans");
      await page.getByRole("button", { name: "Byt språk: English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      // The switch fetches the English strings after the lang attribute changes; wait until they are shown, so that
      // request is not counted as the next page's.
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    }
    const scripts: string[] = [];
    const record = (request: import("@playwright/test").Request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    };
    page.on("request", record);
    const response = await page.goto("/plans");
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    page.off("request", record);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    // What the document names (hydration takes these tags away): its module preloads and its module script's imports.
    const html = (await response?.text()) ?? "";
    const named = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"|import \* as \w+ from "([^"]+)"/g)].map((match) => match[1] ?? match[2]);
    expect(html).toContain('<script id="planboard-translations" type="application/json">');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((path) => !named.includes(path))).toEqual([]);
  }
});

test("the board's head names every module the page runs, so they load while its cards arrive", async ({ page }) => {
  await openBoard(page, DEMO_PLANS[0]!);
  const html = await (await page.request.get(page.url())).text();
  const [head, body] = html.split("</head>") as [string, string];
  const preloadsIn = (part: string) => [...part.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((match) => match[1]!);
  // What the body's module script runs: the entry it imports and each route module.
  const run = [...body.matchAll(/import \* as \w+ from "([^"]+)"|import\("([^"]+)"\)/g)].map((match) => match[1] ?? match[2]!);
  expect(run.length).toBeGreaterThan(1);
  expect(run.filter((path) => !preloadsIn(head).includes(path))).toEqual([]);
  // And everything Remix preloads at the end of the body, the modules those import included.
  expect(preloadsIn(body).filter((path) => !preloadsIn(head).includes(path))).toEqual([]);
});

test("due dates come formatted from the server: hydrating the board builds no date formatter", async ({ page }) => {
  // The first Intl.DateTimeFormat of a page costs tens of ms (it loads the locale's calendar data).
  await page.addInitScript(() => {
    const counted = window as unknown as { dateFormattersBuilt: number };
    counted.dateFormattersBuilt = 0;
    const count = () => void (counted.dateFormattersBuilt += 1);
    Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
      construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        count();
        return new target(...args);
      },
      apply(target, _this, args: Parameters<typeof Intl.DateTimeFormat>) {
        count();
        return target(...args);
      },
    });
  });
  await openBoard(page, DEMO_PLANS[0]!);
  // The board as its own document (the plans overview before it formats dates of its own).
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(".board")).toHaveAttribute("data-live", "open");
  // React hydrates the lanes in slices after the page's marker: wait until the page is idle.
  for (let idle = 0; idle < 2; idle++) await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5_000 })));
  const dueTexts = await page.locator(".card").getByText(/^(Klart senast|Försenat:) \d{1,2} [a-zåäö]+\.? \d{4}$/).allTextContents();
  expect(dueTexts.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { dateFormattersBuilt: number }).dateFormattersBuilt)).toBe(0);
});
