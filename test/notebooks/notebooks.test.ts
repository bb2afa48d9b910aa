/**
 * The notebooks, in two ways.
 *
 * Stored (what a reader sees without running anything): every notebook in notebooks/ is committed
 * with its outputs — every code cell executed in order, no error, at least one figure carrying
 * both a static PNG (valid image) and its interactive plotly bundle, no plotly.js shipment — and
 * stays under the size budget; it imports the package by name ('pepita-ode'), never the sources.
 *
 * Re-executed (they still run): `bash notebooks/run.sh OUT` (what `npm run notebooks` runs)
 * installs the Deno kernel, executes every notebook with `jupyter nbconvert --execute` and stores
 * the result into OUT/stored. The executed copies ran top to bottom, showed plotly figures after
 * the complete plotly.js library (interactive, offline), and the stored copies pass the checks above.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STORED_BYTES } from '../../notebooks/store.ts';

const root = join(import.meta.dirname, '..', '..');
const notebookDir = join(root, 'notebooks');
const NOTEBOOKS = readdirSync(notebookDir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();

interface Output { output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }
interface Cell { cell_type: string; execution_count?: number | null; outputs?: Output[]; source: string[] | string }
interface Notebook { cells: Cell[]; metadata: { kernelspec?: { name: string } } }

const PNG_SIGNATURE = '89504e470d0a1a0a';
const text = (v: unknown) => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '');
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Notebook;

/** What a notebook shows: errors, execution counts, figures, plotly library pieces, imports. */
function inspect(nb: Notebook) {
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  const outputs = code.flatMap((c) => c.outputs ?? []);
  const errors = outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
  const counts = code.map((c) => c.execution_count ?? null);
  let firstFigure = -1, libraryComplete = -1, chunks = 0, chunkTotal = 0;
  const figures: { traces: number; html: boolean; png: string | null }[] = [];
  outputs.forEach((o, i) => {
    const h = text(o.data?.['text/html']);
    const m = /<!-- pepita-plotly-chunk (\d+)\/(\d+) -->/.exec(h);
    if (m) {
      chunks++;
      chunkTotal = Number(m[2]);
      if (Number(m[1]) === chunkTotal && chunks === chunkTotal) libraryComplete = i;
    }
    const spec = o.data?.['application/vnd.plotly.v1+json'] as { data?: unknown[] } | undefined;
    if (spec) {
      if (firstFigure < 0) firstFigure = i;
      const png = typeof o.data?.['image/png'] === 'string' ? (o.data['image/png'] as string) : null;
      figures.push({ traces: spec.data?.length ?? 0, html: /class="plotly-graph-div"/.test(h), png });
    }
  });
  const sources = code.map((c) => text(c.source)).join('\n');
  return { code: code.length, counts, errors, figures, firstFigure, libraryComplete, chunks, chunkTotal, sources };
}

/** The checks every stored notebook passes (committed ones and freshly stored ones alike). */
function expectStored(path: string) {
  const nb = read(path);
  expect(nb.metadata.kernelspec?.name).toBe('deno');
  const seen = inspect(nb);
  expect(seen.errors).toEqual([]);
  expect(seen.counts).toEqual(Array.from({ length: seen.code }, (_, i) => i + 1));
  expect(seen.figures.length).toBeGreaterThanOrEqual(1);
  for (const f of seen.figures) {
    expect(f.traces).toBeGreaterThanOrEqual(1);
    expect(f.png, 'a static image beside each figure').not.toBeNull();
    expect(Buffer.from(f.png!, 'base64').subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(Buffer.from(f.png!, 'base64').length).toBeGreaterThan(5000); // a drawn plot, not an empty frame
    expect(f.html, 'no text/html that needs plotly.js in the page').toBe(false);
  }
  expect(seen.chunks, 'plotly.js itself is not stored').toBe(0);
  expect(statSync(path).size).toBeLessThan(MAX_STORED_BYTES);
}

describe('stored notebooks (readable without running them)', () => {
  it('there are the notebooks of the issues, all on the Deno kernel', () => {
    expect(NOTEBOOKS.slice(0, 3)).toEqual(['01-fig2-walkthrough.ipynb', '02-early-time.ipynb', '03-pepita-vs-afa.ipynb']);
  });

  it.each(NOTEBOOKS)('%s is stored with its outputs and static images, under the size budget', (name) => {
    expectStored(join(notebookDir, name));
  });

  it.each(NOTEBOOKS)('%s imports the package by name, as a user\'s notebook would', (name) => {
    const { sources } = inspect(read(join(notebookDir, name)));
    expect(sources).toMatch(/from 'pepita-ode'/);
    expect(sources).not.toMatch(/from '\.\.\/(src|theory|sim)\//);
  });
});

describe('notebooks re-executed (Deno kernel, jupyter nbconvert --execute)', () => {
  let out: string;
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'pepita-notebooks-'));
    run = spawnSync('bash', [join(notebookDir, 'run.sh'), out], { cwd: root, encoding: 'utf8', timeout: 480_000 });
  }, 500_000); // ≈ 2.5 min for four notebooks and their images at load 17 on 2 cores; far less idle

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('run.sh executes and stores every notebook without a cell error', () => {
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  it.each(NOTEBOOKS)('%s ran top to bottom, with interactive figures after the whole plotly.js', (name) => {
    const seen = inspect(read(join(out, name)));
    expect(seen.errors).toEqual([]);
    expect(seen.counts).toEqual(Array.from({ length: seen.code }, (_, i) => i + 1));
    expect(seen.figures.length).toBeGreaterThanOrEqual(1);
    expect(seen.figures.every((f) => f.traces >= 1 && f.html)).toBe(true);
    // plotly.js arrived whole (no piece lost) before the first figure, so the figures render offline
    expect(seen.chunkTotal).toBeGreaterThan(0);
    expect(seen.chunks).toBe(seen.chunkTotal);
    expect(seen.libraryComplete).toBeGreaterThanOrEqual(0);
    expect(seen.libraryComplete).toBeLessThan(seen.firstFigure);
  });

  it.each(NOTEBOOKS)('%s stored from this run passes the stored checks', (name) => {
    expectStored(join(out, 'stored', name));
  });
});
