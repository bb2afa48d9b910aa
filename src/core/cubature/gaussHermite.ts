/**
 * Gauss–Hermite rules for the standard normal weight (probabilists' Hermite): n nodes x_i and
 * weights w_i with Σ_i w_i p(x_i) = E[p(Z)], Z ~ N(0, 1), exact for every polynomial of degree
 * ≤ 2n − 1.
 *
 * Route (Golub & Welsch, Math. Comp. 23, 1969): the nodes are the eigenvalues of the Jacobi
 * matrix of the monic recurrence He_{k+1}(x) = x He_k(x) − k He_{k−1}(x) (zero diagonal,
 * off-diagonal √k, k = 1..n−1) and the weights are the squared first components of its
 * normalised eigenvectors. The symmetric tridiagonal eigenproblem is solved by implicit QL with
 * Wilkinson shifts (tracking only the first eigenvector row), then each node is polished by one
 * Newton step on the orthonormal recurrence and its weight recomputed as the Christoffel number
 * w = 1/Σ_{k<n} p_k(x)², which keeps full relative accuracy in the tiny tail weights where the
 * squared eigenvector component has only absolute accuracy.
 *
 * Why not mathjs `eigs`: importing mathjs costs about a second of start-up (see
 * src/core/linalg.ts); it stays the independent oracle in test/core/cubatureRules.test.ts.
 * Cost: O(n²) per rule, microseconds for the n ≤ 64 used here.
 */

/** Largest node count accepted (tail weights ~e^{−2n} stay far above the double underflow). */
export const MAX_GAUSS_HERMITE_NODES = 200;

/** An n-point Gauss–Hermite rule for N(0, 1), nodes ascending, exactly symmetric. */
export interface GaussHermiteRule {
  readonly n: number;
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e[i] coupling i and
 * i+1, e[n−1] unused) and the first components z of its normalised eigenvectors, in place:
 * d ← eigenvalues, z ← first components. Implicit QL with Wilkinson shifts.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, z: Float64Array): void {
  const n = d.length;
  z.fill(0);
  z[0] = 1;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter === 60) throw new Error(`tridiagonalEigen: no convergence for eigenvalue ${l}`);
      // Wilkinson shift from the leading 2×2 block
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: the matrix split, restart on the smaller block
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // the same plane rotation applied to the first row of the eigenvector matrix
        const zi1 = z[i + 1];
        z[i + 1] = s * z[i] + c * zi1;
        z[i] = c * z[i] - s * zi1;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
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
  const z = new Float64Array(n);
  for (let k = 1; k < n; k++) e[k - 1] = Math.sqrt(k);
  tridiagonalEigen(d, e, z);
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
