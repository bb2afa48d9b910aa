/**
 * `pepita-ode mirror [--config FILE] [--rule ID] [--pre T] [--no-sim] [--out DIR] [--json]`: the
 * paper's Sec. 6 questions in the solvable model (src/compare/mirrorStudy.ts) — one rule (--rule,
 * default PEPITA; on the Fig. 2 setting by default) with fixed F, with weight mirroring, with pre-mirroring + WM and with
 * pre-mirroring only, from the same initial weights; the config's `mirror` block (default η_m = 1,
 * σ_n = 1, normalised) sets the mirror. Writes theory-<variant>.csv, sim-<variant>.csv,
 * mirror-summary.csv (plateau-escape time, εg(1000), εg, angles and ‖f‖ at t_max, ODE and
 * simulation), run.json and the figure mirror.html/.csv/.png (εg, ∠(F, W_tot), ‖f‖ vs t).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CurveSummary, MirrorStudy } from '../../compare/mirrorStudy.ts';
import { addFigureOptions, prepareImages, checkOutDir, configOption, figureOutputOf, formatTable, loadConfig, printJson, progressBar, setOption, wantsProgress, warnStepMerges, type FigureFlags } from '../common.ts';

const SUMMARY_KEYS: (keyof CurveSummary)[] = ['tEscape', 'eg1000', 'egEnd', 'angleFWtotEnd', 'angleFW2End', 'feedbackNormEnd'];
const SUMMARY_HEADER = ['variant', 'source', 't_escape (εg < εg(0)/2)', 'εg(1000)', 'εg(t_max)', '∠(F, W_tot) at t_max [deg]', '∠(f, W2) at t_max [deg]', '‖f‖ at t_max'];

function summaryRows(s: MirrorStudy): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const f = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : '–');
  for (const r of s.summary) {
    rows.push([r.variant.label, 'ODE', ...SUMMARY_KEYS.map((k) => f(r.theory[k]))]);
    if (r.sim) rows.push([r.variant.label, `sim (${s.sims![r.variant.id].runs.length} seeds)`, ...SUMMARY_KEYS.map((k) => f(r.sim![k]))]);
  }
  return rows;
}

function summaryCsv(s: MirrorStudy): string {
  const lines = [['variant', 'source', ...SUMMARY_KEYS].join(',')];
  for (const r of s.summary) {
    lines.push([r.variant.id, 'theory', ...SUMMARY_KEYS.map((k) => String(r.theory[k]))].join(','));
    if (r.sim) lines.push([r.variant.id, 'sim', ...SUMMARY_KEYS.map((k) => String(r.sim![k]))].join(','));
  }
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  addFigureOptions(program
    .command('mirror')
    .description('weight mirroring (Sec. 6): one rule (default PEPITA) with fixed F, with WM, with pre-mirroring + WM and with pre-mirroring only — εg, ∠(F, W_tot), ‖f‖ vs t, ODE and simulation')
    .addOption(configOption('config file (default: the Fig. 2 setting = the config defaults); its "mirror" block sets η_m, σ_n, λ_m, normalise (default η_m = 1, σ_n = 1); its pre/during are set per variant, its "rule" is ignored (--rule)')).addOption(setOption())
    .option('--rule <id>', 'the learning rule (any rule that uses F; the config\'s "rule" is ignored)', 'pepita')
    .option('--pre <t>', 'pre-mirroring time t_pre of the pre-mirroring variants', '5')
    .option('--no-sim', 'skip the simulations (ODEs only)')
    .option('--out <dir>', 'output folder', 'results/mirror')
    .option('--json', 'print the summary and the written files as JSON'))
    .addHelpText('after', '\nExamples:\n  $ pepita-ode mirror --set tmax=1000 --out results/mirror\n  $ pepita-ode mirror --rule afa --set mirror.rate=0.5 --set mirror.noise=1 --pre 20 --no-sim --json')
    .action(async (opts: FigureFlags & { config?: string; set?: string[]; rule: string; pre: string; sim: boolean; out: string; json?: boolean }) => {
      // the engines, figures and writers load only when the command runs (keeps --help fast)
      const { mirrorPlan, mirrorStudy } = await import('../../compare/mirrorStudy.ts');
      const { mirrorFigure } = await import('../../figures/mirror.ts');
      const { firstFailure } = await import('../../compare/outputs.ts');
      const { writeFigures } = await import('../../figures/write.ts');
      const { writeFileAtomic } = await import('../../io/atomic.ts');
      const { simCsv, theoryCsv } = await import('../../io/csv.ts');
      const { buildRunRecord } = await import('../../io/runRecord.ts');
      const { ConfigError } = await import('../../core/errors.ts');
      const { parseConfig } = await import('../../core/config.ts');
      const config = parseConfig({ ...(await loadConfig(opts)), rule: opts.rule });
      const pre = Number(opts.pre);
      if (opts.pre.trim() === '' || !Number.isFinite(pre)) throw new ConfigError('--pre', `must be a number > 0 (got "${opts.pre}")`);
      mirrorPlan(config, pre); // every input is checked before anything runs or is written
      const output = figureOutputOf(opts);
      const dir = checkOutDir(opts.out, 'results/mirror');
      prepareImages(output);
      if (opts.sim) warnStepMerges(config);
      const phases = ['theory fixed', 'theory wm', 'theory wm-pre', 'theory pre', 'simulations'];
      const bar = progressBar(wantsProgress(opts.json), phases.length * 1000, 'mirror');
      const s = await mirrorStudy(config, {
        pre, sim: opts.sim,
        onProgress: (phase, fraction) => bar.update(Math.round(1000 * (phases.indexOf(phase) + Math.min(1, Math.max(0, fraction)))), phase),
      });
      bar.stop();
      const files: string[] = [];
      const put = (name: string, text: string) => {
        writeFileAtomic(join(dir, name), text);
        files.push(join(dir, name));
      };
      const { K, M } = config;
      for (const v of s.variants) {
        put(`theory-${v.id}.csv`, theoryCsv(s.theory[v.id], K, M));
        if (s.sims) put(`sim-${v.id}.csv`, simCsv(s.sims[v.id].runs, K, M));
      }
      put('mirror-summary.csv', summaryCsv(s));
      const record = buildRunRecord({
        command: 'mirror', config: s.configs.wm, initial: s.theory.wm.initial, timings: s.timings,
        solver: s.theory.wm, sim: s.sims?.wm,
        extra: {
          pre, variants: s.variants.map((v) => ({ id: v.id, label: v.label, mirror: v.mirror })),
          summary: s.summary.map((r) => ({ variant: r.variant.id, theory: r.theory, sim: r.sim })),
        },
      });
      put('run.json', JSON.stringify(record, null, 2) + '\n');
      const figs = await writeFigures(dir, { mirror: mirrorFigure(s) }, { output });
      files.push(...figs.files);
      const failure = firstFailure(s.variants.flatMap((v) => [
        ...(s.theory[v.id].failure ? [{ what: `${v.label} ODE`, f: s.theory[v.id].failure! }] : []),
        ...(s.sims?.[v.id].runs ?? []).flatMap((run) => (run.failure ? [{ what: `${v.label} simulation (seed ${run.seed})`, f: run.failure }] : [])),
      ]));
      if (opts.json) {
        printJson({ pre, summary: s.summary.map((r) => ({ variant: r.variant.id, label: r.variant.label, theory: r.theory, sim: r.sim })), timings: s.timings, files, png: figs.images.ok ? 'written' : figs.images.reason });
      } else {
        process.stdout.write([
          '', formatTable(SUMMARY_HEADER, summaryRows(s)), '',
          `theory ${s.timings.theorySeconds.toFixed(1)} s, simulations ${s.timings.simSeconds.toFixed(1)} s`,
          `wrote ${files.length} files to ${dir}${figs.images.ok ? '' : ` (${figs.images.reason})`}`,
        ].join('\n') + '\n');
      }
      if (failure) throw failure; // exit 1, after everything computed before it was written
    });
}
