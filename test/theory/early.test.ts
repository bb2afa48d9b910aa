/**
 * Early-time expansion of Supp. E.1 (theory/early.ts): eqs. 27–28 hold against the AFA ODE on
 * random E.1 states; the printed eqs. 29–30 do not, by exactly the ratio of denominators the
 * derivation predicts; the corrected forms hold; the underlying Gaussian average
 * E[g'(λ) ρ g(ν)] is checked by brute-force Monte Carlo (an independent sampler).
 */
import { describe, expect, it } from 'vitest';
import { theoryProblemOf } from '../../src/app/fromConfig.ts';
import { earlyChecksOf } from '../../src/compare/earlyRun.ts';
import { parseConfig, type Config } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import {
  e1Setting as e1SettingOfProblem, eq29dfdtCorrected, eq29dfdtPaper, extrapolateToZero, normwiseRelErr,
} from '../../theory/early.ts';
import { TestRng, gaussianMeans } from '../core/gaussianMc.ts';

/** A random Supp. E.1 state: W2 = 0, R = 0, T = I, Q = q0·I, random f, f̃, W̃2, PSD-consistent q_f. */
function randomE1(rng: TestRng, K: number, M: number): Config {
  const q0 = 0.2 + 1.8 * rng.uniform();
  const f = Array.from({ length: K }, () => 0.8 * (rng.uniform() - 0.5));
  const ft = Array.from({ length: M }, () => 0.8 * (rng.uniform() - 0.5));
  const W2t = Array.from({ length: M }, () => 0.5 + rng.uniform());
  // C is PSD iff q_f ≥ ‖f‖²/q0 + ‖f̃‖² (Schur complement of the block-diagonal [q0 I, I])
  const qf = f.reduce((s, x) => s + x * x, 0) / q0 + ft.reduce((s, x) => s + x * x, 0) + 0.1 + rng.uniform();
  const eye = (n: number, v: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? v : 0)));
  return parseConfig({
    K, M, eta: 0.02 + 0.2 * rng.uniform(), eta2: 0.02 + 0.2 * rng.uniform(),
    init: { kind: 'overlaps', Q: eye(K, q0), R: Array.from({ length: K }, () => new Array(M).fill(0)), T: eye(M, 1), W2: new Array(K).fill(0), W2t, f, ft, qf },
  });
}

/** The E.1 setting of a config (as the early command reads it: sampled weights are refused). */
const e1Setting = (c: Config) => e1SettingOfProblem(theoryProblemOf(c), c.init.kind !== 'overlaps');

const SHAPES: [number, number][] = [[1, 1], [2, 2], [2, 3], [3, 2], [3, 3]];

