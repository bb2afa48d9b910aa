/**
 * Right-hand side of the D → ∞ ODEs for BP, DFA and AFA with closed-form averages
 * (erf and linear units, any K, M). docs/rules.md "One form for every rule"; paper eqs. 22–23 with f replaced by
 * the rule's feedback b (b = W2 for BP, the fixed `feedbackWeights` for DFA, b = f for AFA):
 *
 *   dQ^kl/dt = −η b^k E[g'(λ^k) λ^l e] − η b^l E[g'(λ^l) λ^k e]
 *              + η² b^k b^l (E[g'(λ^k) g'(λ^l) e²]_noiseless + σ² J2(k,l))      (eq. 22)
 *   dR^km/dt = −η b^k E[g'(λ^k) ν^m e]                                          (eq. 23)
 *   dW2^k/dt = −η₂ E[g(λ^k) e]                                                  (eq. 23)
 *   df^k/dt  = −η b^k E[g'(λ^k) ρ e]            (eq. 23 for AFA; tracked for every rule)
 *
 * with e = Σ_a w_a g_a(γ_a) − σξ, w = (W2, −W̃2). The noise only enters the η² term
 * (E[ξ] = 0, E[ξ²] = 1, ξ independent of the fields).
 *
 * Averages are fused rather than summed from scalar I3/I4 calls (src/core/integrals.ts holds
 * the scalar forms, and the tests check this file against them): with g'(x) = √(2/π)e^{−x²/2},
 * the g' factors of unit k (or of the pair k, l) tilt the Gaussian to covariance
 * C' = C − C_{·S}(I + C_SS)^{−1}C_{S·} with weight (2/π)^{|S|/2} det(I + C_SS)^{−1/2}; the
 * tilt is computed once per k (I3 sums) or per pair k ≤ l (I4 sums) and reused for every unit
 * pair (c, d) — I4 is symmetric in its last two arguments, so only c ≤ d is visited.
 * Cost per evaluation: K(K+1)/2 · (K+M)(K+M+1)/2 asin calls, plus O(K (K+M) n) flops.
 */
import { UNIT_ERF, unitKind, type UnitKind } from '../src/core/integrals.ts';
import { qIndex, stateLayout, type OdeSystem, type RhsFunction } from './state.ts';

const TWO_OVER_PI = 2 / Math.PI;
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * The closed-form RHS (t, y, dy) of a feedback-alignment rule (rule.alignmentFeedback) with erf
 * or linear units, over the flat state of theory/state.ts (theory/select.ts checks that it
 * applies). Allocation-free: every scratch array is allocated here, once.
 */
