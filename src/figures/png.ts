/**
 * Image export of figures (PNG, SVG, PDF) with playwright-core driving the system's chromium
 * (Debian: /usr/bin/chromium; override with PEPITA_CHROMIUM). No browser download, no network:
 * one headless chromium (background networking, component updates and sync disabled, a fresh
 * temporary profile) and ONE page holding plotly for all the figures of a call; each figure is drawn
 * there once and exported by plotly's own `toImage` (PNG at `scale` × its size, SVG as plotly's
 * vector markup) and, for PDF, printed by chromium (`page.pdf`, one page of the figure's size, the
 * plot stays vector). Commands collect every figure of a run into one call (a launch costs ≈ 1–3 s)
 * and start that session ahead, while they compute (`prepareFigureExport`); the page loads plotly's
 * cartesian partial bundle when it draws every figure (html.ts `exportBundleFor`).
 *
 * Usage:
 *   const r = await exportFigures([{ figure: figureJson(spec), paths: { png: 'out/f.png', svg: 'out/f.svg' } }], { scale: 2 });
 *   if (!r.ok) console.warn(r.reason);   // e.g. "chromium not found at /usr/bin/chromium"
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { exportBundleFor, exportPageHtml, parseFigureHtml, type ExportBundle } from './html.ts';
import { NOT_REQUESTED, type FigureFormat } from '../io/figureOutput.ts';

export { NOT_REQUESTED };

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

/** One figure to export: its plotly JSON (figureJson) and the file to write per format. */
export interface FigureJob {
  figure: { data: unknown[]; layout: Record<string, unknown> };
  paths: Partial<Record<FigureFormat, string>>;
}

export interface ExportResult {
  ok: boolean;
  /** files written */
  written: string[];
  /** why nothing (or not everything) was written */
  reason?: string;
  /** wall time of the export, chromium launch included (0 when nothing ran) */
  seconds?: number;
}

const sizeOf = (layout: Record<string, unknown>) => ({ width: Number(layout.width ?? 900), height: Number(layout.height ?? 600) });

type Context = Awaited<ReturnType<typeof import('playwright-core').chromium.launchPersistentContext>>;
type Page = Awaited<ReturnType<Context['newPage']>>;

/** A chromium with the export page loaded (its plotly bundle evaluated), ready for figures. */
interface ExportSession {
  context: Context;
  page: Page;
  bundle: ExportBundle;
  profile: string;
  /** wall time of the launch and the page load */
  seconds: number;
}

