import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { AcknowledgedMove } from "./moves";
import type { Session } from "./sessions";

/** What the init script keeps in the page, under `window.__planboardBench`. */
interface PageProbe {
  /** [start, end] of every task of 50 ms or more, in ms since navigation start. */
  longTasks: Array<[number, number]>;
  observer: PerformanceObserver | null;
  /** When the root layout's effect marked the page hydrated (`data-hydrated="true"`). */
  hydratedAt: number | null;
  /**
   * Elements React had hydrated (those carrying its fiber) at that moment, of all elements then:
   * counted only when asked, since walking every element would slow the load being timed.
   */
  hydratedWithPage: { hydrated: number; elements: number } | null;
}
type ProbedWindow = Window & { __planboardBench?: PageProbe };

/** How long the main thread must stay free of long tasks before the page counts as interactive. */
const QUIET_MS = 500;
/** How long a page loaded with JavaScript off may take after its load event to be painted, and how often that is looked at. */
const PAINT_WAIT_MS = 5_000;
const PAINT_POLL_MS = 10;
const HANDLE = 'li.card button[id^="handle-"]';

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A fresh context (empty cache: a cold load) signed in with `session`. */
async function signedInContext(browser: Browser, origin: string, session: Session, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  await context.addCookies([{ name: session.name, value: session.value, url: origin }]);
  return context;
}

/**
 * Records long tasks and the hydration marker from the very start of every page of `context`,
 * and with `countHydrated` the elements hydrated by then.
 */
async function probeLongTasks(context: BrowserContext, countHydrated = false) {
  await context.addInitScript((countHydrated) => {
    const probe: PageProbe = { longTasks: [], observer: null, hydratedAt: null, hydratedWithPage: null };
    (window as ProbedWindow).__planboardBench = probe;
    try {
      probe.observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.startTime + entry.duration]);
      });
      probe.observer.observe({ type: "longtask", buffered: true });
    } catch {
      probe.observer = null;
    }
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated === "true") {
        probe.hydratedAt = performance.now();
        observer.disconnect();
        if (countHydrated) {
          const elements = Array.from(document.getElementsByTagName("*"));
          const hydrated = elements.filter((element) => Object.keys(element).some((key) => key.startsWith("__reactFiber$"))).length;
          probe.hydratedWithPage = { hydrated, elements: elements.length };
        }
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  }, countHydrated);
}

function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

/**
 * Waits until the page has hydrated and then no task of 50 ms or more has run for 500 ms;
 * answers when that quiet stretch began (ms since navigation start).
 */
async function waitForQuiet(page: Page, errors: string[], timeoutMs: number): Promise<number> {
  try {
    const handle = await page.waitForFunction(
      (quietMs) => {
        const probe = (window as ProbedWindow).__planboardBench;
        if (!probe || probe.hydratedAt === null) return false;
        if (probe.observer) {
          for (const entry of probe.observer.takeRecords()) probe.longTasks.push([entry.startTime, entry.startTime + entry.duration]);
        }
        const quietSince = probe.longTasks.reduce((latest, [, end]) => Math.max(latest, end), probe.hydratedAt);
        return performance.now() - quietSince >= quietMs ? quietSince : false;
      },
      QUIET_MS,
      { timeout: timeoutMs, polling: 50 },
    );
    return Number(await handle.jsonValue());
  } catch (error) {
    const details = errors.length > 0 ? `; the page reported:\n  ${errors.join("\n  ")}` : "";
    throw new Error(`${page.url()} never became quiet within ${timeoutMs} ms${details}`, { cause: error });
  }
}

/**
 * Picks the first card up with the keyboard (Space on its handle) and puts it back (Escape):
 * answers how long the pick-up took to show (aria-pressed and a new announcement), or null
 * when it never did.
 */
async function pickUpFirstCard(page: Page, timeoutMs = 5_000): Promise<number | null> {
  if ((await page.locator(HANDLE).count()) === 0) return null;
  const handle = page.locator(HANDLE).first();
  const id = await handle.getAttribute("id");
  if (!id) return null;
  const before = (await page.locator("#board-announcer").textContent()) ?? "";
  await handle.focus();
  const pressedAt = await page.evaluate(() => performance.now());
  await page.keyboard.press("Space");
  try {
    const shown = await page.waitForFunction(
      ({ id, before }) => {
        const pressed = document.getElementById(id)?.getAttribute("aria-pressed") === "true";
        const spoken = (document.getElementById("board-announcer")?.textContent ?? "") !== before;
        return pressed && spoken ? performance.now() : false;
      },
      { id, before },
      { timeout: timeoutMs, polling: "raf" },
    );
    const shownAt = Number(await shown.jsonValue());
    await page.keyboard.press("Escape");
    await page.waitForFunction((id) => document.getElementById(id)?.getAttribute("aria-pressed") !== "true", id, { timeout: timeoutMs });
    return shownAt - pressedAt;
  } catch {
    return null;
  }
}

