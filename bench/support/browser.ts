import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** What the init script keeps in the page, under `window.__planboardBench`. */
interface PageProbe {
  hydratedAt?: number;
}
type ProbedWindow = Window & { __planboardBench?: PageProbe };

export interface PageLoad {
  /** From navigation start until the root layout set `data-hydrated="true"`. */
  interactiveMs: number;
  responseStartMs: number;
  responseEndMs: number;
  domContentLoadedMs: number;
  htmlTransferBytes: number;
  htmlDecodedBytes: number;
  /** Chromium's main-thread figures for the page, read as soon as it is interactive. */
  mainThread: { taskMs: number; scriptMs: number; styleAndLayoutMs: number; domNodes: number };
}

export interface ScriptFile {
  url: string;
  bytes: number;
  gzipBytes: number;
}

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

/** A context whose pages record, from their very start, when they have hydrated. */
export async function newProbedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const probe: PageProbe = {};
    (window as ProbedWindow).__planboardBench = probe;
    // A mutation observer runs as a microtask right after the attribute is set, so the time is exact.
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated === "true") {
        probe.hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  });
  return context;
}

/** Console errors and uncaught exceptions of `page`, to explain a page that never hydrates. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

async function waitForInteractive(page: Page, errors: string[], timeoutMs: number): Promise<number> {
  try {
    const handle = await page.waitForFunction(() => (window as ProbedWindow).__planboardBench?.hydratedAt ?? false, undefined, {
      timeout: timeoutMs,
      polling: 50,
    });
    return Number(await handle.jsonValue());
  } catch (error) {
    const details = errors.length > 0 ? `; the page reported:\n  ${errors.join("\n  ")}` : "";
    throw new Error(`${page.url()} never set data-hydrated="true" within ${timeoutMs} ms${details}`, { cause: error });
  }
}

/** Opens `url` in a fresh page of `context` and measures it; the page is closed afterwards. */
export async function measurePageLoad(context: BrowserContext, url: string, timeoutMs = 30_000): Promise<PageLoad> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  try {
    const devtools = await context.newCDPSession(page);
    await devtools.send("Performance.enable");
    const response = await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status() ?? "nothing"}`);
    if (response.url() !== url) throw new Error(`${url} led to ${response.url()}, not the board`);
    const interactiveMs = await waitForInteractive(page, errors, timeoutMs);
    const { metrics } = await devtools.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
    const mainThread = {
      taskMs: metric("TaskDuration") * 1000,
      scriptMs: metric("ScriptDuration") * 1000,
      styleAndLayoutMs: (metric("RecalcStyleDuration") + metric("LayoutDuration")) * 1000,
      domNodes: metric("Nodes"),
    };
    await page.waitForLoadState("load", { timeout: timeoutMs });
    const timing = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      if (!navigation) throw new Error("no navigation timing entry");
      return {
        responseStartMs: navigation.responseStart,
        responseEndMs: navigation.responseEnd,
        domContentLoadedMs: navigation.domContentLoadedEventEnd,
        htmlTransferBytes: navigation.transferSize,
        htmlDecodedBytes: navigation.decodedBodySize,
      };
    });
    return { interactiveMs, ...timing, mainThread };
  } finally {
    await page.close();
  }
}

/**
 * The JavaScript a page loads: every `<script src>` and modulepreload link, plus every script
 * response seen while it loaded (module imports), each fetched again and gzipped with node:zlib.
 */
export async function measurePageScripts(context: BrowserContext, url: string, timeoutMs = 30_000): Promise<ScriptFile[]> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  try {
    const urls = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") urls.add(response.url());
    });
    await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    await waitForInteractive(page, errors, timeoutMs);
    const linked = await page.evaluate(() => [
      ...Array.from(document.querySelectorAll<HTMLScriptElement>("script[src]"), (script) => script.src),
      ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]'), (link) => link.href),
    ]);
    for (const script of linked) urls.add(script);

    const files: ScriptFile[] = [];
    for (const scriptUrl of urls) {
      const response = await fetch(scriptUrl);
      if (!response.ok) throw new Error(`${scriptUrl} answered ${response.status}`);
      const body = Buffer.from(await response.arrayBuffer());
      files.push({ url: scriptUrl, bytes: body.length, gzipBytes: gzipSync(body).length });
    }
    return files.sort((a, b) => b.gzipBytes - a.gzipBytes);
  } finally {
    await page.close();
  }
}
