/**
 * Figure export benchmark (issue 24 item 1), side by side in one process: the export page with the
 * full plotly bundle (the baseline) vs plotly's cartesian partial bundle, each from a cold chromium
 * (launch, page load = plotly evaluated, one 64-curve sweep-sized figure to PNG), and the same export
 * with the session prepared ahead (`prepareFigureExport`) while 1.5 s of other work runs — what a
 * command's images cost beyond its HTML. Prints figures and ratios; never passes or fails on time.
 *
 *   npx tsx bench/figures.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFigures, findChromium, prepareFigureExport } from '../src/figures/png.ts';

const REPS = 3;

/** A sweep-sized figure: 64 curves of 200 points on log axes. */
function bigFigure() {
  const t = Array.from({ length: 200 }, (_, i) => 10 ** (-2 + (5 * i) / 199));
  const data = Array.from({ length: 64 }, (_, k) => ({ type: 'scatter', mode: 'lines', x: t, y: t.map((x) => 0.33 / (1 + (x * (k + 1)) / 300)), name: `η ${k}` }));
  return { data, layout: { width: 900, height: 600, xaxis: { type: 'log' }, yaxis: { type: 'log' } } };
}

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  if (!findChromium()) {
    console.log('chromium not found: nothing to measure');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-figures-'));
  const fig = bigFigure();
  const rows: [string, number[]][] = [['cold, full bundle (baseline)', []], ['cold, cartesian bundle', []], ['prepared ahead, cartesian (cost after 1.5 s of work)', []]];
  for (let r = 0; r < REPS; r++) {
    rows[0][1].push(await timeIt(() => exportFigures([{ figure: fig, paths: { png: join(dir, 'full.png') } }], { bundle: 'full' })));
    rows[1][1].push(await timeIt(() => exportFigures([{ figure: fig, paths: { png: join(dir, 'cart.png') } }])));
    prepareFigureExport();
    await new Promise((res) => setTimeout(res, 1500));
    rows[2][1].push(await timeIt(() => exportFigures([{ figure: fig, paths: { png: join(dir, 'prep.png') } }])));
  }
  const best = (v: number[]) => Math.min(...v);
  const base = best(rows[0][1]);
  console.log('one 64-curve figure to PNG (seconds, best of 3; all runs)');
  for (const [label, v] of rows) console.log(`  ${label.padEnd(54)} ${best(v).toFixed(2)}  ×${(base / best(v)).toFixed(1)}   [${v.map((x) => x.toFixed(2)).join(', ')}]`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
