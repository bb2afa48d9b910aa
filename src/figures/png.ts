/**
 * PNG export of self-contained figure pages (html.ts) with playwright-core driving the system's
 * chromium (Debian: /usr/bin/chromium; override with PEPITA_CHROMIUM). No browser download, no
 * network: the pages inline plotly, and chromium runs headless with background networking,
 * component updates and sync disabled, in a fresh temporary profile.
 *
 * Usage:
 *   const r = await exportPngs([{ html, path: 'out/fig.png', width: 900, height: 600 }]);
 *   if (!r.ok) console.warn(r.reason);   // e.g. "chromium not found at /usr/bin/chromium"
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Path of the chromium executable, or null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.PEPITA_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  for (const p of candidates) if (existsSync(p)) return p;
  return null;
}

export interface PngJob {
  html: string;
  path: string;
  width?: number;
  height?: number;
}

export interface PngResult {
  ok: boolean;
  /** files written */
  written: string[];
  /** why nothing (or not everything) was written */
  reason?: string;
}

/** Render each page in headless chromium and write a PNG of its plot (atomically). */
export async function exportPngs(jobs: PngJob[], opts: { timeoutMs?: number } = {}): Promise<PngResult> {
  const exe = findChromium();
  if (!exe) return { ok: false, written: [], reason: 'chromium not found (looked at $PEPITA_CHROMIUM, /usr/bin/chromium): PNGs skipped, HTML written' };
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    return { ok: false, written: [], reason: `playwright-core is not installed (${(e as Error).message}): PNGs skipped` };
  }
  const profile = mkdtempSync(join(tmpdir(), 'pepita-chromium-'));
  const written: string[] = [];
  const timeout = opts.timeoutMs ?? 60_000;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: exe,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout,
    });
    for (const job of jobs) {
      const page = await context.newPage();
      try {
        await page.setViewportSize({ width: job.width ?? 900, height: job.height ?? 600 });
        // offline guard: the pages are self-contained, refuse any request that is not inline
        await page.route(/^(?!data:|about:)/, (route) => route.abort());
        await page.setContent(job.html, { waitUntil: 'load', timeout });
        await page.waitForSelector('body[data-ready="1"]', { timeout });
        const png = await page.locator('#plot').screenshot({ type: 'png', timeout });
        writeFileAtomic(job.path, png);
        written.push(job.path);
      } finally {
        await page.close();
      }
    }
    return { ok: true, written };
  } catch (e) {
    return { ok: false, written, reason: `PNG export failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    if (context) await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}
