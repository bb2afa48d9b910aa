/**
 * Cubature rules (src/core/cubature/): Gauss–Hermite nodes against mathjs `eigs` on the Jacobi
 * matrix (an independent eigen-solver), and every rule integrating exactly the polynomials it
 * claims: E[z^α] = Π_j (α_j − 1)!! for even α_j, 0 otherwise. Tolerances: the moments are sums of
 * n^d terms of size up to E[|z|^|α|]·(a few), so 1e-12 relative (with the moment's scale as the
 * floor for odd moments) leaves three orders of magnitude above double rounding; the "not exact
 * beyond the claim" checks need errors ≥ 1e-6, which a rule exact there would never show.
 */
import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { GaussHermiteTable, gaussHermiteRule } from '../../src/core/cubature/gaussHermite.ts';
import { tridiagonalEigen } from '../../src/core/linalg/symmetricEigen.ts';
import { foldSymmetric, scaledPointSet, smolyakPointCount, smolyakPointSet, tensorPointSet, type PointSet } from '../../src/core/cubature/pointSet.ts';

/** E[z^k], z ~ N(0, 1) */
function normalMoment(k: number): number {
  if (k % 2 === 1) return 0;
  let m = 1;
  for (let j = k - 1; j > 0; j -= 2) m *= j;
  return m;
}

/** Σ_p w_p z_p^α and the exact E[z^α] */
function moment(s: PointSet, alpha: number[]): { got: number; exact: number; scale: number } {
  let got = 0;
  for (let p = 0; p < s.count; p++) {
    let v = s.weights[p];
    for (let j = 0; j < s.dim; j++) v *= s.nodes[p * s.dim + j] ** alpha[j];
    got += v;
  }
  let exact = 1, scale = 1;
  for (const a of alpha) {
    exact *= normalMoment(a);
    scale *= normalMoment(a % 2 === 0 ? a : a + 1);
  }
  return { got, exact, scale };
}

/** every α with 0 ≤ α_j ≤ max */
function* multiIndices(dim: number, max: number): Generator<number[]> {
  const a = new Array(dim).fill(0);
  while (true) {
    yield a.slice();
    let j = dim - 1;
    while (j >= 0 && a[j] === max) a[j--] = 0;
    if (j < 0) return;
    a[j]++;
  }
}

