/**
 * `pepita-ode fig2 [--out DIR] [--config FILE] [--json]` — the main job (`npm start`): the paper's
 * Fig. 2b, 2c and 7 in the Fig. 2 setting, which is the global config defaults (src/core/config.ts):
 * AFA and PEPITA ODEs, PEPITA and AFA simulations from the same initial weights, their agreement
 * (each simulation against both ODEs), and the early-time checks of Supp. E.1 (eqs. 27–30) with the
 * early.html overlay. Writes into results/fig2/ by default; progress on the terminal; a summary
 * table at the end.
 *
 * The setting: printed in the paper, D = 500, η = 0.05, erf, K = M = 2; chosen here, W̃1 and W1
 * i.i.d. N(0, 1), W̃2 = (1, 1), W2(0) = 0, F i.i.d. N(0, 1) (q_f ≈ 1, f(0) and f̃ = O(1/√D)), init
 * seed 8. The sign of W̃2·f̃ decides whether the AFA feedback grows (eq. 29): seed 8 gives
 * W̃2·f̃ = +0.079 > 0 and the plateau is escaped by t ≈ 10²–10³; with seed 2, W̃2·f̃ = −0.098 and the
 * AFA ODE is still at εg ≈ 0.26 at t = 5000.
 */
import type { Command } from 'commander';
import type { CompareResult } from '../../compare/compare.ts';
import type { EarlyStudy } from '../../compare/earlyRun.ts';
import { egOf, feedbackNormOf, seedStats } from '../../compare/seedStats.ts';
import { AFA, PEPITA, type LearningRule } from '../../core/rules/index.ts';
import type { FigureJob } from '../../figures/png.ts';
import type { Overlaps } from '../../core/overlaps.ts';
import type { SimSolution, TheorySolution } from '../../core/trajectory.ts';
import { addFigureOptions, prepareImages, checkOutDir, configOption, figureOutputOf, formatTable, loadConfig, printJson, setOption, wantsProgress, warnTheoryAccuracy, warnStepMerges, type FigureFlags } from '../common.ts';
import { AGREEMENT_HEADER, agreementRows, compareProgress } from './compare.ts';

/** The rules of Fig. 2, in the order they are simulated. */
const FIG2_RULES: readonly LearningRule[] = [PEPITA, AFA];

/** Times at which the summary reports εg. */
const SUMMARY_TIMES = [0, 10, 100, 1000];

function nearest(times: Float64Array, t: number): number {
  let best = 0;
  for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) best = i;
  return best;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export interface Fig2Summary {
  setting: Record<string, unknown>;
  curves: { curve: string; eg: Record<string, number>; feedbackNormEnd: number }[];
  agreement: unknown;
  early: { eq: string; holds: boolean; maxRelErr: number }[] | null;
  wallSeconds: number;
  timings: CompareResult['timings'];
  files: string[];
  png: string;
}

function summariseCurves(r: CompareResult) {
  const times = r.times;
  const at = [...SUMMARY_TIMES.filter((t) => t < times[times.length - 1]), times[times.length - 1]];
  const theoryRow = (label: string, s: TheorySolution) => ({
    curve: label,
    eg: Object.fromEntries(at.map((t) => [String(t), s.eg[nearest(s.times, t)]])),
    feedbackNormEnd: feedbackNormOf(s.states[s.states.length - 1], 0),
  });
  const simRow = (label: string, s: SimSolution) => {
    const eg = seedStats(s, egOf);
    const fn = seedStats(s, feedbackNormOf);
    return { curve: label, eg: Object.fromEntries(at.map((t) => [String(t), eg.mean[nearest(eg.times, t)]])), feedbackNormEnd: fn.mean[fn.mean.length - 1] };
  };
  const rows = [];
  for (const rule of [AFA, PEPITA]) {
    const s = r.theory[rule.id];
    if (s) rows.push(theoryRow(`${rule.label} ODE`, s));
  }
  for (const rule of FIG2_RULES) {
    const s = r.sims[rule.id]!;
    rows.push(simRow(`${rule.label} sim (mean of ${s.runs.length})`, s));
  }
  return { at, rows };
}

function settingOf(r: CompareResult): Record<string, unknown> {
  const c = r.config;
  const o: Overlaps = r.initial;
  return {
    D: c.D, K: c.K, M: c.M, eta: c.eta, eta2: c.eta2, activation: c.activation, tmax: c.tmax, seeds: c.sim.seeds,
    initSeed: c.init.seed, W2t: Array.from(o.W2t), 'W2t·ft': dot(o.W2t, o.ft), ft: Array.from(o.ft), f0: Array.from(o.f), qf: o.qf,
    // the averages the PEPITA ODE actually used (cubature by default) and the run's own error estimate
    pepitaAverages: r.theory.pepita?.averages ?? null,
    pepitaAverager: r.theory.pepita?.stats.averager?.description ?? null,
  };
}

