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
  const stats = (est: number, budget?: string) => ({ description: 'x', nodes: 1, averages: 1, errorEstimate: est, errorEstimateMax: est, budget });
  it('flags an estimate above the threshold and names the budget', () => {
    const acc = averagerAccuracyOf(stats(2 * AVERAGE_ERROR_THRESHOLD, 'theory.cubatureNodes'));
    expect(acc).toEqual({ errorEstimateMax: 2 * AVERAGE_ERROR_THRESHOLD, threshold: AVERAGE_ERROR_THRESHOLD, exceeded: true, budget: 'theory.cubatureNodes' });
    expect(averagerWarning(acc)).toMatch(/raise theory\.cubatureNodes/);
  });
  it('no verdict without an averager or an estimate; no warning below the threshold', () => {
    expect(averagerAccuracyOf(undefined)).toBeNull();
    expect(averagerAccuracyOf(stats(Number.NaN))).toBeNull();
    expect(averagerWarning(averagerAccuracyOf(stats(AVERAGE_ERROR_THRESHOLD / 2)))).toBeNull();
  });
});

describe('pepita-ode theory: the warning and the run.json flag', () => {
  it('a coarse cubature rule (200 nodes, PEPITA K = M = 2) warns and is flagged', () => {
    const r = theory('coarse', { rule: 'pepita', tmax: 50, points: 5, theory: { cubatureNodes: 200, controlVariate: false } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: theory pepita: .*estimated relative error .* exceeds 0\.001.*raise theory\.cubatureNodes/);
    expect(r.record.solver.averagerAccuracy.exceeded).toBe(true);
    expect(r.record.solver.averagerAccuracy.errorEstimateMax).toBe(r.record.solver.averager.errorEstimateMax);
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