describe('Gauss–Hermite rules (Golub–Welsch, own tridiagonal QL)', () => {
  it('nodes agree with mathjs eigs of the Jacobi matrix to 1e-13 (relative to the largest node), n = 1..40', () => {
    for (let n = 1; n <= 40; n++) {
      const J = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (Math.abs(i - j) === 1 ? Math.sqrt(Math.max(i, j)) : 0)));
      const ref = Array.from(eigs(J, { eigenvectors: false }).values as unknown as number[]).sort((a, b) => a - b);
      const r = gaussHermiteRule(n);
      const scale = Math.max(1, Math.abs(ref[0]));
      for (let i = 0; i < n; i++) expect(Math.abs(r.nodes[i] - ref[i]), `n=${n} node ${i}`).toBeLessThan(1e-13 * scale);
    }
  });

  it('weights are the squared first eigenvector components (mathjs eigenvectors), n = 2..20', () => {
    for (let n = 2; n <= 20; n++) {
      const J = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (Math.abs(i - j) === 1 ? Math.sqrt(Math.max(i, j)) : 0)));
      const res = eigs(J) as unknown as { eigenvectors: { value: number; vector: number[] }[] };
      const pairs = res.eigenvectors.map(({ value, vector }) => {
        const v = Array.from(vector as unknown as number[]);
        const norm = v.reduce((s, x) => s + x * x, 0);
        return [value, (v[0] * v[0]) / norm] as const;
      }).sort((a, b) => a[0] - b[0]);
      const r = gaussHermiteRule(n);
      for (let i = 0; i < n; i++) expect(Math.abs(r.weights[i] - pairs[i][1]), `n=${n} weight ${i}`).toBeLessThan(1e-13);
    }
  });

  it('integrates z^k exactly for k ≤ 2n − 1; misses E[z^{2n}] by exactly ‖He_n‖² = n!, n = 1..30', () => {
    for (let n = 1; n <= 30; n++) {
      const r = gaussHermiteRule(n);
      for (let k = 0; k <= 2 * n; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += r.weights[i] * r.nodes[i] ** k;
        const exact = normalMoment(k);
        const scale = normalMoment(k % 2 === 0 ? k : k + 1);
        if (k <= 2 * n - 1) expect(Math.abs(s - exact), `n=${n} k=${k}`).toBeLessThan(1e-12 * scale);
        // z^{2n} = He_n(z)² + (degree ≤ 2n − 1) and He_n vanishes at the nodes: the claim is tight
        else {
          let factorial = 1;
          for (let j = 2; j <= n; j++) factorial *= j;
          expect(Math.abs(exact - s - factorial), `n=${n} k=${k}`).toBeLessThan(1e-12 * scale);
        }
      }
    }
  });

  it('the QL solver handles a diagonal matrix and a split (zero off-diagonal) matrix', () => {
    const d = Float64Array.of(3, 1, 2), e = Float64Array.of(0, 0, 0), z = Float64Array.of(1, 0, 0);
    tridiagonalEigen(d, e, z, 1);
    expect(Array.from(d)).toEqual([3, 1, 2]);
    expect(Array.from(z)).toEqual([1, 0, 0]);
    const d2 = Float64Array.of(1, 1, 5, 5), e2 = Float64Array.of(1, 0, 2, 0), z2 = Float64Array.of(1, 0, 0, 0);
    tridiagonalEigen(d2, e2, z2, 1);
    expect(Array.from(d2).sort((a, b) => a - b).map((v) => +v.toFixed(12))).toEqual([0, 2, 3, 7]);
  });

  it('the table caches per node count and refuses bad counts', () => {
    const t = new GaussHermiteTable();
    expect(t.rule(7)).toBe(t.rule(7));
    expect(() => t.rule(0)).toThrow(/node count/);
    expect(() => t.rule(2.5)).toThrow(/node count/);
  });
});