export function register(program: Command): void {
  addFigureOptions(program
    .command('fig2')
    .description('the main job: reproduce Fig. 2b, 2c and 7 (theory vs PEPITA/AFA simulations) and check eqs. 27–30 (npm start)')
    .option('--out <dir>', 'output folder', 'results/fig2')
    .addOption(configOption('config file: JSON with comments, as tsconfig (default: the Fig. 2 setting = the config defaults); its "rule" is ignored, PEPITA and AFA are run')).addOption(setOption())
    .option('--json', 'print the summary as JSON instead of tables')
    .option('--no-early', 'skip the early-time checks and early.html')
    .option('--no-pepita-theory', 'skip the exact PEPITA ODE (numerical averages: the slow part)'))
    .addHelpText('after', '\nExamples:\n  $ npm start                                  # = pepita-ode fig2 → results/fig2/\n  $ pepita-ode fig2 --formats png,svg,pdf --scale 2   # print-quality images\n  $ pepita-ode fig2 --config small.json --out results/small --json')
    .action(async (opts: FigureFlags & { out: string; config?: string; set?: string[]; json?: boolean; early: boolean; pepitaTheory: boolean }) => {
      const t0 = performance.now();
      // the engines, figures and writers load only when the command runs (keeps --help fast)
      const { compare, comparePhases } = await import('../../compare/compare.ts');
      const { agreementJson } = await import('../../compare/agreement.ts');
      const { E1_DEFAULT_CONFIG } = await import('../../compare/e1Config.ts');
      const { earlyStudy } = await import('../../compare/earlyRun.ts');
      const { compareFailure, fig2Figures, writeCompareOutputs, writeEarlyOutputs } = await import('../../compare/outputs.ts');
      const { exportFigures, NOT_REQUESTED } = await import('../../figures/png.ts');
      const { parseConfig } = await import('../../core/config.ts');
      const { earlyTable } = await import('./early.ts');
      const config = await loadConfig(opts);
      const output = figureOutputOf(opts);
      const dir = checkOutDir(opts.out, 'results/fig2');
      prepareImages(output);
      warnStepMerges(config); // the simulations observe at steps μ = round(tD)
      const show = wantsProgress(opts.json);
      if (!opts.json) {
        process.stderr.write(`fig2: D = ${config.D}, K = ${config.K}, M = ${config.M}, η = ${config.eta}, ${config.activation}, t_max = ${config.tmax}, ${config.sim.seeds} seeds → ${dir}\n`);
      }
      const theoryRules = opts.pepitaTheory ? FIG2_RULES : [AFA];
      const prog = compareProgress(show, 'fig2', comparePhases(FIG2_RULES, theoryRules));
      const r = await compare(config, { rules: FIG2_RULES, theoryRules, cross: true, onProgress: prog.onProgress });
      prog.stop();
      warnTheoryAccuracy(r.theory);
      if (!opts.json) process.stderr.write(`fig2: writing CSVs, figures${output.formats.length ? ` and ${output.formats.join('/')}` : ''} …\n`);
      // every image of the job in one chromium session (a launch costs ≈ 1–3 s)
      const jobs: FigureJob[] = [];
      const out = await writeCompareOutputs(dir, r, { output, defer: jobs, command: 'fig2', figures: fig2Figures(r) });
      const failure = compareFailure(r);
      let early: EarlyStudy | null = null;
      const files = [...out.files];
      if (opts.early) {
        early = await earlyStudy(parseConfig(JSON.parse(JSON.stringify(E1_DEFAULT_CONFIG))));
        const w = await writeEarlyOutputs(dir, early, { output, defer: jobs });
        files.push(...w.files);
      }
      const png = jobs.length ? await exportFigures(jobs, { scale: output.scale }) : NOT_REQUESTED;
      files.push(...png.written);
      const wallSeconds = (performance.now() - t0) / 1000;
      const curves = summariseCurves(r);
      const summary: Fig2Summary = {
        setting: settingOf(r),
        curves: curves.rows,
        agreement: agreementJson(r.agreement),
        early: early ? early.report.checks.map((c) => ({ eq: c.eq, holds: c.holds, maxRelErr: c.maxRelErr })) : null,
        wallSeconds,
        timings: r.timings,
        files,
        png: png.ok ? 'written' : (png.reason ?? 'not written'),
      };
      if (opts.json) {
        printJson(summary);
        if (failure) throw failure;
        return;
      }
      const s = summary.setting;
      const lines = [
        '',
        `Fig. 2 setting: D = ${s.D}, K = ${s.K}, M = ${s.M}, η = ${s.eta}, ${s.activation}, init seed ${s.initSeed}, ${s.seeds} seeds, t_max = ${s.tmax}`,
        `W̃2 = (${(s.W2t as number[]).join(', ')}), f̃ = (${(s.ft as number[]).map((x) => x.toFixed(4)).join(', ')}), W̃2·f̃ = ${(s['W2t·ft'] as number).toFixed(4)}, ‖f(0)‖ = ${Math.hypot(...(s.f0 as number[])).toFixed(4)}, q_f = ${(s.qf as number).toFixed(4)}`,
        '',
        formatTable(['curve', ...curves.at.map((t) => `εg(t=${t})`), '‖f‖(t_max)'], curves.rows.map((c) => [c.curve, ...curves.at.map((t) => c.eg[String(t)]), c.feedbackNormEnd])),
        '',
        formatTable(AGREEMENT_HEADER, agreementRows(r.agreement)),
      ];
      if (!((s['W2t·ft'] as number) > 0)) {
        lines.push('', `note: W̃2·f̃ ≤ 0, so the AFA feedback f shrinks at first (eq. 29, corrected) and AFA may stay on the plateau up to t_max`);
      }
      if (early) lines.push('', 'Early-time expansion (Supp. E.1, default E.1 state):', earlyTable(early.report));
      lines.push(
        '',
        `theory ${r.timings.theorySeconds.toFixed(1)} s, simulations ${r.timings.simSeconds.toFixed(1)} s (the ODEs solved meanwhile), total wall time ${wallSeconds.toFixed(1)} s`,
        `wrote ${files.length} files to ${dir}${png.ok ? (png.seconds ? ` (images ${png.seconds.toFixed(1)} s)` : '') : ` (${png.reason})`}`,
      );
      process.stdout.write(lines.join('\n') + '\n');
      if (failure) throw failure; // exit 1, after everything computed before it was written
    });
}
