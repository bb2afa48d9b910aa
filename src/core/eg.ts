/**
 * Generalisation error from the order parameters (paper eq. 24, noiseless teacher):
 *   εg = ½ Σ_{a,b} w_a w_b I2(a,b),  w = (W2, −W̃2) over the K student and M teacher units,
 * i.e. ½ Σ_kl W2_k W2_l I2(k,l) + ½ Σ_mn W̃2_m W̃2_n I2(m,n) − Σ_km W2_k W̃2_m I2(k,m).
 * Closed form when both activations have one (erf, linear); otherwise the Monte Carlo engine.
 * The fields are exactly Gaussian at any D, so this is also the exact εg of a finite-D network.
 */
import type { Activation } from './activations.ts';
import { covarianceOf, type Overlaps } from './overlaps.ts';
import { pairAverage, unitKind, type UnitKind } from './integrals.ts';
import { egMonteCarlo } from './montecarlo.ts';

/**
 * εg = ½ Σ_{a,b} w_a w_b I2(a,b) over a covariance C (n×n, fields λ_1..λ_K, ν_1..ν_M first)
 * with unit weights w (K+M) and kinds; the closed-form core of `generalisationError`.
 *
 * Never negative. G_ab = I2(a,b) = E[g_a g_b] is a Gram matrix, so εg = ½ wᵀGw ≥ 0 — but summed
 * term by term it cancels to zero at the teacher solution, and there G is singular: a state a few
 * ulps or an integrator's rtol off the PSD cone (C indefinite by ~1e-12) gave εg = −2.5e-13 on a
 * BP K = 3, M = 2 run. Here εg = ½‖Lᵀw‖² with G = LLᵀ by Cholesky with diagonal pivoting that stops
 * once every remaining pivot is ≤ 8·units·ε·max_a G_aa, a few times the rounding of the entries
 * (asin, a few ulps) and of the elimination: the Schur complement left is zero up to rounding
 * (PSD ⇒ |S_ij| ≤ max S_ii), so what is dropped changes εg by at most ½·8·units·ε·max G_aa·(Σ|w_a|)²,
 * the rounding floor of the term-by-term sum itself, and negative pivots — the state's own error,
 * not a contribution — are never square-rooted. (With 1× instead of 8×, εg at a BP fixed point
 * flickered between 1e-31 and 1e-16 from pivots that were rounding; with 8× it stays ≤ 1e-29.)
 * `scratch` (≥ units² + units) avoids the allocation in loops.
 */
export function egFromCovariance(
  C: Float64Array, n: number, w: ArrayLike<number>, kinds: ArrayLike<UnitKind>, units: number,
  scratch: Float64Array = new Float64Array(units * units + units),
): number {
  const u = units;
  const G = scratch; // u×u, row-major; becomes L column by column (lower part)
  const ww = scratch.subarray(u * u, u * u + u); // w permuted with the pivots
  let maxDiag = 0;
  for (let a = 0; a < u; a++) {
    const caa = C[a * n + a];
    ww[a] = w[a];
    G[a * u + a] = pairAverage(caa, caa, caa, kinds[a], kinds[a]);
    maxDiag = Math.max(maxDiag, G[a * u + a]);
    for (let b = a + 1; b < u; b++) G[a * u + b] = G[b * u + a] = pairAverage(caa, C[b * n + b], C[a * n + b], kinds[a], kinds[b]);
  }
  const floor = 8 * u * Number.EPSILON * maxDiag;
  let s = 0;
  for (let k = 0; k < u; k++) {
    // pivot: the largest remaining diagonal of the Schur complement
    let p = k;
    for (let i = k + 1; i < u; i++) if (G[i * u + i] > G[p * u + p]) p = i;
    const d = G[p * u + p];
    if (!(d > floor)) {
      if (d !== d) return Number.NaN; // a non-finite covariance stays visible
      break;
    }
    if (p !== k) {
      for (let j = 0; j < u; j++) { const t = G[k * u + j]; G[k * u + j] = G[p * u + j]; G[p * u + j] = t; }
      for (let i = 0; i < u; i++) { const t = G[i * u + k]; G[i * u + k] = G[i * u + p]; G[i * u + p] = t; }
      const t = ww[k]; ww[k] = ww[p]; ww[p] = t;
    }
    const r = Math.sqrt(d);
    let proj = r * ww[k]; // (Lᵀw)_k = Σ_{i ≥ k} L_ik w_i
    for (let i = k + 1; i < u; i++) {
      const l = (G[i * u + k] /= r);
      proj += l * ww[i];
    }
    s += proj * proj;
    // Schur complement of the trailing block
    for (let i = k + 1; i < u; i++) {
      const li = G[i * u + k];
      for (let j = k + 1; j <= i; j++) {
        const v = G[i * u + j] - li * G[j * u + k];
        G[i * u + j] = v;
        G[j * u + i] = v;
      }
    }
  }
  return 0.5 * s;
}

/**
 * εg(Q, R, T, W2, W̃2) for the given student and teacher activations (eq. 24); never negative.
 * `mc` (samples, seed) is passed to the Monte Carlo engine when there is no closed form.
 *
 * @example
 * ```ts
 * import { generalisationError, parseConfig, rhsOf } from 'pepita-ode';
 * const { initial, system } = rhsOf(parseConfig({ K: 2, M: 2 }));
 * generalisationError(initial, system.student, system.teacher);   // 0.334 at W2 = 0
 * ```
 */
export function generalisationError(o: Overlaps, student: Activation, teacher: Activation, mc?: { samples?: number; seed?: number }): number {
  const ks = unitKind(student);
  const kt = unitKind(teacher);
  if (ks === null || kt === null) return egMonteCarlo(o, student, teacher, mc);
  const { K, M } = o;
  const n = K + M + 1;
  const C = covarianceOf(o);
  const w = new Float64Array(K + M);
  const kinds: UnitKind[] = [];
  for (let k = 0; k < K; k++) {
    w[k] = o.W2[k];
    kinds.push(ks);
  }
  for (let m = 0; m < M; m++) {
    w[K + m] = -o.W2t[m];
    kinds.push(kt);
  }
  return egFromCovariance(C, n, w, kinds, K + M);
}
