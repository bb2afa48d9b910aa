/**
 * CLI start-up benchmark (issue 13): wall time of `pepita-ode --version`, `--help` and
 * `theory --help` run as the installed command runs them (node bin/pepita-ode.js → the compiled
 * dist/, no TypeScript loader), as ratios to `node -e 0` measured in the same run. The cases are
 * interleaved round by round so that a load change on the machine hits all of them alike; the
 * figure is the median over rounds (the minimum is printed too). For contrast, the same
 * `--version` from the TypeScript sources through tsx (how the bin ran before the package build).
 *
 *   npx tsx bench/startup.ts [--rounds N]      (standalone; builds dist/ first if it is missing)
 *   npm run bench                              (with the other benches)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from 'simple-statistics';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${ROOT}bin/pepita-ode.js`;

interface Case {
  name: string;
  args: string[];
}

const BASELINE: Case = { name: 'node -e 0', args: ['-e', '0'] };
const CASES: Case[] = [
  { name: 'pepita-ode --version', args: [BIN, '--version'] },
  { name: 'pepita-ode --help', args: [BIN, '--help'] },
  { name: 'pepita-ode theory --help', args: [BIN, 'theory', '--help'] },
  { name: 'tsx src/cli/main.ts --version (sources)', args: ['--import', 'tsx', `${ROOT}src/cli/main.ts`, '--version'] },
];

export interface StartupTiming {
  medianMs: number;
  minMs: number;
  /** median over the baseline's median */
  ratio: number;
}

/** Milliseconds of one run of `node args`; throws if it does not exit 0. */
function timeOnce(c: Case): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${String(r.stderr).slice(0, 400)}`);
  return ms;
}

export function runStartupBench(opts: { rounds?: number } = {}): Record<string, StartupTiming> {
  const rounds = opts.rounds ?? 15;
  if (!existsSync(`${ROOT}dist/src/cli/main.js`)) {
    console.log('dist/ is missing: npm run build');
    const b = spawnSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const all = [BASELINE, ...CASES];
  const times = all.map(() => [] as number[]);
  for (const c of all) timeOnce(c); // warm the file cache once; not counted
  for (let r = 0; r < rounds; r++) for (const [i, c] of all.entries()) times[i].push(timeOnce(c));
  const base = median(times[0]);
  const out: Record<string, StartupTiming> = {};
  console.log(`CLI start-up, ${rounds} interleaved rounds (node ${process.version}); ratio = median / median of node -e 0`);
  for (const [i, c] of all.entries()) {
    const t = { medianMs: median(times[i]), minMs: Math.min(...times[i]), ratio: median(times[i]) / base };
    out[c.name] = t;
    console.log(`  ${c.name.padEnd(42)} median ${t.medianMs.toFixed(0).padStart(5)} ms  min ${t.minMs.toFixed(0).padStart(5)} ms  ${t.ratio.toFixed(2)}× node`);
  }
  return out;
}

const isEntry = process.argv[1] && /bench[/\\]startup\.ts$/.test(process.argv[1]);
if (isEntry) {
  const i = process.argv.indexOf('--rounds');
  runStartupBench({ rounds: i > 0 ? Number(process.argv[i + 1]) : undefined });
}
