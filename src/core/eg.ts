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
 * with unit weights w (K+M) and kinds. No allocation; the closed-form core of `generalisationError`.
 */
export function egFromCovariance(C: Float64Array, n: number, w: ArrayLike<number>, kinds: ArrayLike<UnitKind>, units: number): number {
  let s = 0;
  for (let a = 0; a < units; a++) {
    const wa = w[a];
    const caa = C[a * n + a];
    s += 0.5 * wa * wa * pairAverage(caa, caa, caa, kinds[a], kinds[a]);
    for (let b = a + 1; b < units; b++) s += wa * w[b] * pairAverage(caa, C[b * n + b], C[a * n + b], kinds[a], kinds[b]);
  }
  return s;
}

/**
 * εg(Q, R, T, W2, W̃2) for the given student and teacher activations (eq. 24). `mc` (samples,
 * seed) is passed to the Monte Carlo engine when there is no closed form.
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
