/** `pepita-ode bench`: the benchmarks of bench/ (figures and ratios, never pass/fail on time). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * package. The specifier is a variable so that tsc does not pull bench/ into dist/. From the
 * sources (tsx: `npm run cli`, `npm run bench`) it is imported; the compiled CLI in a clone
 * re-runs itself from the sources (`sourcesOfClone`); an installed package says where to run it.
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

/** The clone's CLI sources when this is the compiled CLI (dist/src/cli/commands/bench.js) inside a clone with tsx installed; else null. */
function sourcesOfClone(): { main: string; root: string } | null {
  if (!import.meta.url.endsWith('.js')) return null;
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const main = join(root, 'src', 'cli', 'main.ts');
  const ok = existsSync(main) && existsSync(join(root, 'bench', 'run.ts')) && existsSync(join(root, 'node_modules', 'tsx', 'package.json'));
  return ok ? { main, root } : null;
}

/** `pepita-ode bench …` from the clone's sources under tsx, its output passed through; exits with its code. */
async function benchFromSources(src: { main: string; root: string }, args: readonly string[]): Promise<never> {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', src.main, 'bench', ...args], { cwd: src.root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  process.exit(code);
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks of bench/ (figures and ratios against a baseline run in the same process; bench/RESULTS.md)')
    .option('--json', 'print one JSON object on stdout (human-readable lines go to stderr)')
    .option('--only <names>', 'comma-separated subset of: sim (kernels vs C), theory (odex vs Euler), pepita (ODE cost), explorer (redraw), startup (CLI), sweep (64-point sweep vs C Euler), stiff (auto solver to t = 1e5 vs odex, Euler)')
    .addHelpText('after', '\nExamples:\n  $ pepita-ode bench --json --only sim     # {"simStepsPerSecond": {"afa": …, "pepita": …, "bp": …, "dfa": …}, …}\n  $ pepita-ode bench                       # everything, human-readable')
    .action(async (opts: { json?: boolean; only?: string }) => {
      const clone = sourcesOfClone();
      if (clone) await benchFromSources(clone, [...(opts.json ? ['--json'] : []), ...(opts.only !== undefined ? ['--only', opts.only] : [])]);
      const { BENCHES, runBenches } = await loadBenches();
      const names = opts.only ? opts.only.split(',').map((s) => s.trim()) : [...BENCHES];
      for (const n of names) {
        if (!(BENCHES as readonly string[]).includes(n)) throw new ConfigError('--only', `unknown bench "${n}"; allowed: ${BENCHES.join(', ')}`);
      }
      const result = await runBenches(names, { json: !!opts.json });
      if (opts.json) printJson(result);
    });
}
