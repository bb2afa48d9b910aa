/**
 * Gauss–Hermite rules for the standard normal weight (probabilists' Hermite): n nodes x_i and
 * weights w_i with Σ_i w_i p(x_i) = E[p(Z)], Z ~ N(0, 1), exact for every polynomial of degree
 * ≤ 2n − 1.
 *
 * Route (Golub & Welsch, Math. Comp. 23, 1969): the nodes are the eigenvalues of the Jacobi
 * matrix of the monic recurrence He_{k+1}(x) = x He_k(x) − k He_{k−1}(x) (zero diagonal,
 * off-diagonal √k, k = 1..n−1) and the weights are the squared first components of its
 * normalised eigenvectors. The symmetric tridiagonal eigenproblem is solved by implicit QL with
 * Wilkinson shifts (the package's symmetric eigen-solver, src/core/linalg/symmetricEigen.ts), then each node is polished by one
 * Newton step on the orthonormal recurrence and its weight recomputed as the Christoffel number
 * w = 1/Σ_{k<n} p_k(x)², which keeps full relative accuracy in the tiny tail weights where the
 * squared eigenvector component has only absolute accuracy.
 *
 * Why not mathjs `eigs`: importing mathjs costs about a second of start-up (see
 * src/core/linalg/symmetricEigen.ts); it stays the independent oracle in test/core/cubatureRules.test.ts.
 * Cost: O(n²) per rule, microseconds for the n ≤ 64 used here.
 */
import { tridiagonalEigen } from '../linalg/symmetricEigen.ts';

/** Largest node count accepted (tail weights ~e^{−2n} stay far above the double underflow). */
export const MAX_GAUSS_HERMITE_NODES = 200;

/** An n-point Gauss–Hermite rule for N(0, 1), nodes ascending, exactly symmetric. */
export interface GaussHermiteRule {
  readonly n: number;
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/** Orthonormal Hermite values p_{n−1}(x), p_n(x) and Σ_{k<n} p_k(x)² (p_k = He_k/√k!). */
function orthonormalAt(x: number, n: number, out: Float64Array): void {
  let pPrev = 0;
  let p = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += p * p;
    // p_{k+1} = (x p_k − √k p_{k−1}) / √(k+1)
    const next = (x * p - Math.sqrt(k) * pPrev) / Math.sqrt(k + 1);
    pPrev = p;
    p = next;
  }
  out[0] = pPrev; // p_{n−1}
  out[1] = p; // p_n
  out[2] = sum;
}

/** The n-point rule (computed, not cached: see GaussHermiteTable for a cache). */
export function gaussHermiteRule(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1 || n > MAX_GAUSS_HERMITE_NODES) {
    throw new Error(`Gauss–Hermite: node count must be an integer in 1..${MAX_GAUSS_HERMITE_NODES} (got ${n})`);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let k = 1; k < n; k++) e[k - 1] = Math.sqrt(k);
  // the eigenvalues only: the weights come from the Christoffel numbers below
  tridiagonalEigen(d, e, new Float64Array(0), 0);
  const order = Array.from(d.keys()).sort((a, b) => d[a] - d[b]);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const v = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    let x = d[order[i]];
    // one Newton step on p_n (p_n' = √n p_{n−1}); Golub–Welsch is already within a few ulps
    orthonormalAt(x, n, v);
    if (v[0] !== 0) x -= v[1] / (Math.sqrt(n) * v[0]);
    orthonormalAt(x, n, v);
    nodes[i] = x;
    weights[i] = 1 / v[2];
  }
  // exact symmetry x_i = −x_{n−1−i}, w_i = w_{n−1−i} (odd moments vanish to rounding), x = 0 for odd n
  for (let i = 0; i < n >> 1; i++) {
    const j = n - 1 - i;
    const x = 0.5 * (nodes[j] - nodes[i]);
    const w = 0.5 * (weights[i] + weights[j]);
    nodes[i] = -x;
    nodes[j] = x;
    weights[i] = w;
    weights[j] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  // normalise Σ w = 1 (a probability rule) against the last rounding
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  for (let i = 0; i < n; i++) weights[i] /= sum;
  return { n, nodes, weights };
}

/**
 * A cache of Gauss–Hermite rules by node count, owned by its caller (one per backend, no module
 * state): `new GaussHermiteTable().rule(16)`.
 */
export class GaussHermiteTable {
  private readonly rules = new Map<number, GaussHermiteRule>();

  rule(n: number): GaussHermiteRule {
    let r = this.rules.get(n);
    if (r === undefined) {
      r = gaussHermiteRule(n);
      this.rules.set(n, r);
    }
    return r;
  }
}