export interface InteractiveLoad {
  /** From navigation start until the quiet stretch began that the card pick-up was then verified in. */
  interactiveMs: number;
  /** How long Space on a card's handle took to show the card picked up; null if it never did. */
  pickUpMs: number | null;
  /** Main-thread task time until interactive (Chromium's Performance.getMetrics TaskDuration). */
  mainThreadMs: number;
  scriptMs: number;
  htmlTransferBytes: number;
  htmlDecodedBytes: number;
  domElements: number;
}

/** The board route's module in the browser build, as Remix names it (a DevTools URL pattern). */
const BOARD_ROUTE_MODULE = "*/build/routes/plans.$planId-*.js";

/**
 * Stands in for the board route's module: the same page title, and the board's server-rendered
 * markup kept as it is. React does not compare or set `dangerouslySetInnerHTML` when it hydrates
 * in production, so the markup is left alone and costs nothing to hydrate. An element is a plain
 * object to React, so the module needs no import.
 */
const BOARD_AS_HTML_MODULE = `
const element = (type, props) => ({ $$typeof: Symbol.for("react.element"), type, key: null, ref: null, props, _owner: null });
export const meta = ({ data }) => [{ title: data ? data.board.title + " \\u00b7 Planboard" : "Planboard" }];
export default function BoardAsHtml() {
  return element("div", { className: "board-page", dangerouslySetInnerHTML: { __html: "" } });
}
`;

/**
 * One cold load of `url` in a fresh context: how long until a card can be picked up with the
 * keyboard (on a page without cards, until it is hydrated and quiet; `pickUpMs` is then null).
 *
 * With `boardAsHtml`, the board route's module is replaced by one that renders none of the board's
 * components and leaves its server-rendered markup as it is: the same HTML, data and framework
 * scripts, hydrated without the board's own code. No card can be picked up then (`pickUpMs` null).
 */
export async function measureInteractive(
  browser: Browser,
  origin: string,
  url: string,
  session: Session,
  options: { boardAsHtml?: boolean; timeoutMs?: number } = {},
): Promise<InteractiveLoad> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const context = await signedInContext(browser, origin, session);
  try {
    await probeLongTasks(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const devtools = await context.newCDPSession(page);
    await devtools.send("Performance.enable");
    let replaced = 0;
    if (options.boardAsHtml) {
      // Through DevTools, so that only this request is held: Playwright's own routing holds every
      // request of the page for the test to release, which would slow the load down.
      devtools.on("Fetch.requestPaused", (event) => {
        replaced++;
        const body = Buffer.from(BOARD_AS_HTML_MODULE).toString("base64");
        const headers = [{ name: "Content-Type", value: "text/javascript" }];
        devtools.send("Fetch.fulfillRequest", { requestId: event.requestId, responseCode: 200, responseHeaders: headers, body }).catch(() => undefined);
      });
      await devtools.send("Fetch.enable", { patterns: [{ urlPattern: BOARD_ROUTE_MODULE, requestStage: "Request" }] });
    }
    const response = await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status() ?? "nothing"}`);
    if (response.url() !== url) throw new Error(`${url} led to ${response.url()}`);
    const interactiveMs = await waitForQuiet(page, errors, timeoutMs);
    const { metrics } = await devtools.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
    if (options.boardAsHtml && (replaced === 0 || errors.length > 0)) {
      throw new Error(`${url} with the board as HTML: ${replaced === 0 ? "the board's route module was never requested" : errors.join("; ")}`);
    }
    const pickUpMs = options.boardAsHtml ? null : await pickUpFirstCard(page);
    const facts = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      return {
        htmlTransferBytes: navigation?.transferSize ?? Number.NaN,
        htmlDecodedBytes: navigation?.decodedBodySize ?? Number.NaN,
        domElements: document.getElementsByTagName("*").length,
      };
    });
    return { interactiveMs, pickUpMs, mainThreadMs: metric("TaskDuration") * 1000, scriptMs: metric("ScriptDuration") * 1000, ...facts };
  } finally {
    await context.close();
  }
}

/**
 * The floor: one cold load of `url` with JavaScript off, until it is loaded and painted (ms since
 * navigation start): its load event, or its first contentful paint when that comes later. Without
 * scripts to wait for, the load event can fire before anything is on the screen (on this machine
 * up to ~100 ms before), while a page with JavaScript is always painted before it is interactive.
 */
export async function measureWithoutJavaScript(browser: Browser, origin: string, url: string, session: Session, timeoutMs = 60_000): Promise<number> {
  const context = await signedInContext(browser, origin, session, false);
  try {
    const page = await context.newPage();
    const started = performance.now();
    const response = await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    const wallMs = performance.now() - started;
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status() ?? "nothing"} with JavaScript off`);
    // Playwright still evaluates with the page's scripts off (its own timers do not run there, so
    // the wait for the paint is polled from here); the wall clock is the fallback.
    const timing = () =>
      page
        .evaluate(() => ({
          loadMs: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventStart ?? null,
          paintMs: performance.getEntriesByType("paint").find((entry) => entry.name === "first-contentful-paint")?.startTime ?? null,
        }))
        .catch(() => null);
    const paintDeadline = performance.now() + PAINT_WAIT_MS;
    let measured = await timing();
    while (measured && measured.paintMs === null && performance.now() < paintDeadline) {
      await sleep(PAINT_POLL_MS);
      measured = await timing();
    }
    if (!measured?.loadMs) return wallMs;
    if (measured.paintMs === null) throw new Error(`${url} was never painted with JavaScript off`);
    return Math.max(measured.loadMs, measured.paintMs);
  } finally {
    await context.close();
  }
}

