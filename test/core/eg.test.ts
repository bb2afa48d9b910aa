/**
 * εg from the order parameters (eq. 24): against a plain Monte Carlo of ½E[(ŷ − y)²] with an
 * independent sampler, zero at the teacher solution, and the quadratic form of a linear network.
 */
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/core/activations.ts';
import { generalisationError } from '../../src/core/eg.ts';
import { covarianceOf } from '../../src/core/overlaps.ts';
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
