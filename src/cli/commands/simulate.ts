/**
 * `pepita-ode simulate --config FILE --out DIR [--json]`: the finite-D online simulation of
 * `config.rule` (`sim.seeds` runs on `sim.threads` worker threads). Writes `sim.csv` (column `seed`
 * first) and `run.json` (resolved config, the initial overlaps actually realised, engine wall time).
 * A run that diverges keeps its rows before the failure; the files are written, then the command
 * exits 1 with the time of the failure.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { NumericalError } from '../../core/errors.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { checkOutDir, configOption, loadConfig, printJson, progressBar, setOption, wantsProgress, warnStepMerges } from '../common.ts';

export function register(program: Command): void {
  program
    .command('simulate')
    .description('finite-D online simulation of config.rule (sim.seeds runs on sim.threads worker threads): sim.csv and run.json')
    .addOption(configOption()).addOption(setOption())
    .option('--out <dir>', 'output folder', 'results/simulate')
    .option('--json', 'print a summary (final εg per seed, files, timings) as JSON')
    .addHelpText('after', '\nExample:\n  $ echo \'{"rule":"pepita","D":500,"eta":0.05,"tmax":1000,"sim":{"seeds":4,"threads":2}}\' > p.json\n  $ pepita-ode simulate --config p.json --out results/pepita --json')
    .action(async (opts: { config?: string; out: string; json?: boolean }) => {
      const config = await loadConfig(opts);
      // the engines and writers load when the command runs, not for --help
      const [{ simulateOf }, { simCsv }, { buildRunRecord }] = await Promise.all([
        import('../../app/fromConfig.ts'), import('../../io/csv.ts'), import('../../io/runRecord.ts'),
      ]);
      warnStepMerges(config);
      const dir = checkOutDir(opts.out, 'results/simulate');
      const bar = progressBar(wantsProgress(opts.json), 1000, `simulate ${config.rule} D=${config.D}`);
      let last = -1;
      const sol = await simulateOf(config, {
        onProgress: (done, total) => {
          const v = total > 0 ? Math.round((1000 * done) / total) : 1000;
          if (v !== last) bar.update((last = v), `${done} / ${total} steps`);
        },
      });
      bar.stop();
      const { K, M } = config;
      const files = [join(dir, 'sim.csv'), join(dir, 'run.json')];
      writeFileAtomic(files[0], simCsv(sol.runs, K, M));
      const failed = sol.runs.find((r) => r.failure);
      const record = buildRunRecord({
        command: 'simulate', config, initial: sol.initial, timings: { simSeconds: sol.stats.seconds }, sim: sol,
        failure: failed?.failure ?? null,
      });
      writeFileAtomic(files[1], JSON.stringify(record, null, 2) + '\n');
      if (opts.json) {
        printJson({
          rule: config.rule, D: config.D,
          runs: sol.runs.map((r) => ({ seed: r.seed, rows: r.times.length, tLast: r.times[r.times.length - 1] ?? null, egLast: r.eg[r.eg.length - 1] ?? null, failure: r.failure })),
          timings: { simSeconds: sol.stats.seconds }, files,
        });
      } else {
        for (const r of sol.runs) {
          const n = r.times.length;
          process.stdout.write(`seed ${r.seed}: ${n} rows, εg(t=${r.times[n - 1] ?? '–'}) = ${r.eg[n - 1] ?? '–'}${r.failure ? ` — FAILED: ${r.failure.message}` : ''}\n`);
        }
        process.stdout.write(`wrote ${files.join(', ')} (engine ${sol.stats.seconds.toFixed(2)} s)\n`);
      }
      if (failed?.failure) {
        throw new NumericalError({ ...failed.failure, message: `${failed.failure.message} (seed ${failed.seed}; rows before it were written to ${files[0]})` });
      }
    });
}
