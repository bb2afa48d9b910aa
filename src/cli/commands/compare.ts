/**
 * `pepita-ode compare [--config FILE] [--rules LIST] [--cross] [--out DIR] [--json]`: the ODE and
 * the simulation of each rule from one config, the same initial weights and output times, each
 * simulation against its own ODE (and, with --cross, the others'); writes the trajectories
 * (theory.csv/sim.csv for one rule, theory-<id>.csv/sim-<id>.csv for several), agreement.json,
 * run.json and the learning-curve figure (src/compare/outputs.ts).
 */
import type { Command } from 'commander';
import type { ComparePhase } from '../../compare/compare.ts';
import type { Agreement } from '../../compare/agreement.ts';
import { ruleById, RULE_IDS } from '../../core/rules/index.ts';
import { addFigureOptions, prepareImages, checkOutDir, configOption, figureOutputOf, formatTable, loadConfig, printJson, progressBar, setOption, wantsProgress, warnTheoryAccuracy, warnStepMerges, type FigureFlags } from '../common.ts';

/** A progress callback for `compare` that drives one bar over all phases. */
export function compareProgress(enabled: boolean, title: string, phases: readonly ComparePhase[]) {
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

/** Rows of the agreement table (simulation × ODE), with the rules' labels. */
export function agreementRows(a: Agreement): (string | number)[][] {
  return a.entries.map((e) => [
    `${ruleById(e.sim)!.label} sim`, `${ruleById(e.theory)!.label} ODE`, e.seeds, e.points,
    (100 * e.medianRelDev).toFixed(2) + ' %', (100 * e.maxRelDev).toFixed(2) + ' %',
    Number.isFinite(e.medianAbsZ) ? e.medianAbsZ.toFixed(2) : '–', Number.isFinite(e.maxAbsZ) ? e.maxAbsZ.toFixed(1) : '–',
  ]);
}
export const AGREEMENT_HEADER = ['simulation', 'theory', 'seeds', 'times', 'median rel. dev.', 'max rel. dev.', 'median |z|', 'max |z|'];

/** Help text of --rules (shared by compare and family). */
export const RULES_HELP = `comma-separated rules to run, from: ${RULE_IDS.join(', ')}`;

export function register(program: Command): void {
  addFigureOptions(program
    .command('compare')
    .description('ODE vs simulation of each rule (default: the config\'s rule, plus AFA for PEPITA) from one config: CSVs, agreement.json, run.json, figure')
    .addOption(configOption()).addOption(setOption())
    .option('--rules <list>', `${RULES_HELP} (default: the config's rule, plus afa when it is pepita)`)
    .option('--cross', 'also compare each simulation with the other rules\' ODEs')
    .option('--out <dir>', 'output folder', 'results/compare')
    .option('--json', 'print the agreement and the written files as JSON'))
    .addHelpText('after', '\nExamples:\n  $ pepita-ode compare --config small.json --out results/small --json\n  $ pepita-ode compare --rules pepita,pepita-hebbian --cross --out results/hebbian')
    .action(async (opts: FigureFlags & { config?: string; set?: string[]; rules?: string; cross?: boolean; out: string; json?: boolean }) => {
      // the engines, figures and writers load only when the command runs (keeps --help fast)
      const { compare, comparePhases, comparePlan } = await import('../../compare/compare.ts');
      const { agreementJson } = await import('../../compare/agreement.ts');
      const { compareFailure, writeCompareOutputs } = await import('../../compare/outputs.ts');
      const { parseRuleList } = await import('../../compare/ruleList.ts');
      // every input is checked before anything runs or is written
      const config = await loadConfig(opts);
      const rules = opts.rules === undefined ? undefined : parseRuleList(opts.rules, '--rules');
      const plan = comparePlan(config, { rules }, '--rules');
      const output = figureOutputOf(opts);
      const dir = checkOutDir(opts.out, 'results/compare');
      prepareImages(output);
      warnStepMerges(config); // the simulations observe at steps μ = round(tD)
      const prog = compareProgress(wantsProgress(opts.json), 'compare', comparePhases(plan.rules));
      const r = await compare(config, { rules: plan.rules, cross: opts.cross ?? false, onProgress: prog.onProgress });
      prog.stop();
      warnTheoryAccuracy(r.theory);
      const out = await writeCompareOutputs(dir, r, { output, command: 'compare' });
      const failure = compareFailure(r);
      if (opts.json) {
        printJson({ rules: r.rules.map((x) => x.id), agreement: agreementJson(r.agreement), timings: r.timings, files: out.files, png: out.images.ok ? 'written' : out.images.reason });
      } else {
        process.stdout.write(formatTable(AGREEMENT_HEADER, agreementRows(r.agreement)) + '\n');
        process.stdout.write(`wrote ${out.files.length} files to ${dir}${out.images.ok ? '' : ` (${out.images.reason})`}\n`);
      }
      if (failure) throw failure; // exit 1, after everything computed before it was written
    });
}
