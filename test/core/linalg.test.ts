import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { isPositiveSemiDefinite, symmetricEigenvalues } from '../../src/core/linalg.ts';
import { Rng } from '../../src/core/rng.ts';

function randomSymmetric(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}
const sorted = (v: ArrayLike<number>) => Array.from(v).sort((x, y) => x - y);

describe('symmetric eigenvalues (Jacobi) against mathjs eigs', () => {
  it('agree to 1e-12 relative on random symmetric matrices, n = 1..12', () => {
    const rng = new Rng(7);
    for (let n = 1; n <= 12; n++) {
      for (let rep = 0; rep < 5; rep++) {
        const a = randomSymmetric(rng, n);
        const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
        const ref = sorted((eigs(rows, { eigenvectors: false }).values as unknown as { toArray?: () => number[] }).toArray?.() ?? (eigs(rows, { eigenvectors: false }).values as unknown as number[]));
        const got = sorted(symmetricEigenvalues(a, n));
        const scale = Math.max(...ref.map(Math.abs));
        for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-12 * scale * n);
      }
    }
  });

  it('judges PSD: Gram matrices (also rank-deficient) yes, indefinite ones no', () => {
    const rng = new Rng(3);
    const n = 6;
    for (const r of [1, 3, 6]) {
      const f = new Float64Array(n * r);
      rng.fillNormal(f, 0, n * r);
      const g = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < r; k++) g[i * n + j] += f[i * r + k] * f[j * r + k];
      expect(isPositiveSemiDefinite(g, n).ok).toBe(true);
    }
    // [[0,1],[1,0]] has eigenvalues ±1 although its diagonal is ≥ 0 (a plain Cholesky would pass it)
    const swap = isPositiveSemiDefinite(new Float64Array([0, 1, 1, 0]), 2);
    expect(swap.ok).toBe(false);
    expect(swap.minEig).toBeCloseTo(-1, 14);
    expect(isPositiveSemiDefinite(new Float64Array([1, 2, 2, 1]), 2).ok).toBe(false);
  });
});
