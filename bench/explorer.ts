/**
 * Explorer redraw time: the self-contained page (file://, headless Debian chromium) is edited
 * like a user would (a new η in #eta, then `change`), and we time until the three panels are
 * redrawn. Reported per case: the page's own measurements (theory solve; validate + solve +
 * plotly redraw) and the wall time seen from Node (adds the browser round trips). Medians over
 * the repetitions. Nothing passes or fails on time.
 *
 *   npx tsx bench/explorer.ts          # standalone
 *   npm run bench                      # with the other benchmarks
 */
import { median } from 'simple-statistics';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildExplorerToTemp, openExplorer, setInput, waitForRedraw } from './explorerDriver.ts';

export interface ExplorerCaseResult {
  case: string;
  repetitions: number;
  /** median theory solve inside the page, ms */
  solveMs: number;
  /** median validate + solve + redraw of the three panels inside the page, ms */
  redrawMs: number;
  /** median wall time from the edit to the finished redraw, seen from Node, ms */
  wallMs: number;
  /** set when the page showed an error instead of redrawing (e.g. a numerical failure) */
  error?: string;
}

export interface ExplorerBenchResult {
  buildSeconds: number;
  pageMB: number;
  /** first load to the first finished redraw, ms */
  firstDrawMs: number;
  cases: ExplorerCaseResult[];
}

interface Case {
  name: string;
  /** inputs set once before timing */
  setup: Record<string, string>;
  /** η values cycled through, one redraw each */
  etas: string[];
}

const CASES: Case[] = [
  { name: 'afa K=M=2 analytic, tmax 5000, 120 points', setup: {}, etas: ['0.1', '0.2', '0.05', '0.3', '0.15', '0.08', '0.12'] },
  { name: 'bp K=M=2 analytic, tmax 5000, 120 points', setup: { rule: 'bp' }, etas: ['0.1', '0.2', '0.05', '0.3', '0.15'] },
  { name: 'pepita K=M=2 Monte Carlo (20000 samples), tmax 1000', setup: { rule: 'pepita', tmax: '1000' }, etas: ['0.1', '0.05', '0.2'] },
];

export async function runExplorerBench(): Promise<ExplorerBenchResult> {
  const t0 = performance.now();
  const { path, dir } = await buildExplorerToTemp();
  const buildSeconds = (performance.now() - t0) / 1000;
  const { statSync } = await import('node:fs');
  const pageMB = statSync(path).size / 1e6;
  console.log(`page built in ${buildSeconds.toFixed(1)} s (${pageMB.toFixed(1)} MB, plotly + engine inlined)`);
  const tLoad = performance.now();
  const session = await openExplorer(path);
  const cases: ExplorerCaseResult[] = [];
  let firstDrawMs = 0;
  try {
    await waitForRedraw(session.page, 0, 120_000);
    firstDrawMs = performance.now() - tLoad;
    console.log(`first draw ${firstDrawMs.toFixed(0)} ms after launching chromium`);
    for (const c of CASES) {
      const solve: number[] = [], redraw: number[] = [], wall: number[] = [];
      try {
        for (const [id, value] of Object.entries(c.setup)) await waitForRedraw(session.page, await setInput(session.page, id, value), 120_000);
        for (const eta of c.etas) {
          const w0 = performance.now();
          await waitForRedraw(session.page, await setInput(session.page, 'eta', eta), 120_000);
          wall.push(performance.now() - w0);
          const s = await session.page.evaluate(() => ({ ...window.explorerStatus }));
          solve.push(s.lastSolveMs);
          redraw.push(s.lastRedrawMs);
        }
      } catch (e) {
        const error = (e as Error).message;
        cases.push({ case: c.name, repetitions: 0, solveMs: NaN, redrawMs: NaN, wallMs: NaN, error });
        console.log(`${c.name}: not measured (${error})`);
        continue;
      }
      const r: ExplorerCaseResult = { case: c.name, repetitions: c.etas.length, solveMs: median(solve), redrawMs: median(redraw), wallMs: median(wall) };
      cases.push(r);
      console.log(`${r.case}: solve ${r.solveMs.toFixed(0)} ms, redraw ${r.redrawMs.toFixed(0)} ms, edit→drawn ${r.wallMs.toFixed(0)} ms (median of ${r.repetitions})`);
    }
    if (session.errors.length) throw new Error(`page errors: ${session.errors.join('; ')}`);
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { buildSeconds, pageMB, firstDrawMs, cases };
}

const isEntry = process.argv[1] && /bench[/\\]explorer\.ts$/.test(process.argv[1]);
if (isEntry) {
  const r = await runExplorerBench();
  console.log(JSON.stringify(r, null, 2));
}
