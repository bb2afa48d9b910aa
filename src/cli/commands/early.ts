/**
 * `pepita-ode early [--config FILE] [--json] [--out DIR]`: the early-time expansions of Supp. E.1
 * (eqs. 27–30, printed and corrected) checked against the AFA ODE. Without --config, the
 * documented E.1 state of src/compare/e1Config.ts. A config that is not the E.1 setting is
 * refused with exit code 2 and a message naming the field. --json prints exactly
 * {"checks": [{"eq", "quantity", "paper", "ode", "maxRelErr", "holds"}, …]}.
 * With --out, also writes early.json and early.html/.png/.csv (theory, simulations, expansions).
 */
import type { Command } from 'commander';
import { E1_DEFAULT_CONFIG } from '../../compare/e1Config.ts';
import type { EarlyReport } from '../../../theory/early.ts';
import { addFigureOptions, prepareImages, checkOutDir, configOption, figureOutputOf, formatTable, loadConfig, printJson, setOption, warnStepMerges, type FigureFlags } from '../common.ts';

export function earlyTable(r: EarlyReport): string {
  return formatTable(
    ['eq.', 'quantity', 'max rel. err.', 'holds'],
    r.checks.map((c) => [c.eq, c.quantity, c.maxRelErr.toExponential(2), c.holds ? 'yes' : 'NO']),
  );
}

export function register(program: Command): void {
  addFigureOptions(program
    .command('early')
    .description('check the early-time expansions of Supp. E.1 (eqs. 27–30, printed and corrected) against the AFA ODE')
    .addOption(configOption('a config in the E.1 setting (init.kind "overlaps" with W2 = 0, R = 0, T = I, Q = q0·I); default: the documented E.1 state')).addOption(setOption())
    .option('--json', 'print {"checks": [...]} as JSON')
    .option('--out <dir>', 'also write early.json and the early figure (.html/.csv/.png/.svg: theory, simulations, expansions) there'))
    .addHelpText('after', '\nExamples:\n  $ pepita-ode early --json\n  $ pepita-ode early --config e1.json --out results/early')
    .action(async (opts: FigureFlags & { config?: string; json?: boolean; out?: string }) => {
      const config = await loadConfig(opts, E1_DEFAULT_CONFIG);
      const output = figureOutputOf(opts);
      // the engines, figures and writers load when the command runs, not for --help
      const [{ earlyChecksOf, earlyStudy }, { writeEarlyOutputs }] = await Promise.all([
        import('../../compare/earlyRun.ts'), import('../../compare/outputs.ts'),
      ]);
      let report: EarlyReport;
      let note = '';
      if (opts.out) {
        checkOutDir(opts.out, 'results/early');
        prepareImages(output);
        warnStepMerges(config);
        const study = await earlyStudy(config);
        report = study.report;
        const w = await writeEarlyOutputs(opts.out, study, { output });
        note = `wrote ${w.files.length} files to ${opts.out}${w.images.ok ? '' : ` (${w.images.reason})`}`;
      } else {
        report = earlyChecksOf(config);
      }
      if (opts.json) {
        printJson({ checks: report.checks.map((c) => ({ eq: c.eq, quantity: c.quantity, paper: c.paper, ode: c.ode, maxRelErr: c.maxRelErr, holds: c.holds })) });
        return;
      }
      process.stdout.write(earlyTable(report) + '\n');
      if (note) process.stdout.write(note + '\n');
    });
}
