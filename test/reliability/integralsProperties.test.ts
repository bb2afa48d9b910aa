/**
 * Property-based checks of the closed forms on random valid covariances, including exactly and
 * nearly singular ones (C = A·Aᵀ with A of rank r ≤ n, plus tiny diagonal perturbations):
 * finite results, |I2| ≤ 1 for erf, the symmetries I2(a,b) = I2(b,a), I4(a,b,c,d) = I4(b,a,c,d) =
 * I4(a,b,d,c), and bounds that follow from |g| < 1, 0 < g' ≤ √(2/π) for erf.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { I2, I3, I4, J2 } from '../../src/core/integrals.ts';

const N = 5;

/** n×n PSD covariance from an n×r factor with entries in [−2, 2], optional tiny jitter. */
const covariance = fc
  .record({
    r: fc.integer({ min: 1, max: N }),
    a: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: N * N, maxLength: N * N }),
    jitter: fc.constantFrom(0, 1e-300, 1e-14, 1e-8),
  })
  .map(({ r, a, jitter }) => {
    const C = new Float64Array(N * N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += a[i * N + k] * a[j * N + k];
        C[i * N + j] = s;
      }
      C[i * N + i] += jitter;
    }
    return C;
  });
const idx = fc.integer({ min: 0, max: N - 1 });

describe('closed-form integrals on random valid covariances', () => {
  it('I2 is finite, bounded by 1 and symmetric', () => {
    fc.assert(fc.property(covariance, idx, idx, (C, a, b) => {
      const v = I2(C, N, a, b);
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      expect(I2(C, N, b, a)).toBe(v);
    }), { numRuns: 2000 });
  });

  it('I4 is finite, symmetric in (a,b) and in (c,d), bounded by E[g′g′] ≤ 2/π', () => {
    fc.assert(fc.property(covariance, idx, idx, idx, idx, (C, a, b, c, d) => {
      const v = I4(C, N, a, b, c, d);
      expect(Number.isFinite(v)).toBe(true);
      // |g(c) g(d)| < 1 and g′g′ > 0, so |I4| ≤ J2(a,b); rounding slack 1e-12
      expect(Math.abs(v)).toBeLessThanOrEqual(J2(C, N, a, b) + 1e-12);
      expect(Math.abs(I4(C, N, a, b, d, c) - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
      expect(Math.abs(I4(C, N, b, a, c, d) - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
    }), { numRuns: 2000 });
  });

  it('I3 is finite and bounded by Cauchy–Schwarz: |E[g′(a) b g(c)]| ≤ √(2/π) √C_bb', () => {
    fc.assert(fc.property(covariance, idx, idx, idx, (C, a, b, c) => {
      const v = I3(C, N, a, b, c);
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v)).toBeLessThanOrEqual(Math.sqrt(2 / Math.PI) * Math.sqrt(C[b * N + b]) + 1e-12);
    }), { numRuns: 2000 });
  });

  it('J2 is finite and in (0, 2/π]', () => {
    fc.assert(fc.property(covariance, idx, idx, (C, a, b) => {
      const v = J2(C, N, a, b);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(2 / Math.PI + 1e-15);
    }), { numRuns: 2000 });
  });
});
