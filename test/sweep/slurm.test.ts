/**
 * `pepita-ode sweep slurm` against a real single-node Slurm (test/helpers/slurm.ts): a 4-task
 * array and its afterok merge job give sweep.csv and curves.csv byte-identical to the same sweep
 * run locally in one piece; a task cancelled mid-run (scancel) and a resubmission give the same
 * bytes again. Skipped only when Slurm is not installed outside CI; in CI it must run.
 */
import { execPath } from 'node:process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli.ts';
import { slurmInstalled, startSlurm, type SlurmCluster } from '../helpers/slurm.ts';
import { parseSweepSpec } from '../../src/sweep/spec.ts';
import { submitSlurm, writeSlurmScripts } from '../../src/sweep/slurm.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pepita-sweep-slurm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// 8 points of ~0.5 s (Monte Carlo averages): a 4-task array has tasks alive long enough to cancel
const SPEC = {
  base: { rule: 'bp', tmax: 40, points: 30, theory: { averages: 'mc', mcSamples: 1000 } },
  grid: { eta: [0.3, 0.6, 0.9, 1.2], 'init.student.W1std': [0.5, 1] },
  metrics: { egBelow: [0.05] },
};
const specPath = join(work, 'spec.json');
writeFileSync(specPath, JSON.stringify(SPEC));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

/** Newest modification time of the TypeScript sources under the engine and application folders. */
function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (/\.(ts|mjs)$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The CLI command for the jobs: the package's bin (compiled dist/, as in a clean clone after
 * `npm install`) when dist/ is at least as new as the sources; otherwise (sources edited since
 * the last build) the TypeScript CLI through tsx, so the test checks the code as it is.
 */
function jobCli(): string[] | undefined {
  const built = join(ROOT, 'dist', 'src', 'sweep', 'run.js');
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...['src', 'theory', 'sim'].map((d) => newestSource(join(ROOT, d))))) return undefined;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [execPath, '--import', tsx, join(ROOT, 'src', 'cli', 'main.ts')];
}

describe('sweep slurm scripts', () => {
  it('writes an array of N shards and a merge job calling node and bin/pepita-ode.js by absolute paths', async () => {
    const out = join(work, 'scripts');
    const r = await runCli(['sweep', 'slurm', '--spec', specPath, '--out', out, '--tasks', '3', '--cpus', '2', '--time', '00:10:00', '--partition', 'short']);
    expect(r.code, r.stderr).toBe(0);
    const sweep = read(join(out, 'slurm'), 'sweep.sbatch');
    expect(sweep).toContain('#SBATCH --array=0-2');
    expect(sweep).toContain('#SBATCH --cpus-per-task=2');
    expect(sweep).toContain('#SBATCH --time=00:10:00');
    expect(sweep).toContain('#SBATCH --partition=short');
    expect(sweep).toContain(`exec '${execPath}' '${join(ROOT, 'bin', 'pepita-ode.js')}' sweep --spec '${join(out, 'slurm', 'spec.json')}'`);
    expect(sweep).toContain('--shard "$SLURM_ARRAY_TASK_ID/${SLURM_ARRAY_TASK_COUNT:-3}"');
    expect(read(join(out, 'slurm'), 'merge.sbatch')).toContain(`'${join(ROOT, 'bin', 'pepita-ode.js')}' sweep merge '${out}'`);
    expect(r.stdout).toMatch(/sbatch --dependency=afterok:\$jid /);
    for (const [flag, value] of [['--tasks', '0'], ['--time', '10 min'], ['--cpus', 'x']]) {
      const bad = await runCli(['sweep', 'slurm', '--spec', specPath, '--out', join(work, 'bad'), '--tasks', '2', flag, value]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(flag);
    }
    expect(existsSync(join(work, 'bad'))).toBe(false);
  });
});

const inCi = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

describe.skipIf(!slurmInstalled() && !inCi)('sweep on a real single-node Slurm cluster', () => {
  let cluster: SlurmCluster | null = null;
  beforeAll(async () => {
    cluster = await startSlurm();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('array + merge job = local run, byte for byte; after scancel of a running task and a resubmission too', async () => {
    const c = cluster!;
    const spec = parseSweepSpec(SPEC);
    const local = join(work, 'local');
    expect((await runCli(['sweep', '--spec', specPath, '--out', local, '--threads', '2', '--no-png'])).code).toBe(0);
    const cli = jobCli();

    // 1. a 4-task array and its merge job
    const first = join(work, 'slurm1');
    const jobs = submitSlurm(writeSlurmScripts(spec, first, { tasks: 4, cli }), c.env);
    const arrayStates = await c.waitJob(jobs.array);
    expect(arrayStates, c.logs()).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(await c.waitJob(jobs.merge), readdirSync(join(first, 'slurm')).join(' ')).toEqual(['COMPLETED']);
    for (const f of ['sweep.csv', 'curves.csv']) expect(read(first, f)).toBe(read(local, f));

    // 2. cancel a task while it runs; the merge job's afterok can then never be met
    const second = join(work, 'slurm2');
    const paths = writeSlurmScripts(spec, second, { tasks: 4, cli });
    const jobs2 = submitSlurm(paths, c.env);
    let running = '';
    const t0 = Date.now();
    while (!running && Date.now() - t0 < 60_000) {
      running = c.run('squeue', ['-h', '-j', jobs2.array, '-t', 'R', '-o', '%i']).trim().split('\n')[0] ?? '';
      if (!running) await new Promise((r) => setTimeout(r, 100));
    }
    expect(running).toMatch(new RegExp(`^${jobs2.array}_\\d$`));
    c.run('scancel', [running]);
    const states = await c.waitJob(jobs2.array);
    expect(states).toContain('CANCELLED');
    c.run('scancel', [jobs2.merge]);
    await c.waitJob(jobs2.merge);
    expect(existsSync(join(second, 'sweep.csv'))).toBe(false);
    const points = readdirSync(join(second, 'points')).filter((n) => !n.startsWith('.'));
    expect(points.length).toBeLessThan(8);

    // 3. resubmit: finished points are skipped, the rest computed, the merge gives the same bytes
    const jobs3 = submitSlurm(paths, c.env);
    expect(await c.waitJob(jobs3.array)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(await c.waitJob(jobs3.merge)).toEqual(['COMPLETED']);
    for (const f of ['sweep.csv', 'curves.csv']) expect(read(second, f)).toBe(read(local, f));
    expect(readdirSync(join(second, 'points')).filter((n) => !n.startsWith('.')).length).toBe(8);
  }, 300_000);
});
