/**
 * Cubature point sets for the standard normal N(0, I_d): nodes z ∈ R^d with weights summing to 1.
 * Built once per backend (off the hot path); the hot loop reads them as flat Float64Arrays.
 *
 *   - Tensor Gauss–Hermite, n nodes per dimension (nᵈ points): exact for every monomial z^α
 *     with max_j α_j ≤ 2n − 1.
 *   - Smolyak sparse grid over Gauss–Hermite rules with m(i) = 2i − 1 nodes (i = 1, 2, …), by the
 *     combination technique (Wasilkowski & Woźniakowski 1995; Gerstner & Griebel 1998):
 *       A(q, d) = Σ_{q−d+1 ≤ |i| ≤ q} (−1)^{q−|i|} C(d−1, q−|i|) U^{i_1} ⊗ … ⊗ U^{i_d},  q = d + level,
 *     coinciding nodes of the blocks merged (the rules are not nested, only z_j = 0 is shared).
 *     Exact for z^α whenever Σ_j ⌈(α_j + 3)/4⌉ ≤ q (each U^i is exact to degree 4i − 3), i.e.
 *     for every total degree ≤ 4·level + 1. Some weights are negative.
 *
 * Both sets are symmetric under z → −z. `foldSymmetric` keeps one point of each ± pair with
 * twice its weight: exact for integrands that are even in z, at half the cost.
 */
import type { GaussHermiteTable } from './gaussHermite.ts';

export interface PointSet {
  /** dimension d */
  readonly dim: number;
  /** number of points */
  readonly count: number;
  /** count × dim, row-major */
  readonly nodes: Float64Array;
  /** count weights (Σ = 1) */
  readonly weights: Float64Array;
  /** what it is, e.g. "tensor Gauss–Hermite 16^4" */
  readonly description: string;
}

/** Largest point count a set may have (memory: count × dim doubles). */
export const MAX_POINTS = 4_000_000;

function checkCount(count: number, what: string): void {
  if (count > MAX_POINTS) throw new Error(`${what}: ${count} points exceed the limit ${MAX_POINTS}`);
}

/**
 * Tensor Gauss–Hermite rule with n nodes in each of d dimensions. `fold`: the half for even
 * integrands (file comment) — with the odometer order below, the mirror −z of point p is point
 * nᵈ − 1 − p (every digit d_j ↦ n − 1 − d_j), so p < mirror is kept with twice its weight.
 */
export function tensorPointSet(table: GaussHermiteTable, dim: number, n: number, fold = false): PointSet {
  const full = n ** dim;
  checkCount(full, `tensor Gauss–Hermite ${n}^${dim}`);
  const count = fold ? Math.ceil(full / 2) : full;
  const r = table.rule(n);
  const nodes = new Float64Array(count * dim);
  const weights = new Float64Array(count);
  const digit = new Int32Array(dim);
  for (let p = 0; p < count; p++) {
    let w = 1;
    for (let j = 0; j < dim; j++) {
      nodes[p * dim + j] = r.nodes[digit[j]];
      w *= r.weights[digit[j]];
    }
    weights[p] = fold && p < full - 1 - p ? 2 * w : w;
    // odometer, last dimension fastest
    for (let j = dim - 1; j >= 0; j--) {
      if (++digit[j] < n) break;
      digit[j] = 0;
    }
  }
  return { dim, count, nodes, weights, description: `tensor Gauss–Hermite ${n}^${dim}${fold ? ', folded (even integrand)' : ''}` };
}

/** nodes of the 1-D Smolyak rule of index i ≥ 1 */
export function smolyakNodes1d(i: number): number {
  return 2 * i - 1;
}

function binomial(n: number, k: number): number {
  let b = 1;
  for (let j = 1; j <= k; j++) b = (b * (n - k + j)) / j;
  return Math.round(b);
}

/** Accumulates weighted points, merging coinciding ones (key: the 1-D node identities). */
class PointAccumulator {
  private readonly index = new Map<string, number>();
  private readonly z: number[] = [];
  private readonly w: number[] = [];
  constructor(private readonly dim: number) {}

  add(key: string, z: ArrayLike<number>, w: number): void {
    // (a Map keyed by short strings: ~10× faster than by joined decimal strings)
    const at = this.index.get(key);
    if (at !== undefined) {
      this.w[at] += w;
      return;
    }
    this.index.set(key, this.w.length);
    for (let j = 0; j < this.dim; j++) this.z.push(z[j]);
    this.w.push(w);
  }

