/**
 * HTML pages for plotly figures. By default the plotly.js bundle (plotly.js-dist-min) is inlined,
 * so a page opens offline and makes no network request; with `{ plotlySrc: PLOTLY_FILE }` the
 * page loads plotly from that relative path instead (the commands write plotly.min.js once into
 * their folder: `writePlotlyFile`, src/io/figureOutput.ts). The figure itself travels as JSON in
 * `<script type="application/json" id="figure-data">` ({ data, layout }), which tests, notebooks
 * and the explorer can parse back with `parseFigureHtml`.
 *
 * Usage:
 *   const page = figureHtml({ title: 'Fig. 2b', data: [{ name: 'theory', x, y }], layout: {} });
 *   writeFileAtomic('fig.html', page);
 *   // when the page has drawn itself, <body data-ready="1">
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';

/** A plotly trace; `name` is required so tests and the CSV export can find every trace. */
export interface Trace {
  name: string;
  type?: string;
  mode?: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  [key: string]: unknown;
}

/** A figure: plotly data + layout, and a page title. */
export interface FigureSpec {
  title: string;
  data: Trace[];
  layout: Record<string, unknown>;
  /** pixel size of the PNG export and of the page's plot area */
  width?: number;
  height?: number;
}

let plotlyCache: string | null = null;

/** Name of the shared plotly copy in a figure folder (html "shared"). */
export const PLOTLY_FILE = 'plotly.min.js';

function plotlyPath(): string {
  return createRequire(import.meta.url).resolve('plotly.js-dist-min/plotly.min.js');
}

/** The plotly.js bundle's source text (read once). */
export function plotlySource(): string {
  if (plotlyCache === null) plotlyCache = readFileSync(plotlyPath(), 'utf8');
  return plotlyCache;
}

/**
 * Write DIR/plotly.min.js (the copy the shared pages load), unless the same bundle is there
 * already; returns its path.
 */
export function writePlotlyFile(dir: string): string {
  const path = join(dir, PLOTLY_FILE);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== plotlySource()) writeFileAtomic(path, plotlySource());
  return path;
}

/** A blank page with plotly inlined and an empty #plot div (the export page of png.ts). */
export function exportPageHtml(bundle: ExportBundle = 'cartesian'): string {
  const src = bundle === 'cartesian' ? cartesianSource() : plotlySource();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>body{margin:0;background:#fff}#plot{margin:0}</style><script>${scriptSafe(src)}</script></head><body><div id="plot"></div></body></html>`;
}

/**
 * Which plotly bundle the image-export page loads: "cartesian" — plotly's own partial bundle of the
 * same version (scatter, bar, heatmap, histogram, box, contour… on cartesian axes; 1.4 MB), which
 * chromium evaluates in ≈ 0.7 s instead of the full bundle's ≈ 1.8 s (bench/RESULTS.md "Figure
 * export") and which draws every figure of this package; "full" for anything else.
 */
export type ExportBundle = 'cartesian' | 'full';

/** Trace types of the cartesian bundle (plotly.js lib/index-cartesian.js). */
export const CARTESIAN_TRACE_TYPES: ReadonlySet<string> = new Set(['scatter', 'bar', 'box', 'heatmap', 'histogram', 'histogram2d', 'histogram2dcontour', 'contour', 'image', 'pie', 'violin']);

/** The bundle that draws these figures: cartesian when every trace is of a cartesian type (scatter when unset). */
export function exportBundleFor(figures: readonly { data: readonly unknown[] }[]): ExportBundle {
  for (const f of figures) for (const t of f.data) if (!CARTESIAN_TRACE_TYPES.has(String((t as { type?: unknown }).type ?? 'scatter'))) return 'full';
  return 'cartesian';
}

let cartesianCache: string | null = null;

/** The cartesian partial bundle's source text (read once; the same plotly.js version as the full bundle). */
export function cartesianSource(): string {
  if (cartesianCache === null) cartesianCache = readFileSync(createRequire(import.meta.url).resolve('plotly.js-cartesian-dist-min/plotly-cartesian.min.js'), 'utf8');
  return cartesianCache;
}

/** Neutralise `</script` and `<!--` inside inline script text. */
function scriptSafe(text: string): string {
  return text.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

/** Escape text for HTML content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Typed arrays → plain arrays, non-finite numbers → null (JSON has no NaN; plotly skips nulls). */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, finiteOrNull);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'number') return finiteOrNull(value);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * The JSON payload of a figure (plotly data and layout), as embedded in the page.
 * @example
 * ```ts
 * const { data, layout } = figureJson(fig7Spec(compareResult));   // e.g. Plotly.newPlot(div, data, layout)
 * ```
 */
