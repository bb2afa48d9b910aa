/**
 * The first layer's part of one sample of the general ODE (docs/rules.md "One form for every rule"),
 * shared by the one-hidden-layer integrand (theory/rhsGeneral.ts) and the deep one (theory/deep.ts):
 *
 *   acc[Q_kl] += w·(−η E-term of a_l λ^k + b_l (λ^k − f^k e) + (k ↔ l) + η (a_k+b_k)(a_l+b_l))
 *   acc[R_km] += w·(−η)(a_k ν^m + b_k (ν^m − f̃^m e))
 *   acc[f_k]  += w·(−η)(a_k ρ + b_k (ρ − q_f e))
 *
 * with lamX^k = λ^k − f^k e, the field of x_err on W1^k before the step. Allocation-free.
 */

/** Where the first layer's components live in the accumulated vector. */
export interface FirstLayerSlots {
  /** qIdx[k·K + l]: the index of Q_kl */
  readonly qIdx: Int32Array;
  readonly offR: number;
  readonly offF: number;
}

/** acc += weight · the first layer's per-sample terms (file comment); `fields` = (λ, ν, ρ̄). */
export function accumulateFirstLayer(
  K: number, M: number, eta: number, slots: FirstLayerSlots,
  a: Float64Array, b: Float64Array, lam: Float64Array, lamX: Float64Array, fields: Float64Array,
  ft: Float64Array, qf: number, e: number, weight: number, acc: Float64Array,
): void {
  const etaSq = eta * eta;
  const rho = fields[K + M];
  const { qIdx, offR, offF } = slots;
  for (let k = 0; k < K; k++) {
    const ak = a[k], bk = b[k], sk = ak + bk;
    const lk = lam[k], xk = lamX[k];
    for (let l = k; l < K; l++) {
      const v = -eta * ((ak * lam[l] + bk * lamX[l]) + (a[l] * lk + b[l] * xk)) + etaSq * sk * (a[l] + b[l]);
      acc[qIdx[k * K + l]] += weight * v;
    }
    // (−η a_k)·x + (−η b_k)·x_err-field: a zero coefficient adds an exact ±0
    const ca = -eta * ak, cb = -eta * bk;
    const oR = offR + k * M;
    for (let m = 0; m < M; m++) {
      const nu = fields[K + m];
      acc[oR + m] += weight * (ca * nu + cb * (nu - ft[m] * e));
    }
    acc[offF + k] += weight * (ca * rho + cb * (rho - qf * e));
  }
}
