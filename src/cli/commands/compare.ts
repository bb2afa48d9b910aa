/**
 * `pepita-ode compare --config FILE --out DIR [--json]`: theory (AFA ODE, PEPITA ODE) and PEPITA
 * and AFA simulations from one config, the same initial weights and output times; writes CSVs,
 * agreement.json, run.json and the Fig. 2b/2c/7 figures (src/compare/outputs.ts).
 */
import type { Command } from 'commander';
import { compare, type ComparePhase } from '../../compare/compare.ts';
import { agreementJson, type Agreement } from '../../compare/agreement.ts';
import { compareFailure, writeCompareOutputs } from '../../compare/outputs.ts';
import { checkOutDir, formatTable, loadConfig, printJson, progressBar, wantsProgress } from '../common.ts';

const PHASES: ComparePhase[] = ['sim pepita', 'sim afa', 'theory afa', 'theory pepita'];

/** A progress callback for `compare` that drives one bar over all phases. */
export function compareProgress(enabled: boolean, title: string, withPepitaTheory = true) {
  const phases = withPepitaTheory ? PHASES : PHASES.slice(0, 3);
  const bar = progressBar(enabled, phases.length * 1000, title);
  let last = -1;
  return {
    onProgress: (phase: ComparePhase, fraction: number) => {
      const i = phases.indexOf(phase);
      const v = Math.round(i * 1000 + Math.min(1, Math.max(0, fraction)) * 1000);
      if (v === last) return;
      last = v;
      bar.update(v, phase);
    },
    stop: () => bar.stop(),
  };
}

/** Rows of the agreement table (sim × theory). */
export function agreementRows(a: Agreement): (string | number)[][] {
  return a.entries.map((e) => [
    `${e.sim} sim`, `${e.theory} ODE`, e.seeds, e.points,
    (100 * e.medianRelDev).toFixed(2) + ' %', (100 * e.maxRelDev).toFixed(2) + ' %',
    Number.isFinite(e.medianAbsZ) ? e.medianAbsZ.toFixed(2) : '–', Number.isFinite(e.maxAbsZ) ? e.maxAbsZ.toFixed(1) : '–',
  ]);
}
export const AGREEMENT_HEADER = ['simulation', 'theory', 'seeds', 'times', 'median rel. dev.', 'max rel. dev.', 'median |z|', 'max |z|'];

export function register(program: Command): void {
  program
    .command('compare')
    .description('theory (AFA and PEPITA ODEs) vs PEPITA and AFA simulations from one config: CSVs, agreement.json, run.json, figures')
    .option('--config <file>', 'config JSON (default: the defaults, i.e. the Fig. 2 setting); its "rule" is ignored, both rules are run')
    .option('--out <dir>', 'output folder', 'results/compare')
    .option('--json', 'print the agreement and the written files as JSON')
    .option('--no-png', 'skip the PNG export (HTML and CSV are always written)')
    .option('--no-pepita-theory', 'skip the exact PEPITA ODE (Monte Carlo averages, the slow part)')
    .addHelpText('after', '\nExample:\n  $ pepita-ode compare --config small.json --out results/small --json')
    .action(async (opts: { config?: string; out: string; json?: boolean; png: boolean; pepitaTheory: boolean }) => {
      const config = loadConfig(opts.config);
      const dir = checkOutDir(opts.out, 'results/compare');
      const prog = compareProgress(wantsProgress(opts.json), 'compare', opts.pepitaTheory);
      const r = await compare(config, { pepitaTheory: opts.pepitaTheory, onProgress: prog.onProgress });
      prog.stop();
      const out = await writeCompareOutputs(dir, r, { png: opts.png, command: 'compare' });
      const failure = compareFailure(r);
      if (opts.json) {
        printJson({ agreement: agreementJson(r.agreement), timings: r.timings, files: out.files, png: out.png.ok ? 'written' : out.png.reason });
      } else {
        process.stdout.write(formatTable(AGREEMENT_HEADER, agreementRows(r.agreement)) + '\n');
        process.stdout.write(`wrote ${out.files.length} files to ${dir}${out.png.ok ? '' : ` (${out.png.reason})`}\n`);
      }
      if (failure) throw failure; // exit 1, after everything computed before it was written
    });
}
