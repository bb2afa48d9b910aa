/**
 * Drive the explorer page in headless Debian chromium (playwright-core, no browser download):
 * shared by the browser test (test/explorer) and the redraw benchmark (bench/explorer.ts).
 * The page is opened from disk (file://), chromium runs with background networking, component
 * updates and sync disabled, in a fresh temporary profile that is removed on close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../src/figures/png.ts';
import { writeExplorer } from '../src/explorer/build.ts';

export interface ExplorerSession {
  page: Page;
  /** uncaught page errors and console errors seen so far */
  errors: string[];
  /** requests to anything but file:/data:/blob: URLs (the page must make none) */
  networkRequests: string[];
  close(): Promise<void>;
}

/** Build the page into a fresh temp folder; returns the index.html path and the folder. */
export async function buildExplorerToTemp(): Promise<{ path: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-explorer-'));
  return { path: await writeExplorer(dir), dir };
}

/** A headless chromium with a fresh temporary profile (removed on close). */
export interface ExplorerBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launch headless Debian chromium; throws when chromium is missing. */
export async function launchBrowser(): Promise<ExplorerBrowser> {
  const exe = findChromium();
  if (!exe) throw new Error('chromium not found (apt-get install chromium, or set PEPITA_CHROMIUM)');
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'pepita-explorer-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: exe,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1300, height: 1000 },
      acceptDownloads: true,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Open `htmlPath` (with an optional URL hash, e.g. "#rules=bp") in a new tab of `browser`; closing the session closes the tab. */
export async function openPage(browser: ExplorerBrowser, htmlPath: string, hash = ''): Promise<ExplorerSession> {
  const blank = browser.context.pages().find((p) => p.url() === 'about:blank');
  const page = blank ?? (await browser.context.newPage());
  const errors: string[] = [];
  const networkRequests: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!/^(file|data|blob|about):/.test(r.url())) networkRequests.push(r.url());
  });
  await page.goto(pathToFileURL(htmlPath).href + hash, { waitUntil: 'load' });
  return { page, errors, networkRequests, close: () => page.close() };
}

/** Launch chromium and open `htmlPath` in it; closing the session closes the browser. */
export async function openExplorer(htmlPath: string, hash = ''): Promise<ExplorerSession> {
  const browser = await launchBrowser();
  try {
    const session = await openPage(browser, htmlPath, hash);
    return { ...session, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Wait until the page has finished more than `after` attempts (redraw or error) and is idle. */
export async function settle(page: Page, after: number, timeoutMs = 60_000): Promise<string> {
  await page.waitForFunction(
    (n) => window.explorerStatus && window.explorerStatus.attempts > n && !window.explorerStatus.busy,
    after,
    { timeout: timeoutMs, polling: 20 },
  );
  return page.evaluate(() => window.explorerStatus.error);
}

/** Wait for the redraw after attempt `after`; throws with the page's message if it showed an error. */
export async function waitForRedraw(page: Page, after: number, timeoutMs = 60_000): Promise<void> {
  const error = await settle(page, after, timeoutMs);
  if (error) throw new Error(`the explorer showed an error instead of redrawing: ${error}`);
}

/** Wait for the error message after attempt `after`; throws if the page redrew without one. */
export async function waitForError(page: Page, after: number, timeoutMs = 60_000): Promise<string> {
  const error = await settle(page, after, timeoutMs);
  if (!error) throw new Error('the explorer redrew without showing an error message');
  return (await page.textContent('#error')) ?? '';
}

/** A drawn trace: its points, error bars (simulation markers) and `meta` (src/explorer/traces.ts). */
export interface DrawnTrace {
  x: number[];
  y: number[];
  name: string;
  sd: number[] | null;
  meta: { rule: string; series: string; kind: 'theory' | 'sim' } | null;
}

/** The traces of a panel (`eg`, `angles`, `overlaps`, `f`) as plotly holds them. */
export async function panelTraces(page: Page, panel: string): Promise<DrawnTrace[]> {
  return page.evaluate((id) => {
    type T = { x: number[]; y: number[]; name: string; meta?: DrawnTrace['meta']; error_y?: { array?: number[] } };
    const el = document.getElementById(`${id}-plot`) as unknown as { data?: T[] };
    return (el.data ?? []).map((t) => ({
      x: Array.from(t.x ?? []), y: Array.from(t.y ?? []), name: t.name ?? '',
      sd: t.error_y?.array ? Array.from(t.error_y.array) : null, meta: t.meta ?? null,
    }));
  }, panel);
}

/** The trace of `rule`'s `series` (default εg) of a kind in a panel; throws when it is not drawn. */
export async function ruleTrace(page: Page, rule: string, kind: 'theory' | 'sim' = 'theory', panel = 'eg', series = 'εg'): Promise<DrawnTrace> {
  const t = (await panelTraces(page, panel)).find((d) => d.meta?.rule === rule && d.meta.kind === kind && d.meta.series === series);
  if (!t) throw new Error(`no ${kind} trace of ${rule} ${series} in #${panel}-plot`);
  return t;
}

/** The εg theory line of the first rule drawn (what the redraw benchmark watches). */
export async function egTrace(page: Page): Promise<DrawnTrace> {
  const t = (await panelTraces(page, 'eg')).find((d) => d.meta?.kind === 'theory');
  if (!t) throw new Error('no theory trace in #eg-plot');
  return t;
}

/** Tick or untick rule `id`'s checkbox as a user would (it must change state); returns the attempt count before. */
export async function setRule(page: Page, id: string, checked: boolean): Promise<number> {
  const before = await page.evaluate(() => window.explorerStatus.attempts);
  await page.locator(`#rule-${id}`).setChecked(checked);
  return before;
}

/** Click Simulate and wait until the simulation's markers are drawn (or it failed); returns the page's sim status. */
export async function simulateAndWait(page: Page, timeoutMs = 120_000): Promise<Window['explorerStatus']['sim']> {
  const before = await page.evaluate(() => window.explorerStatus.sim.completed);
  await page.click('#simulate');
  await page.waitForFunction(
    (n) => window.explorerStatus.sim.completed > n || window.explorerStatus.sim.state === 'failed',
    before,
    { timeout: timeoutMs, polling: 50 },
  );
  return page.evaluate(() => ({ ...window.explorerStatus.sim }));
}

/** Set an input's value and fire `change` as a user edit would; returns the attempt count before. */
export async function setInput(page: Page, id: string, value: string): Promise<number> {
  const before = await page.evaluate(() => window.explorerStatus.attempts);
  const el = page.locator(`#${id}`);
  if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
  else {
    await el.fill(value);
    await el.dispatchEvent('change');
  }
  return before;
}