  /** the merged set, points whose weights cancelled to rounding dropped */
  build(description: string): PointSet {
    const { dim } = this;
    let scale = 0;
    for (const w of this.w) scale = Math.max(scale, Math.abs(w));
    const keep: number[] = [];
    for (let p = 0; p < this.w.length; p++) if (Math.abs(this.w[p]) > 1e-15 * scale) keep.push(p);
    const nodes = new Float64Array(keep.length * dim);
    const weights = new Float64Array(keep.length);
    keep.forEach((p, q) => {
      for (let j = 0; j < dim; j++) nodes[q * dim + j] = this.z[p * dim + j];
      weights[q] = this.w[p];
    });
    return { dim, count: keep.length, nodes, weights, description };
  }
}

/** Point count of the Smolyak set before merging (Σ over blocks of Π m(i_j)); cheap, for budgets. */
export function smolyakBlockPoints(dim: number, level: number): number {
  const q = dim + level;
  let total = 0;
  forEachIndex(dim, Math.max(dim, q - dim + 1), q, (i) => {
    let c = 1;
    for (let j = 0; j < dim; j++) c *= smolyakNodes1d(i[j]);
    total += c;
  });
  return total;
}

/**
 * Distinct points of the Smolyak set (before dropping weights that cancel to rounding), without
 * building it. The 1-D rules share only the centre z_j = 0 (every m(i) = 2i − 1 is odd), so a
 * point is, per dimension, either the centre or one of the 2r − 2 other nodes of rule r ≥ 2, and
 * it belongs to some block iff Σ_j max(r_j, 1) ≤ q = d + level. Counted by dynamic programming over
 * the dimensions.
 */
export function smolyakPointCount(dim: number, level: number): number {
  const q = dim + level;
  // ways[c] = number of partial points with cost c
  let ways = new Float64Array(q + 1);
  ways[0] = 1;
  for (let j = 0; j < dim; j++) {
    const next = new Float64Array(q + 1);
    for (let c = 0; c <= q; c++) {
      if (ways[c] === 0) continue;
      if (c + 1 <= q) next[c + 1] += ways[c]; // the centre
      for (let r = 2; c + r <= q; r++) next[c + r] += ways[c] * (2 * r - 2);
    }
    ways = next;
  }
  let total = 0;
  for (let c = 0; c <= q; c++) total += ways[c];
  return total;
}

/** calls f(i) for every multi-index i ≥ 1 with lo ≤ |i| ≤ hi (i reused) */
function forEachIndex(dim: number, lo: number, hi: number, f: (i: Int32Array) => void): void {
  const i = new Int32Array(dim).fill(1);
  const rec = (j: number, sum: number): void => {
    if (j === dim) {
      if (sum >= lo) f(i);
      return;
    }
    for (let v = 1; sum + v + (dim - j - 1) <= hi; v++) {
      i[j] = v;
      rec(j + 1, sum + v);
    }
    i[j] = 1;
  };
  rec(0, 0);
}

/**
 * Smolyak sparse grid of the given level (0: one point) over Gauss–Hermite rules, merged.
 * `fold`: the half for even integrands (file comment): each block point is replaced by its mirror
 * −z when the first non-zero coordinate of z is negative, so the pair merges into one point.
 */