describe('tensor and Smolyak point sets integrate the monomials they claim', () => {
  const table = new GaussHermiteTable();

  it('tensor n^d: exact for max_j α_j ≤ 2n − 1, not for α_j = 2n (d = 3, n = 2, 3, 5)', () => {
    for (const n of [2, 3, 5]) {
      const s = tensorPointSet(table, 3, n);
      expect(s.count).toBe(n ** 3);
      for (const a of multiIndices(3, 2 * n)) {
        const { got, exact, scale } = moment(s, a);
        if (Math.max(...a) <= 2 * n - 1) expect(Math.abs(got - exact), `n=${n} α=${a}`).toBeLessThan(1e-12 * scale);
        else if (a.every((x) => x % 2 === 0)) expect(Math.abs(got - exact) / scale, `n=${n} α=${a}`).toBeGreaterThan(1e-6);
      }
    }
  });

  it('Smolyak level ℓ in d dimensions: exact when Σ_j ⌈(α_j + 3)/4⌉ ≤ d + ℓ (d = 3, ℓ = 1..4; d = 4, ℓ = 1..3)', () => {
    for (const dim of [3, 4]) {
      for (let level = 1; level <= (dim === 3 ? 4 : 3); level++) {
        const s = smolyakPointSet(table, dim, level);
        const q = dim + level;
        let claimed = 0, beyond = 0;
        for (const a of multiIndices(dim, 4 * level + 2)) {
          const need = a.reduce((t, x) => t + Math.max(1, Math.ceil((x + 3) / 4)), 0);
          const { got, exact, scale } = moment(s, a);
          if (need <= q) {
            claimed++;
            expect(Math.abs(got - exact), `d=${dim} level=${level} α=${a}`).toBeLessThan(1e-12 * scale);
          } else if (a.every((x) => x % 2 === 0) && Math.abs(got - exact) / scale > 1e-6) beyond++;
        }
        expect(claimed).toBeGreaterThan(0);
        // the claim is not vacuous: some even moments just beyond it are wrong
        expect(beyond, `d=${dim} level=${level}`).toBeGreaterThan(0);
        // total degree 4ℓ + 1 is always covered
        expect(Math.abs(moment(s, [4 * level, ...new Array(dim - 1).fill(0)]).got - normalMoment(4 * level))).toBeLessThan(1e-12 * normalMoment(4 * level));
      }
    }
  });

  it('Smolyak weights sum to 1 and coinciding nodes are merged (fewer points than the blocks)', () => {
    const s = smolyakPointSet(table, 4, 5);
    let w = 0;
    for (let p = 0; p < s.count; p++) w += s.weights[p];
    expect(Math.abs(w - 1)).toBeLessThan(1e-13);
    const keys = new Set<string>();
    for (let p = 0; p < s.count; p++) keys.add(Array.from(s.nodes.subarray(p * 4, p * 4 + 4)).join(','));
    expect(keys.size).toBe(s.count);
    // the counting formula (used for budgets) matches the build; at most a few cancelled weights dropped
    for (const [d, l] of [[3, 5], [4, 5], [5, 4], [8, 3]]) {
      const built = smolyakPointSet(table, d, l).count, counted = smolyakPointCount(d, l);
      expect(built).toBeLessThanOrEqual(counted);
      expect(built).toBeGreaterThan(0.999 * counted);
    }
  });

  it('the folded sets (structural, and the generic oracle) give the same even moments at half the points', () => {
    const cases: [PointSet, PointSet][] = [
      [tensorPointSet(table, 3, 6), tensorPointSet(table, 3, 6, true)],
      [tensorPointSet(table, 2, 7), tensorPointSet(table, 2, 7, true)],
      [smolyakPointSet(table, 4, 4), smolyakPointSet(table, 4, 4, true)],
      [smolyakPointSet(table, 3, 5), smolyakPointSet(table, 3, 5, true)],
    ];
    for (const [s, folded] of cases) {
      const oracle = foldSymmetric(s);
      expect(folded.count, s.description).toBe(oracle.count);
      expect(folded.count).toBeLessThanOrEqual(Math.ceil(s.count / 2));
      for (const a of multiIndices(s.dim, 6)) {
        const m1 = moment(s, a), m2 = moment(folded, a), m3 = moment(oracle, a);
        if (a.reduce((t, x) => t + x, 0) % 2 === 1) continue; // odd moments: the folded set is not meant for them
        expect(Math.abs(m1.got - m2.got), `${s.description} α=${a}`).toBeLessThan(1e-13 * m1.scale);
        expect(Math.abs(m3.got - m2.got), `${s.description} α=${a}`).toBeLessThan(1e-13 * m1.scale);
      }
    }
  });

  it('the scaled set integrates E[f(z)] for the same z ~ N(0, I): exact on e^{−σ²|z|²/2} at s² = 1/(1+σ²)', () => {
    const sigma2 = 1.5, s = 1 / Math.sqrt(1 + sigma2);
    const scaled = scaledPointSet(tensorPointSet(table, 2, 3), s);
    let got = 0;
    for (let p = 0; p < scaled.count; p++) {
      const z0 = scaled.nodes[2 * p], z1 = scaled.nodes[2 * p + 1];
      got += scaled.weights[p] * Math.exp(-0.5 * sigma2 * (z0 * z0 + z1 * z1));
    }
    // E[e^{−σ²z²/2}] = (1+σ²)^{−1/2} per dimension
    expect(Math.abs(got - 1 / (1 + sigma2))).toBeLessThan(1e-15);
    // and the unscaled rule with the same 9 points is far off
    const plain = tensorPointSet(table, 2, 3);
    let g2 = 0;
    for (let p = 0; p < plain.count; p++) g2 += plain.weights[p] * Math.exp(-0.5 * sigma2 * (plain.nodes[2 * p] ** 2 + plain.nodes[2 * p + 1] ** 2));
    expect(Math.abs(g2 - 1 / (1 + sigma2))).toBeGreaterThan(1e-3);
  });
});