export function figureJson(spec: FigureSpec): { data: unknown[]; layout: Record<string, unknown> } {
  const layout = { ...spec.layout, width: spec.width ?? 900, height: spec.height ?? 600 };
  return { data: spec.data.map(plain) as unknown[], layout: plain(layout) as Record<string, unknown> };
}

/**
 * A complete HTML page drawing the figure: self-contained (plotly inlined, no network), or with
 * `plotlySrc` loading plotly from that (relative) path, e.g. PLOTLY_FILE beside the page.
 * @example
 * ```ts
 * writeFileSync('fig7.html', figureHtml(fig7Spec(compareResult)));
 * writeFileSync('out/fig7.html', figureHtml(fig7Spec(compareResult), { plotlySrc: PLOTLY_FILE }));   // + writePlotlyFile('out')
 * ```
 */
export function figureHtml(spec: FigureSpec, opts: { plotlySrc?: string } = {}): string {
  const payload = scriptSafe(JSON.stringify(figureJson(spec)));
  const plotly = opts.plotlySrc === undefined ? `<script>${scriptSafe(plotlySource())}</script>` : `<script src="${escapeHtml(opts.plotlySrc)}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(spec.title)}</title>
<style>body{margin:0;font-family:sans-serif;background:#fff}#plot{margin:0}</style>
${plotly}
</head>
<body>
<div id="plot"></div>
<script type="application/json" id="figure-data">${payload}</script>
<script>
(function () {
  var fig = JSON.parse(document.getElementById('figure-data').textContent);
  Plotly.newPlot('plot', fig.data, fig.layout, { responsive: false, displaylogo: false })
    .then(function () { document.body.setAttribute('data-ready', '1'); });
})();
</script>
</body>
</html>
`;
}

/** Parse the embedded figure JSON back out of a page written by `figureHtml`. */
export function parseFigureHtml(html: string): { data: (Trace & Record<string, unknown>)[]; layout: Record<string, unknown> } {
  const m = /<script type="application\/json" id="figure-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no figure-data block in this HTML');
  return JSON.parse(m[1].replace(/<\\\/script/gi, '</script').replace(/<\\!--/g, '<!--'));
}

/**
 * The plotted data in long form: `trace,x,y,error` (one row per point; error is the
 * symmetric error bar when the trace has one, empty otherwise; empty y for gaps). Traces without
 * a finite x (legend entries) have no rows.
 */
export function figureCsv(spec: FigureSpec): string {
  const lines = ['trace,x,y,error'];
  for (const tr of spec.data) {
    if (Array.from(tr.x).every((x) => !Number.isFinite(x))) continue; // a legend entry without data (traces.ts legendKey)
    const err = (tr.error_y as { array?: ArrayLike<number> } | undefined)?.array;
    const name = /[",\n]/.test(tr.name) ? `"${tr.name.replace(/"/g, '""')}"` : tr.name;
    for (let i = 0; i < tr.x.length; i++) {
      const y = tr.y[i];
      const e = err ? err[i] : undefined;
      lines.push(`${name},${fmt(tr.x[i])},${fmt(y)},${e === undefined ? '' : fmt(e)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '' : String(x);
}
