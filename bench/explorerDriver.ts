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

/** Open `htmlPath` in headless chromium; throws when chromium is missing. */
export async function openExplorer(htmlPath: string): Promise<ExplorerSession> {
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
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const networkRequests: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!/^(file|data|blob|about):/.test(r.url())) networkRequests.push(r.url());
  });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  return {
    page,
    errors,
    networkRequests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
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

/** The y values of the first trace of #eg-plot (εg of the theory). */
export async function egTrace(page: Page): Promise<{ x: number[]; y: number[]; name: string }> {
  return page.evaluate(() => {
    const el = document.getElementById('eg-plot') as unknown as { data?: { x: number[]; y: number[]; name: string }[] };
    const t = el.data?.[0];
    return { x: Array.from(t?.x ?? []), y: Array.from(t?.y ?? []), name: t?.name ?? '' };
  });
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