export function buildAnalyticRhs(p: OdeSystem): RhsFunction {
  const { K, M, eta, eta2, noise } = p;
  const ks = unitKind(p.student) as UnitKind;
  const kt = unitKind(p.teacher) as UnitKind;
  const feedback = p.rule.alignmentFeedback!;
  const fb = p.feedbackWeights;

  const L = stateLayout(K, M);
  const U = K + M; // units in the error e
  const n = U + 1; // fields λ_1..λ_K, ν_1..ν_M, ρ
  const rhoIdx = U;
  const sigma2 = noise * noise;
  const studentErf = ks === UNIT_ERF;

  // scratch, allocated once
  const C = new Float64Array(n * n);
  const w = new Float64Array(U); // unit weights in e: W2, −W̃2
  const kinds = new Int8Array(U);
  const b = new Float64Array(K); // the rule's feedback φ
  const fNow = new Float64Array(K); // f of the current state
  const A = new Float64Array(K * n); // A[k, x] = E[g'(λ_k) x e]
  const v = new Float64Array(U);
  const h = new Float64Array(U); // 1/√(1 + C'_cc) for erf units
  const dC = new Float64Array(U); // C'_cc
  const uK = new Float64Array(U);
  const uL = new Float64Array(U);
  const qIdx = new Int32Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) qIdx[k * K + l] = qIndex(K, k, l);

  // constants: T, f̃, q_f, −W̃2, kinds
  for (let m = 0; m < M; m++) {
    for (let q = 0; q < M; q++) C[(K + m) * n + K + q] = p.T[m * M + q];
    C[(K + m) * n + rhoIdx] = p.ft[m];
    C[rhoIdx * n + K + m] = p.ft[m];
    w[K + m] = -p.W2t[m];
    kinds[K + m] = kt;
  }
  C[rhoIdx * n + rhoIdx] = p.qf;
  for (let k = 0; k < K; k++) kinds[k] = ks;

  /** E[g_c(c') g_d(d')] from the (tilted) covariance c'd' and hc = 1/√(1+C'_cc) (erf only). */
  const pair = (cd: number, hc: number, hd: number, kc: number, kd: number): number => {
    if (kc === UNIT_ERF) {
      if (kd === UNIT_ERF) {
        const x = cd * hc * hd;
        return TWO_OVER_PI * Math.asin(x > 1 ? 1 : x < -1 ? -1 : x);
      }
      return cd * SQRT_TWO_OVER_PI * hc;
    }
    return kd === UNIT_ERF ? cd * SQRT_TWO_OVER_PI * hd : cd;
  };
  const invSqrt1p = (x: number): number => 1 / Math.sqrt(x > -1 ? 1 + x : 0);

  return (_t: number, y: Float64Array, dy: Float64Array): void => {
    // --- covariance of (λ, ν, ρ) and the weights of the current state
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) {
        const q = y[qIdx[k * K + l]];
        C[k * n + l] = q;
        C[l * n + k] = q;
      }
      for (let m = 0; m < M; m++) {
        const r = y[L.offR + k * M + m];
        C[k * n + K + m] = r;
        C[(K + m) * n + k] = r;
      }
      const fk = y[L.offF + k];
      C[k * n + rhoIdx] = fk;
      C[rhoIdx * n + k] = fk;
      w[k] = y[L.offW2 + k];
      fNow[k] = fk;
    }
    for (let k = 0; k < K; k++) b[k] = feedback(w, fNow, fb, k);

    // --- A[k, x] = E[g'(λ_k) x e] = Σ_c w_c I3(k, x, c) for every linear field x
    for (let k = 0; k < K; k++) {
      const s = studentErf ? 1 + C[k * n + k] : 1;
      for (let c = 0; c < U; c++) {
        const ckc = C[k * n + c];
        // tilted variance of unit c: C_cc − C_kc²/(1+C_kk) (erf student), C_cc (linear student)
        const ccc = studentErf ? C[c * n + c] - (ckc * ckc) / s : C[c * n + c];
        v[c] = kinds[c] === UNIT_ERF ? w[c] * SQRT_TWO_OVER_PI * invSqrt1p(ccc) : w[c];
      }
      let Sk = 0;
      for (let c = 0; c < U; c++) Sk += v[c] * C[k * n + c];
      const norm = studentErf ? SQRT_TWO_OVER_PI / Math.sqrt(s) : 1;
      for (let x = 0; x < n; x++) {
        let Sx = 0;
        for (let c = 0; c < U; c++) Sx += v[c] * C[x * n + c];
        // Σ_c v_c C'_xc with C'_xc = C_xc − C_xk C_kc / s
        A[k * n + x] = norm * (studentErf ? Sx - (C[x * n + k] * Sk) / s : Sx);
      }
    }

    // --- dQ (upper triangle): first-order terms and the η² term with the fused I4 sum
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) {
        let first = -eta * (b[k] * A[k * n + l] + b[l] * A[l * n + k]);
        const bb = b[k] * b[l];
        if (bb !== 0) {
          let e2: number; // E[g'(λ_k) g'(λ_l) e²] (noiseless part)
          let j2: number; // E[g'(λ_k) g'(λ_l)]
          if (studentErf) {
            const pa = 1 + C[k * n + k], pb = 1 + C[l * n + l], cab = C[k * n + l];
            const lambda4 = pa * pb - cab * cab;
            const inv4 = 1 / lambda4;
            // C'_cd = C_cd − (u_c u_d pb − cab (u_c v_d + v_c u_d) + v_c v_d pa)/Λ4, u = C_k·, v = C_l·
            for (let c = 0; c < U; c++) {
              const uc = C[k * n + c], vc = C[l * n + c];
              uK[c] = uc;
              uL[c] = vc;
              const dcc = C[c * n + c] - (uc * uc * pb - 2 * cab * uc * vc + vc * vc * pa) * inv4;
              dC[c] = dcc;
              h[c] = invSqrt1p(dcc);
            }
            let sum = 0;
            for (let c = 0; c < U; c++) {
              const wc = w[c];
              if (wc === 0) continue;
              const uc = uK[c], vc = uL[c], kc = kinds[c], hc = h[c];
              let row = 0.5 * wc * pair(dC[c], hc, hc, kc, kc);
              for (let d = c + 1; d < U; d++) {
                const wd = w[d];
                if (wd === 0) continue;
                const ud = uK[d], vd = uL[d];
                const cd = C[c * n + d] - (uc * ud * pb - cab * (uc * vd + vc * ud) + vc * vd * pa) * inv4;
                row += wd * pair(cd, hc, h[d], kc, kinds[d]);
              }
              sum += wc * row;
            }
            j2 = TWO_OVER_PI / Math.sqrt(lambda4);
            e2 = 2 * j2 * sum; // the 2 undoes the ½ on the diagonal: Σ_cd = Σ_c + 2Σ_{c<d}
          } else {
            // linear student: g' = 1, so E[g'g'e²] = E[e²] under C itself
            for (let c = 0; c < U; c++) h[c] = invSqrt1p(C[c * n + c]);
            let sum = 0;
            for (let c = 0; c < U; c++) {
              const wc = w[c];
              if (wc === 0) continue;
              let row = 0.5 * wc * pair(C[c * n + c], h[c], h[c], kinds[c], kinds[c]);
              for (let d = c + 1; d < U; d++) if (w[d] !== 0) row += w[d] * pair(C[c * n + d], h[c], h[d], kinds[c], kinds[d]);
              sum += wc * row;
            }
            j2 = 1;
            e2 = 2 * sum;
          }
          first += eta * eta * bb * (e2 + sigma2 * j2);
        }
        dy[qIdx[k * K + l]] = first;
      }
    }

    // --- dR, dW2, df
    for (let c = 0; c < U; c++) h[c] = invSqrt1p(C[c * n + c]);
    for (let k = 0; k < K; k++) {
      const bk = b[k];
      for (let m = 0; m < M; m++) dy[L.offR + k * M + m] = -eta * bk * A[k * n + K + m];
      dy[L.offF + k] = -eta * bk * A[k * n + rhoIdx];
      let s = 0;
      for (let c = 0; c < U; c++) s += w[c] * pair(C[k * n + c], h[k], h[c], kinds[k], kinds[c]);
      dy[L.offW2 + k] = -eta2 * s;
    }
  };
}
