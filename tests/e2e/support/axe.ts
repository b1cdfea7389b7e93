import axe from "axe-core";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/**
 * axe on every page a test opens, without the test asking: import `test` and `expect` from here
 * instead of from @playwright/test.
 *
 * Every page of the app (not an identity provider's page it passes through) in every context the
 * test uses (its own `page`, and pages of contexts it opens with `browser.newContext()`, unless
 * JavaScript is off there) is checked:
 * - after each `goto`, `reload`, `goBack` and `goForward`, so a 403 or 404 the test only glances
 *   at is checked too;
 * - before such a navigation, if the page was navigated since its last check (by a click or a
 *   form), so the page the test leaves is checked as the test left it;
 * - at the end of the test, and when the test closes a context, each page navigated since.
 * Apart from explicit navigations, a URL already checked in the test is not checked again, to
 * keep the cost down on a loaded machine.
 * Each check runs at the test's width and at phone width (390 px), see `axeViolations`.
 * Checks run in line with the test, one at a time, never alongside its steps. Any violation
 * fails the test, listed by page. `expectAccessible` in `./pages` checks a state in between
 * (a form showing its errors) and counts as the page's check.
 */

/** One check on a large board takes a few seconds on a loaded machine; more than this is a fault. */
const CHECK_TIMEOUT_MS = 45_000;

interface PageState {
  /** Main-frame navigations so far, and how many of them the last check had seen. */
  navigations: number;
  checkedAt: number;
}
const states = new WeakMap<Page, PageState>();

/** Whether the page was checked since it last navigated (by the fixture after a `goto`, say). */
export function checkedSinceNavigation(page: Page): boolean {
  const state = states.get(page);
  return state !== undefined && state.checkedAt === state.navigations;
}

/** The phone width every page is also checked at (a common phone's CSS width). */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

/**
 * The violations of axe-core's default rules on the page as it is now, one line each, at the
 * test's own width and, when that is wider, at phone width too; counts as the page's check.
 *
 * The phone check resizes the same page rather than opening the URL again in a narrow page: a
 * second load would not see the state the test left (a form showing its errors, an open menu) and
 * could change what it checks (a one-time link is used up). The size is put back afterwards, so
 * the test carries on at the width it chose.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const state = states.get(page);
  if (state) state.checkedAt = state.navigations;
  const viewport = page.viewportSize();
  const atOwnWidth = await violationsNow(page);
  if (!viewport || viewport.width <= PHONE_VIEWPORT.width) return atOwnWidth;
  await resize(page, PHONE_VIEWPORT);
  let atPhoneWidth: string[];
  try {
    atPhoneWidth = await violationsNow(page);
  } finally {
    if (!page.isClosed()) await resize(page, viewport);
  }
  return [
    ...atOwnWidth.map((violation) => `at ${viewport.width} px: ${violation}`),
    ...atPhoneWidth.map((violation) => `at ${PHONE_VIEWPORT.width} px: ${violation}`),
  ];
}

/**
 * Resizes and waits for the page to lay itself out (and for any resize handler) at the new size.
 * Headless Chromium now and then stops giving a page frames after a resize (CI once waited 107 s
 * for one; a click later waited 48 s for its element to be stable): when no frame comes within a
 * second, the page is brought to the front, which gets frames going again, and waited for once
 * more. axe's own reads lay the page out either way. The resize itself waits for a frame at the
 * new size, and CI once waited out a test's whole minute for it: it gets two seconds before the
 * page is brought to the front.
 */
async function resize(page: Page, size: { width: number; height: number }) {
  const resized = page.setViewportSize(size);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 2_000)));
  const inTime = await Promise.race([resized.then(() => true), late]).finally(() => clearTimeout(timer));
  if (!inTime) {
    await page.bringToFront();
    await resized;
  }
  const nextFrames = () =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)));
          setTimeout(() => resolve(false), 1_000);
        }),
    );
  if (await nextFrames()) return;
  await page.bringToFront();
  await nextFrames();
}

/**
 * axe-core's default rules (WCAG 2.0 and 2.1 at A and AA, and its best practices), run in the
 * page's document. Its 1.3 MB of script goes into a document once, for every check of it (both
 * widths, later states): put in anew for each check, it took a third of a check's time. The app
 * has no frames, and a page with one fails rather than go half-checked.
 */
