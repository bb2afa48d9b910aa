/**
 * The averaging accuracy flag (src/core/averagingAccuracy.ts): a solve whose numerical averages
 * estimate a relative error above AVERAGE_ERROR_THRESHOLD warns on stderr, naming the budget to
 * raise, and run.json records `solver.averagerAccuracy.exceeded`; a fine enough rule and a
 * closed-form solve do not warn.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AVERAGE_ERROR_THRESHOLD, averagerAccuracyOf, averagerWarning } from '../../src/core/averagingAccuracy.ts';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'src/cli/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const work = mkdtempSync(join(tmpdir(), 'pepita-averager-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function theory(name: string, config: object) {
  writeFileSync(join(work, `${name}.json`), JSON.stringify(config));
  const r = spawnSync(tsx, [main, 'theory', '--config', `${name}.json`, '--out', name], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 120_000 });
  const record = JSON.parse(readFileSync(join(work, name, 'run.json'), 'utf8'));
  return { code: r.status, stderr: r.stderr, record };
}

describe('averager accuracy verdict', () => {
  const averager = (est: number, budget?: string) => ({ description: 'x', nodes: 1, averages: 1, errorEstimate: est, errorEstimateMax: est, budget });
  const solveEstimate = (value: number) => ({ value, coarser: 'y', coarserNodes: 100, times: 5, seconds: 0 });
  it('flags an estimate above the threshold and names the budget', () => {
    const acc = averagerAccuracyOf({ averager: averager(2 * AVERAGE_ERROR_THRESHOLD, 'theory.cubatureNodes') });
    expect(acc).toEqual({ estimate: 2 * AVERAGE_ERROR_THRESHOLD, method: 'averages', errorEstimateMax: 2 * AVERAGE_ERROR_THRESHOLD, threshold: AVERAGE_ERROR_THRESHOLD, exceeded: true, budget: 'theory.cubatureNodes' });
    expect(averagerWarning(acc)).toMatch(/raise theory\.cubatureNodes/);
  });
  it('the solve-level estimate, when made, is the one judged', () => {
    const below = averagerAccuracyOf({ averager: averager(0.5, 'theory.cubatureNodes'), egErrorEstimate: solveEstimate(AVERAGE_ERROR_THRESHOLD / 2) });
    expect(below).toMatchObject({ estimate: AVERAGE_ERROR_THRESHOLD / 2, method: 'solve', errorEstimateMax: 0.5, exceeded: false });
    const above = averagerAccuracyOf({ averager: averager(1e-6), egErrorEstimate: solveEstimate(3 * AVERAGE_ERROR_THRESHOLD) });
    expect(above).toMatchObject({ method: 'solve', exceeded: true });
    expect(averagerWarning(above)).toMatch(/εg error .*coarser rule/);
  });
  it('no verdict without an averager or an estimate; no warning below the threshold', () => {
    expect(averagerAccuracyOf(undefined)).toBeNull();
    expect(averagerAccuracyOf({})).toBeNull();
    expect(averagerAccuracyOf({ averager: averager(Number.NaN) })).toBeNull();
    expect(averagerWarning(averagerAccuracyOf({ averager: averager(AVERAGE_ERROR_THRESHOLD / 2) }))).toBeNull();
  });
});

describe('pepita-ode theory: the warning and the run.json flag', () => {
  it('a coarse cubature rule (681 nodes, Smolyak level 4, PEPITA K = M = 2, t ≤ 1000: εg 3.9e-3 off) warns and is flagged', () => {
    const r = theory('coarse', { rule: 'pepita', tmax: 1000, points: 20, theory: { cubatureNodes: 681, controlVariate: false } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: theory pepita: the estimated relative εg error .* exceeds 0\.001.*raise theory\.cubatureNodes/);
    const acc = r.record.solver.averagerAccuracy;
    expect(acc).toMatchObject({ method: 'solve', exceeded: true, errorEstimateMax: r.record.solver.averager.errorEstimateMax });
    expect(acc.estimate).toBe(r.record.solver.egErrorEstimate.value);
  }, 60_000);
  it('the coarsest rule (no coarser one to solve with) is judged by its averages', () => {
    const r = theory('coarsest', { rule: 'pepita', tmax: 50, points: 5, theory: { cubatureNodes: 200, controlVariate: false } });
    expect(r.stderr).toMatch(/warning: theory pepita: the Gaussian averages' estimated relative error .* exceeds 0\.001/);
    expect(r.record.solver.averagerAccuracy).toMatchObject({ method: 'averages', exceeded: true });
  }, 60_000);
  it('the default rule at K = M = 2 (estimate ~1e-4) does not warn', () => {
    const r = theory('default', { rule: 'pepita', tmax: 50, points: 5 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.record.solver.averagerAccuracy.exceeded).toBe(false);
  }, 60_000);
  it('a closed-form solve has no verdict', () => {
    const r = theory('bp', { rule: 'bp', tmax: 50, points: 5 });
    expect(r.stderr).toBe('');
    expect(r.record.solver.averagerAccuracy).toBeNull();
  }, 60_000);
});

describe('pepita-ode compare: the same warning, per theory solve', () => {
  it('a coarse rule warns for the PEPITA solve only (AFA has closed forms)', () => {
    writeFileSync(join(work, 'cmp.json'), JSON.stringify({ rule: 'pepita', tmax: 1000, points: 20, D: 50, sim: { seeds: 1 }, theory: { cubatureNodes: 681, controlVariate: false } }));
    const r = spawnSync(tsx, [main, 'compare', '--config', 'cmp.json', '--rules', 'pepita,afa', '--out', 'cmp', '--no-png'], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: theory pepita: the estimated relative εg error .* exceeds 0\.001/);
    expect(r.stderr).not.toMatch(/warning: theory afa/);
  }, 120_000);
});