export function smolyakPointSet(table: GaussHermiteTable, dim: number, level: number, fold = false): PointSet {
  const q = dim + level;
  const blockPoints = smolyakBlockPoints(dim, level);
  checkCount(blockPoints, `Smolyak level ${level} in ${dim} dimensions`);
  const acc = new PointAccumulator(dim);
  const z = new Float64Array(dim);
  const digit = new Int32Array(dim);
  // node identity: 0 for the shared centre, else a small integer per (rule, node), as one char
  const idOffset = new Int32Array(2 * q + 2);
  for (let i = 1, off = 1; 2 * i - 1 < idOffset.length; i++) {
    idOffset[2 * i - 1] = off;
    off += 2 * i - 1;
  }
  const ids = new Uint16Array(dim);
  forEachIndex(dim, Math.max(dim, q - dim + 1), q, (i) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += i[j];
    const coef = ((q - s) % 2 === 0 ? 1 : -1) * binomial(dim - 1, q - s);
    const rules = Array.from(i, (ij) => table.rule(smolyakNodes1d(ij)));
    let count = 1;
    for (const r of rules) count *= r.n;
    digit.fill(0);
    for (let p = 0; p < count; p++) {
      let w = coef;
      let mirror = false;
      let decided = !fold;
      for (let j = 0; j < dim; j++) {
        const r = rules[j];
        let dj = digit[j];
        if (!decided && 2 * dj + 1 !== r.n) {
          decided = true;
          mirror = 2 * dj + 1 < r.n; // first non-zero coordinate negative (nodes ascend)
        }
        if (mirror) dj = r.n - 1 - dj;
        z[j] = r.nodes[dj];
        w *= r.weights[dj];
        // the centre node of every odd rule is the same point z_j = 0
        ids[j] = 2 * dj + 1 === r.n ? 0 : idOffset[r.n] + dj;
      }
      acc.add(String.fromCharCode(...ids), z, w);
      for (let j = dim - 1; j >= 0; j--) {
        if (++digit[j] < rules[j].n) break;
        digit[j] = 0;
      }
    }
  });
  return acc.build(`Smolyak Gauss–Hermite level ${level} in ${dim} dimensions${fold ? ', folded (even integrand)' : ''}`);
}

/**
 * The half of any symmetric set that represents it for even integrands: of each pair ±z the one
 * whose first non-zero coordinate is positive, with the pair's total weight; z = 0 kept as is.
 * Generic and slow (decimal keys); the builders above fold structurally, this is their test oracle.
 */
export function foldSymmetric(s: PointSet): PointSet {
  const { dim } = s;
  const acc = new PointAccumulator(dim);
  const z = new Float64Array(dim);
  for (let p = 0; p < s.count; p++) {
    let sign = 0;
    for (let j = 0; j < dim && sign === 0; j++) {
      const v = s.nodes[p * dim + j];
      sign = v > 0 ? 1 : v < 0 ? -1 : 0;
    }
    if (sign === 0) sign = 1;
    let key = '';
    for (let j = 0; j < dim; j++) {
      z[j] = sign * s.nodes[p * dim + j];
      // nodes of one rule are exact mirrors (gaussHermiteRule symmetrises them), so the printed
      // value identifies a node; 17 significant digits round-trip a double
      key += `${z[j].toPrecision(17)},`;
    }
    acc.add(key, z, s.weights[p]);
  }
  return acc.build(`${s.description}, folded (even integrand)`);
}

/**
 * The rule for N(0, I) rescaled through z = s·u: nodes s·u_p, weights w_p·s^d·e^{(1−s²)|u_p|²/2}
 * (the density ratio φ(s u)/φ(u) times the Jacobian s^d), so Σ_p w'_p f(z'_p) ≈ E[f(z)] for the
 * same z ~ N(0, I). s < 1 absorbs Gaussian factors of the integrand such as g'(λ) = √(2/π)e^{−λ²/2}:
 * for f = e^{−σ²z²/2}, s² = 1/(1+σ²) makes the new integrand constant, while Gauss–Hermite on f
 * itself converges only like (σ²/(1+σ²))^n. Exactness for polynomials is lost (it holds for
 * p(z)·e^{−(1/s² − 1)|z|²/2} instead); the weights sum to 1 only approximately.
 */
export function scaledPointSet(s: PointSet, scale: number | ArrayLike<number>): PointSet {
  const { dim, count } = s;
  const sc = typeof scale === 'number' ? new Float64Array(dim).fill(scale) : Float64Array.from(scale);
  if (sc.every((v) => v === 1)) return s;
  const nodes = new Float64Array(count * dim);
  const weights = new Float64Array(count);
  let sd = 1;
  for (let j = 0; j < dim; j++) sd *= sc[j];
  for (let p = 0; p < count; p++) {
    let ex = 0;
    for (let j = 0; j < dim; j++) {
      const u = s.nodes[p * dim + j];
      ex += 0.5 * (1 - sc[j] * sc[j]) * u * u;
      nodes[p * dim + j] = sc[j] * u;
    }
    weights[p] = s.weights[p] * sd * Math.exp(ex);
  }
  const what = typeof scale === 'number' ? `${scale}` : `(${Array.from(sc).join(', ')})`;
  return { dim, count, nodes, weights, description: `${s.description}, scaled by ${what}` };
}
