/** `pepita-ode bench`: the benchmarks of bench/ (figures and ratios, never pass/fail on time). */
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { printJson } from '../common.ts';

/** What bench/run.ts exports (typed here so that the package build does not compile bench/). */
export interface BenchModule {
  BENCHES: readonly string[];
  runBenches(names: readonly string[], opts: { json: boolean }): Promise<Record<string, unknown>>;
}

/**
 * bench/ (C baseline, Chromium driver, RESULTS.md) lives in the repository, not in the npm
 * package. The specifier is a variable so that tsc does not pull bench/ into dist/.
 */
async function loadBenches(): Promise<BenchModule> {
  const entry = '../../../bench/run.ts';
  try {
    return (await import(entry)) as BenchModule;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !/bench[/\\]run\.[jt]s/.test(String((e as Error).message))) throw e;
    throw new ConfigError('bench', 'the benchmarks run from a clone of the repository (npm run bench); they are not part of the installed package');
  }
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks of bench/ (figures and ratios against a baseline run in the same process; bench/RESULTS.md)')
    .option('--json', 'print one JSON object on stdout (human-readable lines go to stderr)')
    .option('--only <names>', 'comma-separated subset of: sim (kernels vs C), theory (odex vs Euler), pepita (ODE cost), explorer (redraw), startup (CLI), sweep (64-point sweep vs C Euler), stiff (auto solver to t = 1e5 vs odex, Euler)')
    .addHelpText('after', '\nExamples:\n  $ pepita-ode bench --json --only sim     # {"simStepsPerSecond": {"afa": …, "pepita": …, "bp": …, "dfa": …}, …}\n  $ pepita-ode bench                       # everything, human-readable')
    .action(async (opts: { json?: boolean; only?: string }) => {
      const { BENCHES, runBenches } = await loadBenches();
      const names = opts.only ? opts.only.split(',').map((s) => s.trim()) : [...BENCHES];
      for (const n of names) {
        if (!(BENCHES as readonly string[]).includes(n)) throw new ConfigError('--only', `unknown bench "${n}"; allowed: ${BENCHES.join(', ')}`);
      }
      const result = await runBenches(names, { json: !!opts.json });
      if (opts.json) printJson(result);
    });
}