describe('early-time expansion (Supp. E.1)', () => {
  const rng = new TestRng(20240527);
  const configs = SHAPES.flatMap(([K, M]) => [randomE1(rng, K, M), randomE1(rng, K, M)]);
  const reports = configs.map((c) => earlyChecksOf(c));
  const byEq = (i: number, eq: string) => reports[i].checks.find((c) => c.eq === eq)!;

  it('reports one entry per eq. 27, 28, 29, 30 and the corrected 29, 30', () => {
    expect(reports[0].checks.map((c) => c.eq)).toEqual(['27', '27-W2', '28', '29', '29-corrected', '30', '30-corrected']);
    for (const c of reports[0].checks) expect(Object.keys(c).sort()).toEqual(['eq', 'holds', 'maxRelErr', 'ode', 'paper', 'quantity']);
  });

  it('eq. 27 (dR/dt(0), dW2/dt(0) = 0) and eq. 28 (d²W2/dt²(0)) hold to 1e-8 on random E.1 states', () => {
    configs.forEach((_, i) => {
      // the RHS and the closed forms differ by rounding only; eq. 28's "ode" is a Richardson
      // extrapolated central difference with error ≈ 1e-11 — 1e-8 leaves room for neither a
      // wrong constant nor a wrong power of (1+q0)
      expect(byEq(i, '27').maxRelErr).toBeLessThan(1e-8);
      expect(byEq(i, '27-W2').maxRelErr).toBeLessThan(1e-8);
      expect(byEq(i, '28').maxRelErr).toBeLessThan(1e-8);
      expect(byEq(i, '27').holds && byEq(i, '28').holds).toBe(true);
    });
  });

  it('the corrected eqs. 29 and 30 hold; eq. 30 is checked on the O(t) coefficient of the solved f', () => {
    configs.forEach((_, i) => {
      expect(byEq(i, '29-corrected').maxRelErr).toBeLessThan(1e-8);
      // slope of a trajectory solved at rtol 1e-12, extrapolated t → 0 (≈ 1e-10 achieved)
      expect(byEq(i, '30-corrected').maxRelErr).toBeLessThan(1e-6);
    });
  });

  it('the printed eqs. 29 and 30 are reported as not holding, off by exactly the predicted denominator ratio', () => {
    configs.forEach((c, i) => {
      const s = e1Setting(c);
      // paper/ode − 1 = √(2(1+q0)) / √((1+q0)(1+q_f) − f_k²) − 1, per component k
      let predicted = 0;
      let scale = 0;
      const ode = eq29dfdtCorrected(s);
      ode.forEach((v) => (scale = Math.max(scale, Math.abs(v))));
      s.f.forEach((fk, k) => {
        const ratio = Math.sqrt(2 * (1 + s.q0)) / Math.sqrt((1 + s.q0) * (1 + s.qf) - fk * fk);
        predicted = Math.max(predicted, Math.abs(ode[k] * (ratio - 1)));
      });
      predicted /= scale;
      expect(byEq(i, '29').maxRelErr).toBeCloseTo(predicted, 10);
      expect(byEq(i, '30').maxRelErr).toBeCloseTo(predicted, 5);
      if (predicted > 1e-6) expect(byEq(i, '29').holds || byEq(i, '30').holds).toBe(false);
    });
  });

  it('Monte Carlo: E[g\'(λ) ρ g(ν)] at R = 0 matches the corrected (2/π) f̃/√(2(1+q0)), not the printed form', () => {
    // fields (λ, ν, ρ) with C = [[q0, 0, f], [0, 1, f̃], [f, f̃, q_f]]; g = erf(x/√2), g' = √(2/π) e^{−x²/2}
    const q0 = 1, f = 0.5, ft = 0.7, qf = 2;
    const C = Float64Array.from([q0, 0, f, 0, 1, ft, f, ft, qf]);
    const { mean, se } = gaussianMeans(C, 3, 1, 400_000, 7, (x, out) => {
      out[0] = Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * x[0] * x[0]) * x[2] * erfPrecise(x[1] / Math.SQRT2);
    });
    const corrected = (2 / Math.PI) * ft / Math.sqrt(2 * (1 + q0));
    const printed = (2 / Math.PI) * ft / Math.sqrt((1 + q0) * (1 + qf) - f * f);
    // 4 standard errors: a false alarm once in ~16000 runs; the printed value is ~40 SE away
    expect(Math.abs(mean[0] - corrected)).toBeLessThan(4 * se[0]);
    expect(Math.abs(mean[0] - printed)).toBeGreaterThan(10 * se[0]);
  });

  it('refuses states outside the E.1 setting, naming the field', () => {
    const bad = (over: Record<string, unknown>, field: string) => {
      const base = {
        kind: 'overlaps', Q: [[1, 0], [0, 1]], R: [[0, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0, 0], W2t: [1, 1], f: [0.2, 0.1], ft: [0.3, 0.1], qf: 1,
      };
      const c = parseConfig({ init: { ...base, ...over } });
      expect(() => e1Setting(c)).toThrow(ConfigError);
      try {
        e1Setting(c);
      } catch (e) {
        expect((e as ConfigError).field).toBe(field);
      }
    };
    bad({ R: [[0, 0.1], [0, 0]] }, 'init.R[0][1]');
    bad({ W2: [0, 0.5] }, 'init.W2[1]');
    bad({ Q: [[1, 0], [0, 0.5]] }, 'init.Q[1][1]');
    bad({ T: [[1, 0.2], [0.2, 1]] }, 'init.T[0][1]');
    expect(() => e1Setting(parseConfig({}))).toThrow(/init\.kind/);
    expect(() => e1Setting(parseConfig({ activation: 'relu' }))).toThrow(/activation/);
  });

  it('helpers: Neville extrapolation is exact on cubics; normwise error', () => {
    const p = (t: number) => 3 - 2 * t + 0.5 * t * t - 0.1 * t ** 3;
    const xs = [1, 0.5, 0.25, 0.125];
    expect(extrapolateToZero(xs, xs.map(p))).toBeCloseTo(3, 12);
    expect(normwiseRelErr([1, 2], [1, 2])).toBe(0);
    expect(normwiseRelErr([1.1, 2], [1, 2])).toBeCloseTo(0.05, 14);
    expect(eq29dfdtPaper).toBeTypeOf('function');
  });
});

/** erf to ~1e-15 by the Taylor series (|x| < 3) and the continued fraction (|x| ≥ 3). Test-only, independent of src/core. */
function erfPrecise(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 3) {
    let term = ax, sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(x) = e^{-x²}/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
    let cf = ax;
    for (let n = 60; n >= 1; n--) cf = ax + n / 2 / cf;
    r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / cf;
  }
  return x < 0 ? -r : r;
}

describe('pepita-ode early (CLI)', () => {
  it('--json prints exactly {"checks": [...]} with the six keys per entry', async () => {
    const { runCli } = await import('../cli/runCli.ts');
    const r = await runCli(['early', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['checks']);
    expect(j.checks.map((c: { eq: string }) => c.eq)).toEqual(['27', '27-W2', '28', '29', '29-corrected', '30', '30-corrected']);
    for (const c of j.checks) expect(Object.keys(c)).toEqual(['eq', 'quantity', 'paper', 'ode', 'maxRelErr', 'holds']);
    const holds = Object.fromEntries(j.checks.map((c: { eq: string; holds: boolean }) => [c.eq, c.holds]));
    expect(holds).toEqual({ '27': true, '27-W2': true, '28': true, '29': false, '29-corrected': true, '30': false, '30-corrected': true });
  });

  it('a config outside the E.1 setting: exit 2 and a message naming the field', async () => {
    const { runCli } = await import('../cli/runCli.ts');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'pepita-early-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(file, JSON.stringify({ init: { kind: 'overlaps', Q: [[1, 0], [0, 1]], R: [[0.1, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0, 0], W2t: [1, 1], f: [0.1, 0.1], ft: [0.1, 0.1], qf: 1 } }));
      const r = await runCli(['early', '--config', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/init\.R\[0\]\[0\]: must be 0/);
      writeFileSync(file, JSON.stringify({}));
      const w = await runCli(['early', '--config', file]);
      expect(w.code).toBe(2);
      expect(w.stderr).toMatch(/init\.kind: must be "overlaps"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
