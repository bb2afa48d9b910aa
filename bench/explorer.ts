/**
 * Explorer timings in the self-contained page (file://, headless Debian chromium), driven like a
 * user would (a new η typed in #eta then `change`; rule checkboxes ticked):
 *   - redraw: time until the four panels are redrawn, per case. Reported: the page's own
 *     measurements (theory solves; validate + solve + plotly redraw) and the wall time seen from
 *     Node (adds the browser round trips). Medians over the repetitions.
 *   - simulate: the Simulate button (finite-D runs in the page's Web Workers) against the same
 *     config's simulation in Node through the application bridge (simulateOf, worker threads), in
 *     the same process and run: their ratio is the price of the browser.
 * The page uses the CLI's defaults (tolerances, averages, samples). Nothing passes or fails on time.
 *
 *   npx tsx bench/explorer.ts          # standalone
 *   npm run bench                      # with the other benchmarks
 */
import { median } from 'simple-statistics';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { simulateOf } from '../src/app/fromConfig.ts';
import { parseConfig } from '../src/core/config.ts';
import { ruleById } from '../src/core/rules/index.ts';
import { configFromForm } from '../src/explorer/form.ts';
import { defaultViewState } from '../src/explorer/page.ts';
import { buildExplorerToTemp, openExplorer, setInput, setRule, settle, simulateAndWait, waitForRedraw } from './explorerDriver.ts';

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

export interface ExplorerSimResult {
  case: string;
  /** runs × steps per run */
  runs: number;
  stepsPerRun: number;
  /** Simulate click → markers drawn, seen from Node, s */
  pageSeconds: number;
  /** simulation workers the page used */
  pageWorkers: number;
  /** the same simulation in Node (simulateOf, `threads` worker threads), s */
  nodeSeconds: number;
  threads: number;
  /** pageSeconds / nodeSeconds */
  ratio: number;
}

export interface ExplorerBenchResult {
  buildSeconds: number;
  pageMB: number;
  /** first load to the first finished redraw, ms */
  firstDrawMs: number;
  cases: ExplorerCaseResult[];
  simulate: ExplorerSimResult | null;
}

/** A set-up step: tick/untick a rule, or set an input. */
type Step = ['rule', string, boolean] | ['input', string, string];

interface Case {
  name: string;
  /** done in order once before timing (intermediate states may show an error, e.g. DFA before its weights) */
  setup?: Step[];
  /** η values cycled through, one redraw each */
  etas: string[];
}

const CASES: Case[] = [
  { name: 'AFA, K = M = 2, config defaults (t ≤ 5000, 200 points)', etas: ['0.1', '0.2', '0.05', '0.3', '0.15', '0.08', '0.12'] },
  { name: 'BP, K = M = 2, config defaults', setup: [['rule', 'bp', true], ['rule', 'afa', false]], etas: ['0.1', '0.2', '0.05', '0.3', '0.15'] },
  { name: 'AFA + BP + DFA drawn together', setup: [['rule', 'afa', true], ['rule', 'dfa', true], ['input', 'feedbackWeights', '1, 1']], etas: ['0.1', '0.2', '0.05', '0.3', '0.15'] },
  // one PEPITA solve at the defaults (Monte Carlo or cubature averages, whatever `auto` picks): slow until cubature
  {
    name: 'PEPITA, K = M = 2, config defaults, t ≤ 1000',
    setup: [['rule', 'afa', false], ['rule', 'bp', false], ['rule', 'dfa', false], ['input', 'tmax', '1000'], ['rule', 'pepita', true]], etas: ['0.1'],
  },
];

/** The simulation compared page vs Node: AFA at D = 500 (the default), 4 seeds, t ≤ 500. */
const SIM_INPUTS: Record<string, string> = { tmax: '500', simSeeds: '4' };
const SIM_THREADS = 2;

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
  let simulate: ExplorerSimResult | null = null;
  let firstDrawMs = 0;
  try {
    await waitForRedraw(session.page, 0, 120_000);
    firstDrawMs = performance.now() - tLoad;
    console.log(`first draw ${firstDrawMs.toFixed(0)} ms after launching chromium`);
    for (const c of CASES) {
      const solve: number[] = [], redraw: number[] = [], wall: number[] = [];
      try {
        for (const [kind, id, v] of c.setup ?? []) {
          await settle(session.page, kind === 'rule' ? await setRule(session.page, id, v as boolean) : await setInput(session.page, id, v as string), 600_000);
        }
        for (const eta of c.etas) {
          const w0 = performance.now();
          await waitForRedraw(session.page, await setInput(session.page, 'eta', eta), 600_000);
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
    simulate = await simulateBench(session);
    if (session.errors.length) throw new Error(`page errors: ${session.errors.join('; ')}`);
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { buildSeconds, pageMB, firstDrawMs, cases, simulate };
}

/** Simulate in the page (AFA only, SIM_INPUTS) vs simulateOf in Node on the same config. */
async function simulateBench(session: Awaited<ReturnType<typeof openExplorer>>): Promise<ExplorerSimResult> {
  const page = session.page;
  // AFA alone (a box that does not change state fires no event, so only those that change are clicked)
  if (!(await page.isChecked('#rule-afa'))) await settle(page, await setRule(page, 'afa', true), 600_000);
  for (const r of ['bp', 'dfa', 'pepita']) if (await page.isChecked(`#rule-${r}`)) await settle(page, await setRule(page, r, false), 600_000);
  const values = { ...defaultViewState().values, ...SIM_INPUTS };
  for (const [id, v] of Object.entries(SIM_INPUTS)) await waitForRedraw(page, await setInput(page, id, v), 600_000);
  await waitForRedraw(page, await setInput(page, 'eta', values.eta), 600_000);
  const p0 = performance.now();
  const st = await simulateAndWait(page, 600_000);
  const pageSeconds = (performance.now() - p0) / 1000;
  if (st.state !== 'done') throw new Error(`the page's simulation ended ${st.state}`);
  const config = parseConfig(configFromForm(values, ruleById('afa')!));
  const n0 = performance.now();
  const sol = await simulateOf(config, { threads: SIM_THREADS });
  const nodeSeconds = (performance.now() - n0) / 1000;
  const stepsPerRun = Math.round(sol.runs[0].times[sol.runs[0].times.length - 1] * config.D);
  const r: ExplorerSimResult = {
    case: `AFA, D = ${config.D}, t ≤ ${config.tmax}, ${config.sim.seeds} seeds`, runs: config.sim.seeds, stepsPerRun,
    pageSeconds, pageWorkers: Math.min(st.runs, await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2)))),
    nodeSeconds, threads: SIM_THREADS, ratio: pageSeconds / nodeSeconds,
  };
  console.log(`simulate ${r.case}: page ${r.pageSeconds.toFixed(2)} s (${r.pageWorkers} workers, click → markers drawn), ` +
    `Node ${r.nodeSeconds.toFixed(2)} s (${r.threads} threads), ratio ${r.ratio.toFixed(2)}`);
  return r;
}

const isEntry = process.argv[1] && /bench[/\\]explorer\.ts$/.test(process.argv[1]);
if (isEntry) {
  const r = await runExplorerBench();
  console.log(JSON.stringify(r, null, 2));
}
