/**
 * Test-only brute-force Gaussian averages: an independent seeded sampler (sfc32 + Box–Muller,
 * not the project's Rng), Cholesky factor, and running means with standard errors. Used to
 * check the closed forms of src/core/integrals.ts and the RHS against plain sampling.
 */

import { covarianceOf, emptyOverlaps, type Overlaps } from '../../src/core/overlaps.ts';
import type { RuleId } from '../../src/core/rules/index.ts';
import { theoryProblem } from '../../theory/problem.ts';
import { GeneralOdeIntegrand } from '../../theory/rhsGeneral.ts';
import { odeSystem } from '../../theory/state.ts';

/** sfc32 (Chris Doty-Humphrey's small fast counter), 32-bit state words. */
export class TestRng {
  private a: number; private b: number; private c: number; private d: number;
  private spare = NaN;
  constructor(seed: number) {
    this.a = 0x9e3779b9; this.b = 0x243f6a88; this.c = 0xb7e15162; this.d = seed >>> 0;
    for (let i = 0; i < 20; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** uniform in (0, 1) with 53 random bits */
  uniform(): number {
    const hi = this.u32() >>> 5, lo = this.u32() >>> 6;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const th = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }
}

/** A random symmetric positive-definite n×n matrix with O(1) entries: A Aᵀ/(n+2) + δ I. */
export function randomSpd(n: number, rng: TestRng, delta = 0.1, scale = 1): Float64Array {
  const m = n + 2;
  const A = new Float64Array(n * m);
  for (let i = 0; i < A.length; i++) A[i] = rng.normal();
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += A[i * m + k] * A[j * m + k];
      C[i * n + j] = (scale * s) / m + (i === j ? delta : 0);
    }
  }
  return C;
}

/** Lower Cholesky factor of an SPD matrix (row-major). */
export function cholesky(C: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = C[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j];
    }
  }
  return L;
}

/**
 * Monte Carlo means and standard errors of q quantities: `f(x, out)` writes the q integrands for
 * one sample x ~ N(0, C) into out.
 */
export function gaussianMeans(C: Float64Array, n: number, q: number, samples: number, seed: number, f: (x: Float64Array, out: Float64Array) => void): { mean: Float64Array; se: Float64Array } {
  const L = cholesky(C, n);
  const rng = new TestRng(seed);
  const z = new Float64Array(n), x = new Float64Array(n), out = new Float64Array(q);
  const s1 = new Float64Array(q), s2 = new Float64Array(q);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) z[i] = rng.normal();
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let k = 0; k <= i; k++) v += L[i * n + k] * z[k];
      x[i] = v;
    }
    f(x, out);
    for (let j = 0; j < q; j++) {
      s1[j] += out[j];
      s2[j] += out[j] * out[j];
    }
  }
  const mean = new Float64Array(q), se = new Float64Array(q);
  for (let j = 0; j < q; j++) {
    mean[j] = s1[j] / samples;
    se[j] = Math.sqrt(Math.max(0, s2[j] / samples - mean[j] * mean[j]) / samples);
  }
  return { mean, se };
}

/** Overlaps whose covariance C (fields λ, ν, ρ) is a random SPD matrix, with random W2, W̃2. */
export function randomOverlaps(K: number, M: number, seed: number): Overlaps {
  const rng = new TestRng(seed);
  const n = K + M + 1;
  const C = randomSpd(n, rng);
  const o = emptyOverlaps(K, M);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) o.Q[k * K + l] = C[k * n + l];
    for (let m = 0; m < M; m++) o.R[k * M + m] = C[k * n + K + m];
    o.f[k] = C[k * n + K + M];
    o.W2[k] = rng.normal();
  }
  for (let m = 0; m < M; m++) {
    for (let q = 0; q < M; q++) o.T[m * M + q] = C[(K + m) * n + K + q];
    o.ft[m] = C[(K + m) * n + K + M];
    o.W2t[m] = rng.normal();
  }
  o.qf = C[n * n - 1];
  return o;
}

/**
 * A generic K = M = 2 state away from any symmetric point (fixed Q, R, T, W2), with the teacher's
 * second layer and the feedback overlaps given by the test.
 */
export function genericK2M2State(v: { W2t: number[]; f: number[]; ft: number[]; qf: number }): Overlaps {
  const o = emptyOverlaps(2, 2);
  o.Q.set([1.2, 0.3, 0.3, 0.8]);
  o.R.set([0.5, -0.2, 0.1, 0.6]);
  o.T.set([1, 0.1, 0.1, 1.1]);
  o.W2.set([0.7, -0.4]);
  o.W2t.set(v.W2t);
  o.f.set(v.f);
  o.ft.set(v.ft);
  o.qf = v.qf;
  return o;
}

/** ∞-norm error relative to the ∞-norm of the reference */
export function relErr(a: Float64Array, ref: Float64Array): number {
  let d = 0, s = 0;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i] - ref[i]));
    s = Math.max(s, Math.abs(ref[i]));
  }
  return d / s;
}

/**
 * The general ODE integrand of a rule (erf units, η = 0.7, η₂ = 0.4) at the random PSD state
 * randomOverlaps(K, K, seed), its state set, with the covariance C of the fields: what the
 * per-average accuracy tests and bench/scale.ts average.
 */
export function randomStateIntegrand(K: number, seed: number, rule: RuleId = 'pepita', noise = 0): { o: Overlaps; integrand: GeneralOdeIntegrand; C: Float64Array } {
  const o = randomOverlaps(K, K, seed);
  const sys = odeSystem(theoryProblem({
    setup: { rule, eta: 0.7, eta2: 0.4, noise, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null },
    initial: o, times: [0, 1],
  }));
  const integrand = new GeneralOdeIntegrand(sys);
  integrand.setState(o);
  return { o, integrand, C: covarianceOf(o) };
}
