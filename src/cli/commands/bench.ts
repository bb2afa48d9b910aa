/** `pepita-ode bench`: the benchmarks of bench/ (figures and ratios, never pass/fail on time). */
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { printJson } from '../common.ts';

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks (simulation kernels vs a C baseline, theory solver vs fixed-step Euler, PEPITA ODE cost, explorer redraw)')
    .option('--json', 'print one JSON object on stdout (human-readable lines go to stderr)')
    .option('--only <names>', 'comma-separated subset of: sim, theory, pepita, explorer')
    .addHelpText('after', '\nExamples:\n  $ pepita-ode bench --json --only sim     # {"simStepsPerSecond": {"afa": …, "pepita": …, "bp": …, "dfa": …}, …}\n  $ pepita-ode bench                       # everything, human-readable')
    .action(async (opts: { json?: boolean; only?: string }) => {
      const { BENCHES, runBenches } = await import('../../../bench/run.ts');
      const names = opts.only ? opts.only.split(',').map((s) => s.trim()) : [...BENCHES];
      for (const n of names) {
        if (!(BENCHES as readonly string[]).includes(n)) throw new ConfigError('--only', `unknown bench "${n}"; allowed: ${BENCHES.join(', ')}`);
      }
      const result = await runBenches(names as typeof BENCHES[number][], { json: !!opts.json });
      if (opts.json) printJson(result);
    });
}
