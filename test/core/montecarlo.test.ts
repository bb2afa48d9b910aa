/**
 * The Monte Carlo engine against independent routes: exact covariances, the erf closed form
 * (eq. 26), the ReLU arc-cosine kernel, exact matrix identities for the Cholesky factor, and the
 * 1/√n law of the error.
 */
import { genericK2M2State } from './gaussianMc.ts';
import { describe, expect, it } from 'vitest';
import { linearRegression } from 'simple-statistics';
import { activation } from '../../src/core/activations.ts';
import { NumericalError } from '../../src/core/errors.ts';
import { generalisationError } from '../../src/core/eg.ts';
import { choleskyPsd, SINGULAR_JITTER } from '../../src/core/linalg/cholesky.ts';
import { GaussianAverager, NormalBank, type McEstimate } from '../../src/core/montecarlo.ts';
import type { Activation } from '../../src/core/activations.ts';
import { covarianceOf, type Overlaps } from '../../src/core/overlaps.ts';

const erfAct = activation('erf');
const relu = activation('relu');

/** A generic K = M = 2 state (not at a symmetric point) with a PSD covariance. */
function sampleState(): Overlaps {
  return genericK2M2State({ W2t: [1, 1], f: [0.2, -0.1], ft: [0.15, 0.05], qf: 1 });
}

function lowerTimesTranspose(L: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += L[i * n + k] * L[j * n + k];
    out[i * n + j] = s;
  }
  return out;
}

describe('NormalBank', () => {
  it('is determined by its seed and holds standard normals (exactly whitened when moment-matched)', () => {
    const a = new NormalBank(3, 20_000, 7);
    const b = new NormalBank(3, 20_000, 7);
    const c = new NormalBank(3, 20_000, 8);
    expect(a.pairs).toBe(10_000);
    expect(a.samples).toBe(20_000);
    expect(Array.from(a.z.subarray(0, 30))).toEqual(Array.from(b.z.subarray(0, 30)));
    expect(a.z[0]).not.toBe(c.z[0]);
    let m = 0, v = 0;
    for (const x of a.z) { m += x; v += x * x; }
    m /= a.z.length;
    v /= a.z.length;
    // 30 000 normals: sd of the mean 0.0058, of the variance 0.0082; 5 sd bounds
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.041);
    // moment matching: (1/pairs) Σ z zᵀ = I to rounding; the raw bank is not whitened
    const raw = new NormalBank(3, 20_000, 7, false);
    let s01 = 0, s11 = 0, r01 = 0;
    for (let p = 0; p < a.pairs; p++) {
      s01 += a.z[3 * p] * a.z[3 * p + 1];
      s11 += a.z[3 * p + 1] ** 2;
      r01 += raw.z[3 * p] * raw.z[3 * p + 1];
    }
    expect(Math.abs(s01 / a.pairs)).toBeLessThan(1e-13);
    expect(Math.abs(s11 / a.pairs - 1)).toBeLessThan(1e-13);
    expect(Math.abs(r01 / a.pairs)).toBeGreaterThan(1e-6);
  });
});