export interface ScriptFile {
  url: string;
  bytes: number;
  gzipBytes: number;
}

export interface PageScripts {
  /** What the page loads to become interactive. */
  initial: ScriptFile[];
  /** What it loads when a pointer first comes over a card (the code for dragging with a pointer). */
  onPointer: ScriptFile[];
  /** Elements React had hydrated when the page marked itself hydrated, of all elements then. */
  hydratedWithPage: { hydrated: number; elements: number } | null;
}

async function gzippedScripts(urls: Iterable<string>): Promise<ScriptFile[]> {
  const files: ScriptFile[] = [];
  for (const scriptUrl of urls) {
    const response = await fetch(scriptUrl);
    if (!response.ok) throw new Error(`${scriptUrl} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    files.push({ url: scriptUrl, bytes: body.length, gzipBytes: gzipSync(body).length });
  }
  return files.sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/**
 * Every script a page loads (script tags, modulepreloads, module imports) until it is interactive,
 * then, on a board, every one it loads when a pointer comes over a card; gzipped with node:zlib.
 */
export async function measurePageScripts(browser: Browser, origin: string, url: string, session: Session, timeoutMs = 60_000): Promise<PageScripts> {
  const context = await signedInContext(browser, origin, session);
  try {
    // This load is not timed: it may count what the page hydrated before it counted as interactive.
    await probeLongTasks(context, true);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const urls = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") urls.add(response.url());
    });
    await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    await waitForQuiet(page, errors, timeoutMs);
    const linked = await page.evaluate(() => [
      ...Array.from(document.querySelectorAll<HTMLScriptElement>("script[src]"), (script) => script.src),
      ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]'), (link) => link.href),
    ]);
    for (const script of linked) urls.add(script);
    const initial = new Set(urls);
    if ((await page.locator(HANDLE).count()) > 0) {
      const firstScript = page.waitForResponse((response) => response.request().resourceType() === "script", { timeout: 5_000 }).catch(() => null);
      await page.locator(HANDLE).first().hover();
      // Whatever the pointer brings in starts at once; then wait until no more scripts arrive.
      if (await firstScript) {
        for (let seen = -1; seen !== urls.size; ) {
          seen = urls.size;
          await page.waitForTimeout(500);
        }
      }
    }
    const onPointer = [...urls].filter((script) => !initial.has(script));
    const hydratedWithPage = await page.evaluate(() => (window as ProbedWindow).__planboardBench?.hydratedWithPage ?? null);
    return { initial: await gzippedScripts(initial), onPointer: await gzippedScripts(onPointer), hydratedWithPage };
  } finally {
    await context.close();
  }
}

/** The move request as Chromium sent it, for the load test to replay exactly. */
export interface RecordedMove {
  /** Path and query the fetcher posted to. */
  path: string;
  contentType: string;
  fields: string[];
}

export interface BrowserMoveCheck {
  /** Requests the mover's page made for the move, the POST included (live stream excluded). */
  moverRequests: string[];
  /** Requests the other viewer's page made meanwhile (live stream excluded). */
  viewerRequests: string[];
  /** Whether the other viewer's board showed the card in its new cell. */
  viewerPatched: boolean;
  /** The move as it was posted; null if no POST was seen. */
  move: RecordedMove | null;
  /** The move as the server acknowledged it; null if it did not. */
  moved: AcknowledgedMove | null;
}

async function openBoard(browser: Browser, origin: string, url: string, session: Session) {
  const context = await signedInContext(browser, origin, session);
  await probeLongTasks(context);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url, { waitUntil: "load" });
  await waitForQuiet(page, errors, 60_000);
  await page.waitForSelector('.board[data-live="open"][data-cards="all"]', { timeout: 15_000 });
  return { context, page };
}

const cellOf = (page: Page, cardId: string) =>
  page.evaluate((id) => document.getElementById(`card-${id}`)?.closest<HTMLElement>("[data-cell]")?.dataset.cell ?? null, cardId);

/**
 * One keyboard move in Chromium, as a person makes it (Space, ArrowRight, Space), with a second
 * viewer's board open: which requests each page makes for it, and whether the viewer's board
 * follows without fetching.
 */
export async function checkBrowserMove(browser: Browser, origin: string, url: string, mover: Session, viewer: Session): Promise<BrowserMoveCheck> {
  const watching = await openBoard(browser, origin, url, viewer);
  const moving = await openBoard(browser, origin, url, mover);
  try {
    const moverRequests: string[] = [];
    const viewerRequests: string[] = [];
    let move: RecordedMove | null = null;
    const record = (into: string[]) => (request: import("@playwright/test").Request) => {
      const path = new URL(request.url()).pathname;
      if (path.endsWith("/events")) return;
      into.push(`${request.method()} ${request.url().slice(origin.length)}`);
      if (request.method() === "POST" && into === moverRequests && !move) {
        move = {
          path: request.url().slice(origin.length),
          contentType: request.headers()["content-type"] ?? "",
          fields: [...new URLSearchParams(request.postData() ?? "").keys()],
        };
      }
    };
    moving.page.on("request", record(moverRequests));
    watching.page.on("request", record(viewerRequests));

    const handle = moving.page.locator(HANDLE).first();
    const handleId = (await handle.getAttribute("id")) ?? "";
    const cardId = handleId.replace(/^handle-/, "");
    const cellBefore = await cellOf(watching.page, cardId);
    await handle.focus();
    const answered = moving.page.waitForResponse((response) => response.request().method() === "POST", { timeout: 15_000 });
    await moving.page.keyboard.press("Space");
    await moving.page.waitForFunction((id) => document.getElementById(id)?.getAttribute("aria-pressed") === "true", handleId);
    await moving.page.keyboard.press("ArrowRight");
    await moving.page.keyboard.press("Space");
    const answer = (await (await answered).json().catch(() => null)) as { card?: { id: string; version: number; columnId: string; focusAreaId: string } | null } | null;
    const card = answer?.card;
    const moved = card ? { assignmentId: card.id, version: card.version, toColumnId: card.columnId, toFocusAreaId: card.focusAreaId } : null;
    let viewerPatched = false;
    try {
      await watching.page.waitForFunction(
        ({ id, before }) => {
          const cell = document.getElementById(`card-${id}`)?.closest<HTMLElement>("[data-cell]")?.dataset.cell ?? null;
          return cell !== null && cell !== before;
        },
        { id: cardId, before: cellBefore },
        { timeout: 5_000 },
      );
      viewerPatched = true;
    } catch {
      viewerPatched = false;
    }
    // Whatever the client fetches after a move (a revalidation) starts at once; wait it out.
    await moving.page.waitForTimeout(1_500);
    return { moverRequests, viewerRequests, viewerPatched, move, moved };
  } finally {
    await moving.context.close();
    await watching.context.close();
  }
}
