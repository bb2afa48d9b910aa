/**
 * `pepita-ode theory --config FILE --out DIR [--json]`: solve the D → ∞ ODEs of `config.rule`
 * (closed-form averages for bp/dfa/afa with erf or linear units, cubature or Monte Carlo otherwise) and
 * write `theory.csv` and `run.json`. The config is validated before anything is written. A
 * numerical failure keeps the rows computed before it: the files are written, then the command
 * exits 1 with the time of the failure.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { NumericalError } from '../../core/errors.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { checkOutDir, configOption, loadConfig, printJson, progressBar, setOption, wantsProgress, warnAveragerAccuracy } from '../common.ts';

export const THEORY_DEFAULT_OUT = 'results/theory';

export function register(program: Command): void {
  program
    .command('theory')
    .description('solve the D→∞ ODEs of config.rule (theory.solver: odex, switching to RODAS4 when stiff; dense output at the output times): theory.csv and run.json')
    .addOption(configOption()).addOption(setOption())
    .option('--out <dir>', 'output folder', THEORY_DEFAULT_OUT)
    .option('--json', 'print times, εg, solver statistics and the files written as JSON')
    .addHelpText('after', '\nExample:\n  $ echo \'{"rule":"bp","K":2,"M":2,"eta":0.5,"tmax":1000}\' > bp.json\n  $ pepita-ode theory --config bp.json --out results/bp --json')
    .action(async (opts: { config?: string; out?: string; json?: boolean }) => {
      const config = await loadConfig(opts);
      // the engines and writers load when the command runs, not for --help
      const [{ solveTheoryOf }, { theoryCsv }, { buildRunRecord }] = await Promise.all([
        import('../../app/fromConfig.ts'), import('../../io/csv.ts'), import('../../io/runRecord.ts'),
      ]);
      const dir = checkOutDir(opts.out, THEORY_DEFAULT_OUT);
      const bar = progressBar(wantsProgress(opts.json), 1000, `theory ${config.rule}`);
      let last = -1;
      const sol = solveTheoryOf(config, {
        onProgress: (t, tmax) => {
          const v = tmax > 0 ? Math.min(1000, Math.round((1000 * t) / tmax)) : 1000;
          if (v !== last) bar.update((last = v), `t = ${t.toPrecision(4)}`);
        },
      });
      bar.stop();
      warnAveragerAccuracy(`theory ${config.rule}`, sol.stats);
      const files = [join(dir, 'theory.csv'), join(dir, 'run.json')];
      writeFileAtomic(files[0], theoryCsv(sol, config.K, config.M));
      const record = buildRunRecord({
        command: 'theory', config, initial: sol.initial, timings: { theorySeconds: sol.stats.seconds }, solver: sol, failure: sol.failure,
      });
      writeFileAtomic(files[1], JSON.stringify(record, null, 2) + '\n');
      const n = sol.times.length;
      if (opts.json) {
        printJson({
          rule: config.rule, averages: sol.averages,
          times: Array.from(sol.times), eg: Array.from(sol.eg),
          stats: sol.stats, tolerances: sol.tolerances,
          failure: sol.failure, files,
        });
      } else {
        process.stdout.write(
          `${config.rule} (${sol.averages} averages): ${n} output times, εg(t=${sol.times[n - 1] ?? '–'}) = ${sol.eg[n - 1] ?? '–'}; ` +
          `${sol.stats.rhsEvals} RHS evaluations, ${sol.stats.accepted} accepted / ${sol.stats.rejected} rejected steps, ${sol.stats.seconds.toFixed(3)} s\n` +
          `wrote ${files.join(', ')}\n`,
        );
      }
      if (sol.failure) {
        throw new NumericalError({ ...sol.failure, message: `${sol.failure.message} (the ${n} rows before it were written to ${files[0]})` });
      }
    });
}