describe('choleskyPsd', () => {
  it('factors a positive-definite covariance exactly (L Lᵀ = C to rounding)', () => {
    const C = covarianceOf(sampleState());
    const n = 5;
    const L = new Float64Array(n * n);
    expect(choleskyPsd(C, n, L)).toBe(0);
    const back = lowerTimesTranspose(L, n);
    for (let i = 0; i < n * n; i++) expect(back[i]).toBeCloseTo(C[i], 13);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(L[i * n + j]).toBe(0);
  });

  it('jitters an exactly singular covariance (ρ = λ1 + λ2) by the documented amount only', () => {
    // fields λ1, λ2, ρ with ρ = λ1 + λ2: C is PSD with a zero eigenvalue
    const q11 = 1.2, q12 = 0.3, q22 = 0.8;
    const C = Float64Array.from([q11, q12, q11 + q12, q12, q22, q12 + q22, q11 + q12, q12 + q22, q11 + 2 * q12 + q22]);
    const L = new Float64Array(9);
    expect(choleskyPsd(C, 3, L)).toBe(1);
    const back = lowerTimesTranspose(L, 3);
    const scale = C[8];
    // the only change is ≤ SINGULAR_JITTER·scale (+ rounding) on the singular pivot
    for (let i = 0; i < 9; i++) expect(Math.abs(back[i] - C[i])).toBeLessThan(2 * SINGULAR_JITTER * scale + 1e-14);
  });

  it('rejects a covariance that is not PSD with a NumericalError naming the pivot', () => {
    // |R| > √(Q T): correlation 1.5
    const C = Float64Array.from([1, 1.5, 1.5, 1]);
    const L = new Float64Array(4);
    let err: unknown;
    try { choleskyPsd(C, 2, L, 12.5); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(NumericalError);
    const ne = err as NumericalError;
    expect(ne.t).toBe(12.5);
    expect(ne.quantity).toBe('covariance');
    expect(ne.message).toMatch(/covariance not positive semi-definite/);
    expect(ne.message).toMatch(/smallest pivot -1\.250e\+0/);
    expect(() => choleskyPsd(Float64Array.from([1, Number.NaN, Number.NaN, 1]), 2, L)).toThrow(NumericalError);
  });
});

describe('GaussianAverager', () => {
  it('reproduces the covariance and the erf closed form within a few standard errors', () => {
    const o = sampleState();
    const C = covarianceOf(o);
    const avg = new GaussianAverager(5, 1, 40_000, 3);
    avg.setCovariance(C);
    // the bank is moment-matched: second moments E[x_i x_j] = C_ij are exact to rounding, which
    // checks the Cholesky map and the whitening together (the extra column is independent N(0,1))
    for (const [i, j] of [[0, 1], [0, 2], [1, 4], [4, 4]]) {
      expect(Math.abs(avg.average((x) => x[i] * x[j]).mean - C[i * 5 + j])).toBeLessThan(1e-12);
    }
    expect(Math.abs(avg.average((x) => x[5] * x[5] + x[5] * x[0]).mean - 1)).toBeLessThan(1e-12);
    // a fourth moment is not matched: Isserlis E[x0² x2²] = C00 C22 + 2 C02², within 4 SE
    const iss = avg.average((x) => x[0] * x[0] * x[2] * x[2]);
    expect(iss.stdErr).toBeGreaterThan(0);
    expect(Math.abs(iss.mean - (C[0] * C[12] + 2 * C[2] * C[2]))).toBeLessThan(4 * iss.stdErr);
    // I2 for erf (eq. 26)
    const g = erfAct.g;
    const i2 = (2 / Math.PI) * Math.asin(C[2] / Math.sqrt((1 + C[0]) * (1 + C[12])));
    const est = avg.average((x) => g(x[0]) * g(x[2]));
    expect(Math.abs(est.mean - i2)).toBeLessThan(4 * est.stdErr);
  });
});

/** εg = ½E[(ŷ − y)²] (noiseless teacher) by the general-purpose averager, with its standard error. */
function egMonteCarloWithError(o: Overlaps, student: Activation, teacher: Activation, opts: { samples: number; seed: number }): McEstimate {
  const { K, M } = o;
  const avg = new GaussianAverager(K + M + 1, 0, opts.samples, opts.seed);
  avg.setCovariance(covarianceOf(o));
  return avg.average((x) => {
    let e = 0;
    for (let k = 0; k < K; k++) e += o.W2[k] * student.g(x[k]);
    for (let m = 0; m < M; m++) e -= o.W2t[m] * teacher.g(x[K + m]);
    return 0.5 * e * e;
  }, student.odd && teacher.odd);
}

describe('GaussianAverager on εg', () => {
  it('matches the erf closed form (eq. 24/26) within 4 standard errors', () => {
    const o = sampleState();
    const exact = generalisationError(o, erfAct, erfAct);
    const est = egMonteCarloWithError(o, erfAct, erfAct, { samples: 100_000, seed: 11 });
    expect(est.stdErr).toBeGreaterThan(0);
    expect(Math.abs(est.mean - exact)).toBeLessThan(4 * est.stdErr);
  });

  it('matches the ReLU arc-cosine kernel for a ReLU student and teacher', () => {
    // E[relu(a) relu(b)] = √(C_aa C_bb)/(2π) (sin θ + (π − θ) cos θ), cos θ = C_ab/√(C_aa C_bb)
    const o = sampleState();
    const C = covarianceOf(o);
    const n = 5;
    const kernel = (a: number, b: number) => {
      const s = Math.sqrt(C[a * n + a] * C[b * n + b]);
      const th = Math.acos(Math.max(-1, Math.min(1, C[a * n + b] / s)));
      return (s / (2 * Math.PI)) * (Math.sin(th) + (Math.PI - th) * Math.cos(th));
    };
    const w = [o.W2[0], o.W2[1], -o.W2t[0], -o.W2t[1]];
    let exact = 0;
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) exact += 0.5 * w[a] * w[b] * kernel(a, b);
    const est = egMonteCarloWithError(o, relu, relu, { samples: 100_000, seed: 5 });
    expect(Math.abs(est.mean - exact)).toBeLessThan(4 * est.stdErr);
  });

  it('has an error that falls like 1/√n, and a reported standard error that matches it', () => {
    const o = sampleState();
    const exact = generalisationError(o, erfAct, erfAct);
    const ns = [1000, 4000, 16_000, 64_000];
    const seeds = 16;
    const points: [number, number][] = [];
    const ratios: number[] = [];
    for (const n of ns) {
      let sq = 0, se2 = 0;
      for (let s = 0; s < seeds; s++) {
        const est = egMonteCarloWithError(o, erfAct, erfAct, { samples: n, seed: 1000 + s });
        sq += (est.mean - exact) ** 2;
        se2 += est.stdErr ** 2;
      }
      const rms = Math.sqrt(sq / seeds);
      points.push([Math.log(n), Math.log(rms)]);
      ratios.push(rms / Math.sqrt(se2 / seeds));
    }
    const { m } = linearRegression(points);
    // an RMS over 16 seeds has ≈ 1/√32 ≈ 18 % relative spread, i.e. ±0.18 in log; over a log-range
    // of ln 64 ≈ 4.2 (4 points) the slope's spread is ≈ 0.06, so ±0.18 is a 3-sd window around −½
    expect(m).toBeGreaterThan(-0.68);
    expect(m).toBeLessThan(-0.32);
    // the reported standard error (control-variate form on the moment-matched bank) estimates the
    // actual RMS error: each ratio has ≈ 18 % spread, so [0.5, 1.7] is a ≈ 3-sd window
    for (const r of ratios) {
      expect(r).toBeGreaterThan(0.5);
      expect(r).toBeLessThan(1.7);
    }
  });
});
