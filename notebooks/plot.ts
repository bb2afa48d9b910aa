/**
 * Inline plotly figures for the Deno Jupyter kernel, with no network: before the first figure of a
 * session, plotly.js itself (from the installed plotly.js-dist-min package) is shipped in small
 * pieces (see PLOTLY_CHUNK); every figure then uses `window.Plotly`. Each figure is displayed as a MIME bundle with
 *   - `application/vnd.plotly.v1+json` (rendered natively by JupyterLab's and VS Code's plotly renderers),
 *   - `text/html` (a `plotly-graph-div` plus a script; classic Notebook and nbconvert's HTML export),
 *   - `text/plain` (a one-line description for terminals).
 *
 *   import { plot } from './plot.ts';
 *   await plot([{ x: [1, 2], y: [3, 4] }], { title: { text: 'εg' } });
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// deno-lint-ignore no-explicit-any
type Json = any;

const require = createRequire(import.meta.url);
let plotlyShipped = false;
let counter = 0;

/**
 * Size of the pieces plotly.js is shipped in. Deno's kernel drops large iopub messages without an
 * error (outputs of a few MB went missing at random in our runs; 256 kB ones never did), so the
 * 4.8 MB library goes out as a run of small display messages that the browser reassembles.
 */
export const PLOTLY_CHUNK = 256 * 1024;

/** The HTML pieces that ship plotly.js (each one display message); the last one evaluates it. */
export function plotlyLibraryChunks(): string[] {
  const js = readFileSync(require.resolve('plotly.js-dist-min/plotly.min.js'), 'utf8');
  const n = Math.ceil(js.length / PLOTLY_CHUNK);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const piece = JSON.stringify(js.slice(i * PLOTLY_CHUNK, (i + 1) * PLOTLY_CHUNK)).replace(/<\//g, '<\\/');
    let html = `<!-- pepita-plotly-chunk ${i + 1}/${n} --><script>(window.__pepitaPlotly = window.__pepitaPlotly || [])[${i}] = ${piece};</script>`;
    if (i === n - 1) {
      // classic Notebook defines an AMD `define`, under which plotly would not set window.Plotly
      html += `<script>(function () { if (window.Plotly) return; var d = window.define; window.define = undefined;` +
        ` try { (0, eval)(window.__pepitaPlotly.join('')); } finally { window.define = d; window.__pepitaPlotly = []; } })();</script>`;
    }
    out.push(html);
  }
  return out;
}

/** The MIME bundle of one figure (exported for tests; `plot` displays it). */
export function figureBundle(data: Json[], layout: Json = {}): Record<string, unknown> {
  const id = `pepita-plot-${Date.now().toString(36)}-${counter++}`;
  const fullLayout = { height: 420, margin: { l: 60, r: 20, t: 48, b: 48 }, ...layout };
  const spec = JSON.stringify({ data, layout: fullLayout }).replace(/<\//g, '<\\/');
  const html = `<div id="${id}" class="plotly-graph-div" style="height:${fullLayout.height}px; width:100%;"></div>` +
    `<script>(function () { var s = ${spec}; if (window.Plotly) window.Plotly.newPlot("${id}", s.data, s.layout, { responsive: true, displaylogo: false }); })();</script>`;
  const title = typeof layout?.title === 'string' ? layout.title : layout?.title?.text ?? 'figure';
  return {
    'application/vnd.plotly.v1+json': { data, layout: fullLayout },
    'text/html': html,
    'text/plain': `<plotly figure: ${title}, ${data.length} trace(s)>`,
  };
}

/** Display a plotly figure in the notebook. */
export async function plot(data: Json[], layout: Json = {}): Promise<void> {
  // deno-lint-ignore no-explicit-any
  const jupyter = (globalThis as any).Deno?.jupyter;
  if (!jupyter) throw new Error('plot() needs the Deno Jupyter kernel (Deno.jupyter is not available)');
  if (!plotlyShipped) {
    for (const chunk of plotlyLibraryChunks()) {
      await jupyter.display({ 'text/html': chunk, 'text/plain': '' }, { raw: true });
      await settle();
    }
    plotlyShipped = true;
  }
  await jupyter.display(figureBundle(data, layout), { raw: true });
  await settle();
}

/**
 * Deno's kernel can report the cell idle before a large display_data message has left, and then
 * nbconvert drops that output; a short pause after each display keeps the messages in order.
 */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 100));
}

/**
 * Display a figure spec of the figures layer (`fig2bSpec(…)`, `fig7Spec(…)`, …): plain arrays,
 * non-finite values as gaps, and the width left to the notebook.
 */
export async function show(spec: { data: Json[]; layout: Json; height?: number }): Promise<void> {
  const data = spec.data.map(plainJson);
  const layout = plainJson({ ...spec.layout, height: spec.height ?? spec.layout?.height ?? 480 });
  delete layout.width;
  await plot(data, layout);
}

/** Typed arrays → arrays, NaN/±∞ → null (JSON has neither; plotly draws a gap). */
function plainJson(v: Json): Json {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
  if (Array.isArray(v)) return v.map(plainJson);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v !== null && typeof v === 'object') {
    const o: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plainJson(x);
    return o;
  }
  return v;
}

/** Display a table (array of rows) as HTML, e.g. for checks' outcomes. */
export async function table(header: string[], rows: (string | number)[][]): Promise<void> {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const cell = (c: string | number) => (typeof c === 'number' ? (Number.isInteger(c) ? String(c) : c.toPrecision(4)) : esc(c));
  const html = `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('') + `</tbody></table>`;
  const text = [header.join('\t'), ...rows.map((r) => r.map(cell).join('\t'))].join('\n');
  // deno-lint-ignore no-explicit-any
  await (globalThis as any).Deno.jupyter.display({ 'text/html': html, 'text/plain': text }, { raw: true });
  await settle();
}