/** Launch chromium and load the export page; a reason string when it cannot. */
async function openSession(bundle: ExportBundle, timeout: number): Promise<ExportSession | string> {
  const exe = findChromium();
  if (!exe) return 'chromium not found (looked at $PEPITA_CHROMIUM, /usr/bin/chromium): PNG/SVG/PDF skipped, HTML written';
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    return `playwright-core is not installed (${(e as Error).message}): PNG/SVG/PDF skipped`;
  }
  const t0 = performance.now();
  const profile = mkdtempSync(join(tmpdir(), 'pepita-chromium-'));
  let context: Context | null = null;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: exe, headless: true, args: CHROMIUM_FLAGS, timeout });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    // offline guard: everything is inline; refuse any request that is not
    await page.route(/^(?!data:|about:|blob:)/, (route) => route.abort());
    await page.setContent(exportPageHtml(bundle), { waitUntil: 'load', timeout });
    return { context, page, bundle, profile, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    if (context) await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    return `image export failed: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function closeSession(s: ExportSession): Promise<void> {
  await s.context.close().catch(() => undefined);
  rmSync(s.profile, { recursive: true, force: true });
}

/** A session started ahead of the export (`prepareFigureExport`), not yet used. */
let prepared: Promise<ExportSession | string> | null = null;

/**
 * Start chromium and its export page now, in the background, for the next `exportFigures` of this
 * process (commands call it once their input is validated, so the ≈ 1.2 s launch and page load
 * overlap their work instead of following it). Harmless without chromium; `disposePreparedExport`
 * closes an unused one (the CLI's main does, whatever happened).
 */
export function prepareFigureExport(bundle: ExportBundle = 'cartesian', timeoutMs = 60_000): void {
  if (prepared === null) prepared = openSession(bundle, timeoutMs);
}

/** Close a prepared session that no export took (idempotent). */
export async function disposePreparedExport(): Promise<void> {
  const p = prepared;
  prepared = null;
  if (p === null) return;
  const s = await p;
  if (typeof s !== 'string') await closeSession(s);
}

/** The prepared session when it suits `bundle`, else a fresh one. */
async function takeSession(bundle: ExportBundle, timeout: number): Promise<ExportSession | string> {
  if (prepared !== null) {
    const p = prepared;
    prepared = null;
    const s = await p;
    if (typeof s === 'string' || s.bundle === bundle) return s;
    await closeSession(s);
  }
  return openSession(bundle, timeout);
}

/** Export every job in one chromium session (files written atomically), the prepared one when there is one. */
export async function exportFigures(jobs: FigureJob[], opts: { scale?: number; timeoutMs?: number; bundle?: ExportBundle } = {}): Promise<ExportResult> {
  if (!jobs.some((j) => Object.keys(j.paths).length)) return { ok: true, written: [], seconds: 0 };
  const t0 = performance.now();
  const written: string[] = [];
  const timeout = opts.timeoutMs ?? 60_000;
  const scale = opts.scale ?? 1;
  // `bundle` "full" forces the full plotly bundle (tests and bench compare the two)
  const needed = exportBundleFor(jobs.map((j) => j.figure));
  const session = await takeSession(opts.bundle === 'full' ? 'full' : needed, timeout);
  if (typeof session === 'string') return { ok: false, written: [], reason: session };
  const page = session.page;
  try {
    for (const job of jobs) {
      const { width, height } = sizeOf(job.figure.layout);
      const images = await page.evaluate(async ({ figure, width, height, scale, png, svg }) => {
        const P = (window as unknown as { Plotly: { newPlot: Function; purge: Function; toImage: Function } }).Plotly;
        const div = document.getElementById('plot')!;
        P.purge(div);
        await P.newPlot(div, figure.data, figure.layout, { staticPlot: true, displayModeBar: false });
        return {
          png: png ? ((await P.toImage(div, { format: 'png', width, height, scale })) as string) : null,
          svg: svg ? ((await P.toImage(div, { format: 'svg', width, height })) as string) : null,
        };
      }, { figure: job.figure, width, height, scale, png: !!job.paths.png, svg: !!job.paths.svg });
      const put = (path: string, data: string | Uint8Array) => {
        writeFileAtomic(path, data);
        written.push(path);
      };
      if (job.paths.png && images.png) put(job.paths.png, Buffer.from(images.png.slice(images.png.indexOf(',') + 1), 'base64'));
      if (job.paths.svg && images.svg) put(job.paths.svg, decodeURIComponent(images.svg.slice(images.svg.indexOf(',') + 1)));
      if (job.paths.pdf) {
        await page.setViewportSize({ width, height });
        put(job.paths.pdf, await page.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: '1' }));
      }
    }
    return { ok: true, written, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { ok: false, written, reason: `image export failed: ${(e as Error).message.split('\n')[0]}`, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await closeSession(session);
  }
}

/** A PNG of a page written by `figureHtml` (its embedded figure JSON), e.g. for the notebooks. */
export interface PngJob {
  html: string;
  path: string;
  width?: number;
  height?: number;
}

/** PNGs of figure pages, through exportFigures (one session). */
export async function exportPngs(jobs: PngJob[], opts: { timeoutMs?: number } = {}): Promise<ExportResult> {
  return exportFigures(jobs.map((j) => {
    const figure = parseFigureHtml(j.html);
    const layout = { ...figure.layout, ...(j.width ? { width: j.width } : {}), ...(j.height ? { height: j.height } : {}) };
    return { figure: { data: figure.data, layout }, paths: { png: j.path } };
  }), opts);
}
