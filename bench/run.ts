/**
 * All benchmarks in one process: `npm run bench` or `pepita-ode bench [--json] [--only a,b]`.
 * Each bench module prints its figures and ratios against a baseline run in the same process and
 * returns them; nothing here passes or fails on time. With --json the human-readable lines go to
 * stderr and stdout carries one JSON object (the sim bench's keys, e.g. simStepsPerSecond, at top
 * level; the others under their names).
 */
import type { BenchModule } from '../src/cli/commands/bench.ts';

export const BENCHES = ['sim', 'theory', 'pepita', 'explorer', 'startup', 'sweep', 'stiff'] as const;
export type BenchName = (typeof BENCHES)[number];

async function runOne(name: BenchName): Promise<Record<string, unknown>> {
  switch (name) {
    case 'sim': return (await import('./sim.ts')).runSimBench() as unknown as Promise<Record<string, unknown>>;
    case 'theory': return (await import('./theory.ts')).runTheoryBench();
    case 'pepita': return (await import('./pepita.ts')).runPepitaBench();
    case 'explorer': return (await import('./explorer.ts')).runExplorerBench() as unknown as Promise<Record<string, unknown>>;
    case 'startup': return (await import('./startup.ts')).runStartupBench();
    case 'sweep': return (await import('./sweep.ts')).runSweepBench();
    case 'stiff': return (await import('./stiff.ts')).runStiffBench();
  }
}

export async function runBenches(names: readonly BenchName[], opts: { json: boolean }): Promise<Record<string, unknown>> {
  const log = console.log;
  if (opts.json) console.log = (...a: unknown[]) => console.error(...a);
  const result: Record<string, unknown> = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  };
  try {
    for (const name of names) {
      console.log(`\n=== bench: ${name} ===`);
      const r = await runOne(name);
      if (name === 'sim') Object.assign(result, r);
      else result[name] = r;
    }
  } finally {
    console.log = log;
  }
  return result;
}

const isEntry = process.argv[1] && /bench[/\\]run\.ts$/.test(process.argv[1]);
if (isEntry) {
  const json = process.argv.includes('--json');
  const r = await runBenches(BENCHES, { json });
  if (json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}

// `pepita-ode bench` loads this module through a variable specifier (so the package build does not
// compile bench/); this keeps the shape it expects checked by the type checker.
void ({ BENCHES, runBenches } satisfies BenchModule);
