/**
 * εg from the order parameters (eq. 24): against a plain Monte Carlo of ½E[(ŷ − y)²] with an
 * independent sampler, zero at the teacher solution, and the quadratic form of a linear network.
 */
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/core/activations.ts';
import { generalisationError } from '../../src/core/eg.ts';
import { covarianceOf, type Overlaps } from '../../src/core/overlaps.ts';
import { pairAverage, unitKind } from '../../src/core/integrals.ts';
import { gaussianMeans, randomSpd, TestRng, randomOverlaps } from './gaussianMc.ts';

const erf = activation('erf');
const lin = activation('linear');


describe('generalisationError (eq. 24)', () => {
  for (const [label, s, t] of [['erf/erf', erf, erf], ['erf/linear', erf, lin], ['linear/erf', lin, erf]] as const) {
    it(`matches ½E[e²] by 4·10⁵-sample Monte Carlo (${label}, K = 3, M = 2)`, () => {
      const K = 3, M = 2, n = K + M + 1;
      const o = randomOverlaps(K, M, 11);
      const C = covarianceOf(o);
      const { mean, se } = gaussianMeans(C, n, 1, 400_000, 5, (x, out) => {
        let e = 0;
        for (let k = 0; k < K; k++) e += o.W2[k] * s.g(x[k]);
        for (let m = 0; m < M; m++) e -= o.W2t[m] * t.g(x[K + m]);
        out[0] = 0.5 * e * e;
      });
      // 5 standard errors: a correct formula fails with probability < 1e-6
      expect(Math.abs(generalisationError(o, s, t) - mean[0])).toBeLessThan(5 * se[0]);
    });
  }

  it('is zero at the teacher solution (K = M, Q = R = T, W2 = W̃2)', () => {
    const o = randomOverlaps(3, 3, 3);
    o.R.set(o.T);
    o.Q.set(o.T);
    o.W2.set(o.W2t);
    expect(Math.abs(generalisationError(o, erf, erf))).toBeLessThan(1e-15);
    expect(Math.abs(generalisationError(o, lin, lin))).toBeLessThan(1e-15);
  });

  it('linear network: εg = ½(W2ᵀQW2 − 2W2ᵀRW̃2 + W̃2ᵀTW̃2)', () => {
    const K = 2, M = 3;
    const o = randomOverlaps(K, M, 9);
    let s = 0;
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) s += o.W2[k] * o.Q[k * K + l] * o.W2[l];
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) s -= 2 * o.W2[k] * o.R[k * M + m] * o.W2t[m];
    for (let m = 0; m < M; m++) for (let q = 0; q < M; q++) s += o.W2t[m] * o.T[m * M + q] * o.W2t[q];
    expect(generalisationError(o, lin, lin)).toBeCloseTo(0.5 * s, 13);
  });
});

/** ½ Σ_ab w_a w_b I2(a,b) summed term by term (eq. 24 as written), and Σ |terms| (its rounding scale). */
function termByTerm(o: Overlaps): { sum: number; scale: number } {
  const { K, M } = o;
  const n = K + M + 1;
  const C = covarianceOf(o);
  const w = [...o.W2, ...Array.from(o.W2t, (v) => -v)];
  const kind = unitKind(erf)!;
  let sum = 0, scale = 0;
  for (let a = 0; a < K + M; a++) {
    for (let b = 0; b < K + M; b++) {
      const t = 0.5 * w[a] * w[b] * pairAverage(C[a * n + a], C[b * n + b], C[a * n + b], kind, kind);
      sum += t;
      scale += Math.abs(t);
    }
  }
  return { sum, scale };
}

