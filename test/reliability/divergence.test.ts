/**
 * Runs that blow up on purpose stop with exit code 1, a message naming the quantity and the time
 * (`t=…`, a finite number), and keep the rows computed before the failure.
 *
 * Theory: a linear BP student whose second layer practically cannot move (η₂ = 5e-324, the
 * smallest positive double) has, with W2 = W̃2 = 1 and K = M = 1, u = E[(λ−ν)²] obeying
 * du/dt = η(η−2)u (from eq. 22–23 with b = W2 = 1), so for η = 5 the state grows like e^{15t}.
 * The solve stops at the first accepted step where Q_11 exceeds the divergence limit 1e12 (the
 * simulation's, src/core/trajectory.ts; theory/solve.ts watches every step): e^{15t} passes 1e12 at
 * t ≈ ln(1e12)/15 ≈ 1.84, before the next output time of this log grid — long before the overflow
 * near t ≈ 47 that ended the run before divergence was checked. (With any real η₂ the second layer
 * shrinks and saves the run.)
 * Simulation: the same linear network at finite D with η = 5: the weights grow geometrically.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { outputTimes } from '../../src/core/times.ts';
import { parseCsv } from '../../src/io/csv.ts';
import { runCli } from '../cli/runCli.ts';

const exploding = {
  rule: 'bp', activation: 'linear', teacherActivation: 'linear', K: 1, M: 1, eta: 5, eta2: 5e-324,
  tmax: 100, points: 30, D: 200, init: { kind: 'weights', student: { W2: [1] } }, sim: { seeds: 2, threads: 1 },
};

function prepare(config: object) {
  const dir = mkdtempSync(join(tmpdir(), 'pepita-div-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return { file, out: join(dir, 'out') };
}

function failureTime(stderr: string): number {
  const m = /t=([-+0-9.eE]+)/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  return Number(m![1]);
}

describe('numerical failures are caught and reported with their time', () => {
  it('theory: exit 1, t= in the message, rows before the failure kept', async () => {
    const { file, out } = prepare(exploding);
    const r = await runCli(['theory', '--config', file, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const t = failureTime(r.stderr);
    expect(Number.isFinite(t)).toBe(true);
    expect(t).toBeGreaterThan(1.5); // e^{15t} from O(1) passes 1e12 at t ≈ 1.84
    expect(t).toBeLessThan(3);
    const csv = parseCsv(readFileSync(join(out, 'theory.csv'), 'utf8'));
    expect(csv.rows.length).toBeGreaterThan(5);
    for (const row of csv.rows) {
      expect(row.every(Number.isFinite)).toBe(true);
      expect(row[0]).toBeLessThanOrEqual(t);
    }
    // stopped at the step that crossed the limit, not at the next output time after it
    const next = outputTimes(parseConfig(exploding)).find((x) => x > csv.rows[csv.rows.length - 1][0])!;
    expect(t).toBeLessThan(next);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.failure?.t).toBeCloseTo(t, 6);
    expect(run.failure?.code).toBe('diverged');
  });

  it('simulation: exit 1, t= in the message, rows before the failure kept', async () => {
    const { file, out } = prepare(exploding);
    const r = await runCli(['simulate', '--config', file, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const t = failureTime(r.stderr);
    expect(Number.isFinite(t)).toBe(true);
    expect(existsSync(join(out, 'sim.csv'))).toBe(true);
    const csv = parseCsv(readFileSync(join(out, 'sim.csv'), 'utf8'));
    expect(csv.rows.length).toBeGreaterThan(2);
    for (const row of csv.rows) expect(row.every(Number.isFinite)).toBe(true);
  });
});