async function violationsNow(page: Page): Promise<string[]> {
  if (page.frames().length > 1) throw new Error(`${page.url()} has frames: axe checks only the page's own document here`);
  // Only violations are reported: skipping passes and incomplete results keeps big pages quick.
  // Null when this document has no axe of this version yet.
  const runHere = () =>
    page.evaluate(async (version) => {
      const inPage = (window as unknown as { axe?: typeof axe }).axe;
      if (inPage?.version !== version || typeof inPage.run !== "function") return null;
      return inPage.run(document, { resultTypes: ["violations"] });
    }, axe.version);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe did not finish within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  try {
    const run = async () => {
      const found = await runHere();
      if (found) return found;
      await page.evaluate(axe.source);
      const afterPutting = await runHere();
      // Put in and gone at once: the page navigated in between (`check` then tries again).
      if (!afterPutting) throw new Error("the page navigated while axe was put into it");
      return afterPutting;
    };
    const results = await Promise.race([run(), timeout]);
    return results.violations.map(
      (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

class PageWatcher {
  /** Pages of another origin (an identity provider's sign-in page) are not ours to check. */
  constructor(private readonly appOrigin: string | undefined) {}
  private readonly contexts = new Set<BrowserContext>();
  private readonly pages = new Set<Page>();
  readonly failures: string[] = [];
  /** Set once the test's result is in: a context Playwright closes afterwards is not checked again. */
  done = false;

  watchContext(context: BrowserContext) {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    for (const page of context.pages()) this.watchPage(page);
    context.on("page", (page) => this.watchPage(page));
    const close = context.close.bind(context);
    context.close = async (...args: Parameters<BrowserContext["close"]>) => {
      await this.checkOpenPages(context);
      return close(...args);
    };
  }

  private watchPage(page: Page) {
    const state: PageState = { navigations: 0, checkedAt: 0 };
    states.set(page, state);
    this.pages.add(page);
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) state.navigations += 1;
    });
    for (const method of ["goto", "reload", "goBack", "goForward"] as const) {
      const navigate = page[method].bind(page) as (...args: unknown[]) => Promise<unknown>;
      (page as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        await this.checkIfNew(page);
        const response = await navigate(...args);
        // Always: the same URL may now answer differently (a revoked share link, a used one-time link).
        await this.check(page);
        return response;
      };
    }
  }

  /** URLs checked in this test: a page reached again by a click is not checked again. */
  private readonly checkedUrls = new Set<string>();

  /** Checks the page if it navigated since its last check, to a URL not checked in this test. */
  async checkIfNew(page: Page) {
    const state = states.get(page);
    if (page.isClosed() || !state || state.navigations === state.checkedAt) return;
    if (this.checkedUrls.has(page.url())) {
      state.checkedAt = state.navigations;
      return;
    }
    await this.check(page);
  }

  async check(page: Page) {
    // A page may still be on its way somewhere (a redirect after signing in reloads the document):
    // then the check starts again on the page it arrives at.
    for (let attempt = 1; ; attempt += 1) {
      if (this.done || page.isClosed()) return;
      await page.waitForLoadState("load", { timeout: CHECK_TIMEOUT_MS }).catch(() => undefined);
      const url = page.url();
      if (url === "about:blank") return;
      if (this.appOrigin && new URL(url).origin !== this.appOrigin) {
        const state = states.get(page);
        if (state) state.checkedAt = state.navigations;
        return;
      }
      this.checkedUrls.add(url);
      try {
        const violations = await axeViolations(page);
        if (violations.length > 0) this.failures.push(`${url}\n    ${violations.join("\n    ")}`);
        return;
      } catch (error) {
        if (page.isClosed()) return;
        const message = error instanceof Error ? error.message : String(error);
        if (attempt < 3 && /Execution context was destroyed|navigat/i.test(message)) continue;
        this.failures.push(`${url}\n    ${message}`);
        return;
      }
    }
  }

  /** Every open page of these contexts that navigated since its last check. */
  async checkOpenPages(context?: BrowserContext) {
    for (const each of context ? [context] : this.contexts) {
      for (const page of each.pages()) if (this.pages.has(page)) await this.checkIfNew(page);
    }
  }
}

export const test = base.extend<{ axeOnEveryPage: void }>({
  axeOnEveryPage: [
    async ({ browser, context, javaScriptEnabled, baseURL }, use) => {
      const watcher = new PageWatcher(baseURL ? new URL(baseURL).origin : undefined);
      if (javaScriptEnabled !== false) watcher.watchContext(context);
      const newContext = browser.newContext.bind(browser);
      const patched = browser as Browser & { newContext: Browser["newContext"] };
      const opened: BrowserContext[] = [];
      patched.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const created = await newContext(...args);
        opened.push(created);
        // axe runs as a script in the page, so it cannot check a context with JavaScript off; the
        // same documents are checked where the tests open them with JavaScript.
        if (args[0]?.javaScriptEnabled !== false) watcher.watchContext(created);
        return created;
      };
      try {
        await use();
        await watcher.checkOpenPages();
      } finally {
        watcher.done = true;
        patched.newContext = newContext;
        // Contexts the test opened itself are closed with it (closing twice is harmless).
        await Promise.all(opened.map((created) => created.close().catch(() => undefined)));
      }
      expect(watcher.failures, "violations found by axe on the pages this test opened").toEqual([]);
    },
    // The checks at the end of a test get time of their own, not what is left of the test's.
    { auto: true, timeout: 120_000 },
  ],
});

export { expect };