describe('εg is never negative (issue 15)', () => {
  it('equals the term-by-term sum of eq. 24 to rounding on generic states', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const o = randomOverlaps(3, 2, seed);
      const { sum, scale } = termByTerm(o);
      // both are exact to a few ulps of the largest term
      expect(Math.abs(generalisationError(o, erf, erf) - sum)).toBeLessThan(1e-14 * scale);
    }
  });

  it('at the teacher solution pushed 1e-12 off the PSD cone: ≥ 0 where the term-by-term sum is negative', () => {
    // K = M = 2, Q = R = T = I, W2 = W̃2: εg = 0; R_11 = 1 + 1e-12 makes C indefinite, as an
    // integrator's rounding does near convergence (εg = −2.46e-13 was printed on a BP run)
    const o = randomOverlaps(2, 2, 4);
    const I = [1, 0, 0, 1];
    o.Q.set(I); o.R.set(I); o.T.set(I); o.W2.set([1, 1]); o.W2t.set([1, 1]);
    o.f.fill(0); o.ft.fill(0); o.qf = 1;
    expect(generalisationError(o, erf, erf)).toBeGreaterThanOrEqual(0);
    expect(generalisationError(o, erf, erf)).toBeLessThan(1e-30);
    o.R[0] = 1 + 1e-12;
    const { sum } = termByTerm(o);
    expect(sum).toBeLessThan(-1e-13); // what the old formula returned: −(2/π)·(1/2)/√(3/4)·1e-12 ≈ −3.7e-13
    const eg = generalisationError(o, erf, erf);
    expect(eg).toBeGreaterThanOrEqual(0);
    // what the dropped (non-PSD) part may hide is bounded by the state's own error
    expect(eg).toBeLessThan(1e-12);
  });

  it('stays ≥ 0 on states scattered 1e-10 around the K = 3, M = 2 teacher solution (unit 3 idle)', () => {
    const rng = new TestRng(7);
    let negativeSums = 0;
    for (let trial = 0; trial < 200; trial++) {
      const o = randomOverlaps(3, 2, 5);
      o.Q.fill(0); o.R.fill(0); o.T.set([1, 0, 0, 1]);
      o.Q[0] = 1; o.Q[4] = 1; o.Q[8] = 0.7; o.R[0] = 1; o.R[3] = 1;
      o.W2.set([1, 1, 0]); o.W2t.set([1, 1]); o.f.fill(0); o.ft.fill(0); o.qf = 1;
      for (const a of [o.Q, o.R, o.W2]) for (let i = 0; i < a.length; i++) a[i] += 1e-10 * rng.normal();
      for (let k = 0; k < 3; k++) for (let l = 0; l < k; l++) o.Q[k * 3 + l] = o.Q[l * 3 + k];
      if (termByTerm(o).sum < 0) negativeSums++;
      expect(generalisationError(o, erf, erf)).toBeGreaterThanOrEqual(0);
    }
    expect(negativeSums).toBeGreaterThan(10); // the states do probe the problem
  });
});


describe('one εg route: the public function is what a solve reports', () => {
  // relu has no closed form: both go through the averaging backend of the same settings
  // (src/core/eg.ts egEvaluator); before, the public function ran its own Monte Carlo
  for (const averages of ['cubature', 'mc'] as const) {
    it(`relu, averages "${averages}": generalisationError = solveTheory's εg at t = 0 (bitwise)`, async () => {
      const { parseConfig } = await import('../../src/core/config.ts');
      const { theoryProblemOf } = await import('../../src/app/fromConfig.ts');
      const { solveTheory } = await import('../../theory/solve.ts');
      const config = parseConfig({ rule: 'bp', activation: 'relu', teacherActivation: 'relu', tmax: 1, points: 2, theory: { averages, mcSamples: 4000, rtol: 1e-6 } });
      const problem = theoryProblemOf(config);
      const sol = solveTheory(problem, { averages, mcSamples: 4000, rtol: 1e-6 });
      const relu = activation('relu');
      const settings = averages === 'mc' ? { averages, mcSamples: 4000 } : { averages };
      expect(generalisationError(problem.initial, relu, relu, settings)).toBe(sol.eg[0]);
    });
  }
});
