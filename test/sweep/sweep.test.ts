/**
 * `pepita-ode sweep` end to end: merged sweep.csv / curves.csv byte-identical whatever the
 * sharding and thread count; a point with a numerical failure recorded without stopping the
 * others; bad specs exit 2 naming the point and the field with nothing written; a sweep killed
 * with SIGKILL mid-run resumes to the same bytes with no duplicate or half-written point.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/runCli.ts';
import { findChromium } from '../../src/figures/png.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pepita-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function specFile(name: string, spec: unknown): string {
  const p = join(work, `${name}.json`);
  writeFileSync(p, JSON.stringify(spec));
  return p;
}
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

// small but not trivial: theory and simulation, grid × zip, a metric time off the log grid
const SPEC = {
  base: { rule: 'bp', K: 2, M: 2, D: 40, tmax: 20, points: 25, sim: { seeds: 2 } },
  grid: { eta: [0.5, 1.5], 'init.student.W1std': [0.3] },
  zip: { noise: [0, 0.1], 'sim.seed': [1, 5] },
  run: ['theory', 'sim'],
  metrics: { egAt: [3.3, 10], egBelow: [0.05] },
};

describe('pepita-ode sweep', () => {
  it('merges to the same bytes whatever the sharding and thread count', async () => {
    const spec = specFile('small', SPEC);
    const one = join(work, 'one'), two = join(work, 'two'), sharded = join(work, 'sharded');
    const r1 = await runCli(['sweep', '--spec', spec, '--out', one, '--threads', '1', '--no-png', '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    const s1 = JSON.parse(r1.stdout);
    expect([s1.points, s1.computed.length, s1.failed.length]).toEqual([4, 4, 0]);
    expect((await runCli(['sweep', '--spec', spec, '--out', two, '--threads', '2', '--no-png'])).code).toBe(0);
    for (const i of [2, 0, 1]) {
      const r = await runCli(['sweep', '--spec', spec, '--out', sharded, '--shard', `${i}/3`, '--threads', '2', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).computed).toEqual(['p0000', 'p0001', 'p0002', 'p0003'].filter((_, p) => p % 3 === i));
      expect(existsSync(join(sharded, 'sweep.csv'))).toBe(false); // shards do not merge
    }
    expect((await runCli(['sweep', 'merge', sharded, '--no-png'])).code).toBe(0);
    for (const f of ['sweep.csv', 'curves.csv']) {
      expect(read(two, f)).toBe(read(one, f));
      expect(read(sharded, f)).toBe(read(one, f));
    }
    const csv = read(one, 'sweep.csv').trim().split('\n');
    expect(csv).toHaveLength(5);
    const head = csv[0].split(',');
    expect(head.slice(0, 6)).toEqual(['id', 'eta', 'init.student.W1std', 'noise', 'sim.seed', 'status']);
    expect(head).toContain('theory.egAt_3.3');
    expect(head).toContain('sim.egAt_3.3.se');
    expect(csv[1].split(',').slice(0, 6)).toEqual(['p0000', '0.5', '0.3', '0', '1', 'ok']);
    expect(csv[4].split(',').slice(0, 6)).toEqual(['p0003', '1.5', '0.3', '0.1', '5', 'ok']);
    // the theory row at t = 3.3 exists exactly (metric times join the output times)
    const curves = read(one, 'curves.csv').split('\n');
    expect(curves[0]).toBe('id,source,t,eg,seed');
    expect(curves.some((l) => l.startsWith('p0000,theory,3.3,') && l.endsWith(','))).toBe(true);
    expect(curves.filter((l) => l.startsWith('p0003,sim,') && l.endsWith(',6')).length).toBeGreaterThan(10);
    const json = JSON.parse(read(one, 'sweep.json'));
    expect(json.complete).toBe(true);
    expect(json.points.map((p: { status: string }) => p.status)).toEqual(new Array(4).fill('ok'));
    expect(existsSync(join(one, 'sweep.html'))).toBe(true);
    // rerun: every point is skipped
    const again = JSON.parse((await runCli(['sweep', '--spec', spec, '--out', one, '--no-png', '--json'])).stdout);
    expect([again.skipped, again.computed.length]).toEqual([4, 0]);
    // a different spec into the same folder is refused
    const other = specFile('other', { ...SPEC, grid: { eta: [0.7] } });
    const refused = await runCli(['sweep', '--spec', other, '--out', one, '--no-png']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds a different sweep/);
  }, 300_000);

  it('metrics.vsRule: both rules in curves.csv, the compared solve in run.json, the plateau flag; the same bytes however split', async () => {
    // AFA vs the PEPITA ODE on the Fig. 2 setting up to t = 2000: with F of std 0.05 neither leaves
    // the plateau (εg(2000) ≈ 0.33 for both; the gap is ≈ 0.002 only because nothing has happened);
    // with std 1 both escape (εg(2000) ≈ 0.017 for AFA). ≈ 6 s per point, the PEPITA ODE by cubature.
    const spec = specFile('vs', {
      base: { rule: 'afa', tmax: 2000, points: 30 }, grid: { 'init.feedback.std': [0.05, 1] }, run: ['theory'], metrics: { vsRule: 'pepita' },
    });
    const one = join(work, 'vs-one'), split = join(work, 'vs-split');
    expect((await runCli(['sweep', '--spec', spec, '--out', one, '--threads', '2', '--no-png'])).code).toBe(0);
    for (const i of [1, 0]) expect((await runCli(['sweep', '--spec', spec, '--out', split, '--shard', `${i}/2`, '--threads', '1'])).code).toBe(0);
    const merged = await runCli(['sweep', 'merge', split, '--formats', 'png', '--scale', '2', '--json']);
    expect(merged.code, merged.stderr).toBe(0);
    for (const f of ['sweep.csv', 'curves.csv']) expect(read(split, f)).toBe(read(one, f));
    // curves.csv: the point's rule as "theory", the compared rule as "theory:pepita", the exact point-file numbers
    const curves = read(one, 'curves.csv').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const id of ['p0000', 'p0001']) {
      const other = read(join(one, 'points', id), 'theory-pepita.csv').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(','));
      expect(curves.filter((c) => c[0] === id && c[1] === 'theory:pepita').map((c) => `${c[2]},${c[3]}`)).toEqual(other);
      expect(curves.filter((c) => c[0] === id && c[1] === 'theory').length).toBe(other.length);
      // its solver statistics and quadrature error estimate in the point's record
      const run = JSON.parse(read(join(one, 'points', id), 'run.json'));
      expect(run.solver.rule).toBe('afa');
      expect(run.vsRule).toMatchObject({ rule: 'pepita', file: 'theory-pepita.csv', failure: null, solver: { rule: 'pepita', averages: 'cubature' } });
      expect(run.vsRule.solver.rhsEvals).toBeGreaterThan(0);
      expect(run.vsRule.solver.averager.errorEstimateMax).toBeGreaterThan(0); // recorded (≈ 2e-7 at std 0.05, 1e-4 at std 1)
      expect(run.vsRule.solver.averager.errorEstimateMax).toBeLessThan(1e-2);
    }
    const rows = read(one, 'sweep.csv').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => rows.slice(1).map((r) => r[rows[0].indexOf(name)]);
    expect(col('theory.onPlateauAtTmax')).toEqual(['1', '0']); // weak feedback: still on the plateau at t_max; std 1: escaped
    expect(Number(col('theory.maxAbsLnRatioVs_pepita')[0])).toBeLessThan(0.01);
    expect(Number(col('theory.egFinal')[0])).toBeGreaterThan(0.3);
    expect(Number(col('theory.egFinal')[1])).toBeLessThan(0.05);
    // the merge's figure options: a PNG at twice the figure's 1200 × 600 px, no SVG (--formats png)
    if (findChromium()) {
      const png = readFileSync(join(split, 'sweep.png'));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2400, 1200]);
    }
    expect(existsSync(join(split, 'sweep.svg'))).toBe(false);
    expect(existsSync(join(one, 'sweep.png'))).toBe(false); // --no-png
  }, 300_000);

  it('records a numerical failure at one point and computes the others', async () => {
    // linear units at D = 50: the online simulation blows up within a few steps at η = 5
    const spec = specFile('diverge', {
      base: { rule: 'bp', tmax: 10, points: 20, D: 50, activation: 'linear', teacherActivation: 'linear', sim: { seeds: 1 } },
      grid: { eta: [0.1, 5] }, run: ['sim'],
    });
    const out = join(work, 'diverge');
    const r = await runCli(['sweep', '--spec', spec, '--out', out, '--threads', '1', '--no-png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/numerical failures .*p0001 sim seed 1 at t=/);
    const json = JSON.parse(read(out, 'sweep.json'));
    expect(json.points.map((p: { status: string }) => p.status)).toEqual(['ok', 'failed']);
    expect(json.points[1].failures[0].source).toBe('sim seed 1');
    const rows = read(join(out, 'points', 'p0001'), 'sim.csv').trim().split('\n');
    expect(rows.length).toBeGreaterThan(2); // rows before the failure kept
    expect(read(out, 'sweep.csv').split('\n')[2]).toMatch(/^p0001,5,failed,/);
    expect(read(out, 'sweep.csv').split('\n')[1]).toMatch(/^p0000,0.1,ok,/);
  });

  it.each([
    ['unknown key path', { grid: { etta: [1, 2] } }, /point p0000 \(etta=1\): grid\.etta: unknown key/],
    ['zip lists of unequal length', { zip: { eta: [1, 2], noise: [0] } }, /zip: lists must have equal lengths/],
    ['a value the config refuses', { grid: { eta: [0.5, 1], noise: [0, -0.1] } }, /point p0001 \(eta=0\.5, noise=-0\.1\): noise: must be ≥ 0/],
    ['an empty grid', { grid: {} }, /grid: the sweep is empty/],
    ['an empty value list', { grid: { eta: [] } }, /grid\.eta: must list at least one value/],
  ])('refuses %s: exit 2 naming the point and field, nothing written', async (_name, spec, message) => {
    const out = join(work, `bad-${Math.random().toString(36).slice(2)}`);
    const r = await runCli(['sweep', '--spec', specFile('bad', spec), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    const s = await runCli(['sweep', 'slurm', '--spec', specFile('bad', spec), '--out', out, '--tasks', '2']);
    expect(s.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('resumes after SIGKILL mid-run to the same bytes, with no duplicate or half-written point', async () => {
    // 8 points of ≈ 0.45 s each on the idle machine (Monte Carlo averages, 5000 samples; measured
    // 110 ms at 1000 samples, 1.7 s at 20 000), one thread: the kill, sent once 2 points are on disk,
    // lands while later points are computed (at 1000 samples an idle machine finished all 8 first)
    const spec = specFile('kill', {
      base: { rule: 'bp', tmax: 40, points: 30, theory: { averages: 'mc', mcSamples: 5000 } },
      grid: { eta: [0.3, 0.6, 0.9, 1.2], 'init.student.W1std': [0.5, 1] },
    });
    const killed = join(work, 'killed'), clean = join(work, 'clean');
    const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}src/cli/main.ts`, 'sweep', '--spec', spec, '--out', killed, '--threads', '1', '--no-png'], { cwd: ROOT, stdio: 'ignore' });
    const points = join(killed, 'points');
    const done = () => (existsSync(points) ? readdirSync(points).filter((n) => !n.startsWith('.')).length : 0);
    const t0 = Date.now();
    while (done() < 2 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const before = done();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(8);
    expect(existsSync(join(killed, 'sweep.csv'))).toBe(false);
    // every point folder that exists is complete
    for (const id of readdirSync(points).filter((n) => !n.startsWith('.'))) {
      expect(readdirSync(join(points, id)).sort()).toEqual(['config.json', 'run.json', 'theory.csv']);
    }
    const resumed = await runCli(['sweep', '--spec', spec, '--out', killed, '--threads', '2', '--no-png', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const s = JSON.parse(resumed.stdout);
    expect(s.skipped).toBe(before);
    expect(s.computed.length).toBe(8 - before);
    // the dead process's temporary folder (if the kill caught a write) is gone, nothing else is left
    expect(readdirSync(points).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `p${String(i).padStart(4, '0')}`));
    expect((await runCli(['sweep', '--spec', spec, '--out', clean, '--threads', '1', '--no-png'])).code).toBe(0);
    for (const f of ['sweep.csv', 'curves.csv']) expect(read(killed, f)).toBe(read(clean, f));
  }, 300_000);
});
