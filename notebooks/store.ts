/**
 * The second step of `npm run notebooks`: turn executed notebooks into the stored ones, readable
 * without running anything (on GitHub, in any Jupyter, in an editor) and small:
 *   - each plotly figure keeps its `application/vnd.plotly.v1+json` bundle (interactive in
 *     JupyterLab and VS Code) and gains a static `image/png` of the same figure, rendered by
 *     headless chromium (src/figures/png.ts); its `text/html` part, which needs plotly.js in the
 *     page, is dropped;
 *   - the outputs that shipped plotly.js itself into the live session (≈ 4.8 MB) are dropped;
 *   - volatile metadata (execution timestamps) is dropped, so a refresh diffs only where results changed.
 *
 *   tsx notebooks/store.ts OUT_DIR EXECUTED.ipynb…     # writes OUT_DIR/<same name>
 *
 * Fails (exit 1) when chromium is missing or a stored notebook exceeds MAX_STORED_BYTES.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { figureHtml } from '../src/figures/html.ts';
import { exportPngs, type PngJob } from '../src/figures/png.ts';

/** Budget of one stored notebook (the issue: "each file stays under ~1 MB"). */
export const MAX_STORED_BYTES = 1_000_000;
/** Width of the static images in CSS pixels (the height is the figure's own). */
const PNG_WIDTH = 900;

interface Output { output_type: string; data?: Record<string, unknown>; metadata?: Record<string, unknown>; [k: string]: unknown }
interface Cell { cell_type: string; outputs?: Output[]; metadata?: Record<string, unknown>; [k: string]: unknown }
interface Notebook { cells: Cell[]; metadata: Record<string, unknown>; [k: string]: unknown }

const PLOTLY_JSON = 'application/vnd.plotly.v1+json';
const text = (v: unknown) => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '');
const isLibraryChunk = (o: Output) => /<!-- pepita-plotly-chunk \d+\/\d+ -->/.test(text(o.data?.['text/html']));

async function store(paths: string[], outDir: string): Promise<number> {
  const notebooks = paths.map((p) => ({ path: p, nb: JSON.parse(readFileSync(p, 'utf8')) as Notebook }));
  // every figure of every notebook, rendered in one chromium session
  const pngDir = mkdtempSync(join(tmpdir(), 'pepita-nb-png-'));
  const jobs: (PngJob & { output: Output })[] = [];
  for (const { nb } of notebooks) {
    for (const cell of nb.cells) {
      delete cell.metadata?.execution;
      if (cell.cell_type !== 'code') continue;
      cell.outputs = (cell.outputs ?? []).filter((o) => !isLibraryChunk(o));
      for (const o of cell.outputs) {
        const fig = o.data?.[PLOTLY_JSON] as { data: never[]; layout: Record<string, unknown> } | undefined;
        if (!fig) continue;
        const height = typeof fig.layout.height === 'number' ? fig.layout.height : 480;
        const title = text((fig.layout.title as { text?: string } | undefined)?.text ?? fig.layout.title) || 'figure';
        jobs.push({ html: figureHtml({ title, data: fig.data, layout: fig.layout, width: PNG_WIDTH, height }), path: join(pngDir, `${jobs.length}.png`), width: PNG_WIDTH, height, output: o });
      }
    }
  }
  try {
    if (jobs.length) {
      const r = await exportPngs(jobs);
      if (!r.ok) throw new Error(`static images: ${r.reason}`);
    }
    for (const job of jobs) {
      const { [PLOTLY_JSON]: spec, 'text/plain': plain } = job.output.data!;
      job.output.data = { 'image/png': readFileSync(job.path).toString('base64'), [PLOTLY_JSON]: spec, 'text/plain': plain };
      job.output.metadata = { 'image/png': { width: PNG_WIDTH } };
    }
  } finally {
    rmSync(pngDir, { recursive: true, force: true });
  }
  let status = 0;
  for (const { path, nb } of notebooks) {
    const json = JSON.stringify(nb, null, 1) + '\n';
    const target = join(outDir, basename(path));
    writeFileSync(target, json);
    const kb = Math.round(Buffer.byteLength(json) / 1024);
    if (Buffer.byteLength(json) > MAX_STORED_BYTES) {
      status = 1;
      process.stderr.write(`notebooks: ${target} is ${kb} kB, over the ${MAX_STORED_BYTES / 1000} kB budget: plot fewer points\n`);
    } else process.stdout.write(`notebooks: stored ${target} (${kb} kB)\n`);
  }
  return status;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [outDir, ...paths] = process.argv.slice(2);
  store(paths, outDir).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`notebooks: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
