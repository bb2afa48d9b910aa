/**
 * The PEPITA ODE expanded to first order in the adaptive feedback f (closed form for erf and
 * linear units). Expanding the modulated pass of the exact PEPITA ODE (theory/rhsGeneral.ts),
 * Δh_k = g(λ^k) − g(λ^k − f^k e) = f^k g'(λ^k) e + O(f²), with f̃ and q_f held fixed:
 *
 *   dQ^kl/dt = −η f^k E[g'(λ^k) λ^l e] − η f^l E[g'(λ^l) λ^k e]                    + O(f²)
 *   dR^km/dt = −η f^k E[g'(λ^k) ν^m e] + η f^k f̃^m c_k                             + O(f²)
 *   dW2^k/dt = −η₂ E[g(λ^k) e]        + η₂ f^k c_k                                  + O(f²)
 *   df^k/dt  = −η f^k E[g'(λ^k) ρ e]  + η q_f f^k c_k                               + O(f²)
 *
 * with c_k = E[g'(λ^k) e²] = Σ_ab w_a w_b E[g'(λ^k) g_a(γ_a) g_b(γ_b)] + σ² E[g'(λ^k)]. The
 * first terms are AFA (eqs. 22–23 with b = f), so this is AFA plus the three terms AFA drops:
 * the x_err = x − F e/√D part of the modulated input seen along W̃1 (f̃ term) and along F itself
 * (q_f term), and the shift of the second-layer activity h̃ = g(λ − f e). The AFA η² term
 * η² f^k f^l E[g'g'e²] is O(f²) and equals PEPITA's η² E[Δh_k Δh_l] to that order; it is kept.
 * c_k is the tilted pair average of src/core/integrals.ts: I4(k, ·, a, b) with a linear second
 * slot (g' = 1) is E[g'(λ^k) g_a g_b], and J2(k, ·) with a linear second slot is E[g'(λ^k)].
 */
import type { FieldIntegrand } from '../src/core/averaging.ts';
import { I4, J2, UNIT_LINEAR, unitKind, type UnitKind } from '../src/core/integrals.ts';
import { covarianceOf, emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import { AFA } from '../src/core/rules/index.ts';
import { buildAnalyticRhs } from './rhs.ts';
import { StateAccumulator, stateLayout, unpackState, type OdeSystem, type RhsFunction } from './state.ts';

/**
 * The first-order-in-f PEPITA RHS (erf/linear units; theory/select.ts checks both, selected by the
 * solve option model = "pepita-first-order"). Allocation-free.
 */
export function buildPepitaFirstOrderRhs(p: OdeSystem): RhsFunction {
  const { K, M, eta, eta2, noise } = p;
  const ks = unitKind(p.student) as UnitKind;
  const kt = unitKind(p.teacher) as UnitKind;
  const afa = buildAnalyticRhs({ ...p, rule: AFA });
  const L = stateLayout(K, M);
  const n = K + M + 1;
  const U = K + M;
  const o: Overlaps = emptyOverlaps(K, M);
  const C = new Float64Array(n * n);
  const w = new Float64Array(U);
  const kinds: UnitKind[] = [];
  for (let k = 0; k < K; k++) kinds.push(ks);
  for (let m = 0; m < M; m++) kinds.push(kt);
  const sigma2 = noise * noise;
  return (t, y, dy) => {
    afa(t, y, dy);
    unpackState(y, p, o);
    covarianceOf(o, C);
    for (let k = 0; k < K; k++) w[k] = o.W2[k];
    for (let m = 0; m < M; m++) w[K + m] = -o.W2t[m];
    for (let k = 0; k < K; k++) {
      // c_k = E[g'(λ^k) e²]
      let c = sigma2 * J2(C, n, k, k, ks, UNIT_LINEAR);
      for (let a = 0; a < U; a++) {
        c += w[a] * w[a] * I4(C, n, k, k, a, a, ks, UNIT_LINEAR, kinds[a], kinds[a]);
        for (let b = a + 1; b < U; b++) c += 2 * w[a] * w[b] * I4(C, n, k, k, a, b, ks, UNIT_LINEAR, kinds[a], kinds[b]);
      }
      const fc = o.f[k] * c;
      for (let m = 0; m < M; m++) dy[L.offR + k * M + m] += eta * o.ft[m] * fc;
      dy[L.offW2 + k] += eta2 * fc;
      dy[L.offF + k] += eta * o.qf * fc;
    }
  };
}

/**
 * The per-sample integrand of buildPepitaFirstOrderRhs: PEPITA's integrand (theory/rhsGeneral.ts)
 * expanded to first order in f, i.e. AFA's (a_k = f^k g'(λ^k) e, b = 0, c_k = e g(λ^k), with its
 * η² term) plus the three first-order terms with s_k = f^k g'(λ^k) e²:
 *   dR^km += η f̃^m s_k,   dW2^k += η₂ s_k,   df^k += η q_f s_k.
 * Its Gaussian average is the closed form above for every activation pair with closed forms, so it
 * serves as a control variate for the exact PEPITA integrand (theory/controlVariate.ts): cubature
 * then integrates only the difference, which is O(f²). Allocation-free.
 */
export class PepitaFirstOrderIntegrand extends StateAccumulator implements FieldIntegrand {
  private readonly sys: OdeSystem;
  private readonly W2: Float64Array;
  private readonly f: Float64Array;
  private readonly h: Float64Array;
  private readonly a: Float64Array;
  private readonly s: Float64Array;
  private readonly slope: Float64Array;

  constructor(sys: OdeSystem) {
    super(sys.K, sys.M);
    const { K } = sys;
    this.sys = sys;
    this.W2 = new Float64Array(K);
    this.f = new Float64Array(K);
    this.h = new Float64Array(K);
    this.a = new Float64Array(K);
    this.s = new Float64Array(K);
    this.slope = new Float64Array(K);
  }

  /** The state whose averages are taken next (W2 and f). */
  setState(o: Overlaps): void {
    this.W2.set(o.W2);
    this.f.set(o.f);
  }

  accumulate(fields: Float64Array, xi: number, weight: number, acc: Float64Array): void {
    const sys = this.sys;
    const { K, M } = sys;
    const { W2, h, slope } = this;
    const g = sys.student.g;
    const dg = sys.student.dg;
    const gt = sys.teacher.g;
    let e = -sys.noise * xi;
    for (let k = 0; k < K; k++) {
      const hk = g(fields[k]);
      h[k] = hk;
      slope[k] = dg(fields[k]);
      e += W2[k] * hk;
    }
    for (let m = 0; m < M; m++) e -= sys.W2t[m] * gt(fields[K + m]);
    this.accumulateGiven(fields, e, h, slope, weight, acc);
  }

  /**
   * The same as `accumulate` given the error e, h = g(λ) and slope = g'(λ) of these fields, as the
   * exact integrand has them (theory/rhsGeneral.ts subtracts φ₁ this way without recomputing them).
   */
  accumulateGiven(fields: Float64Array, e: number, h: Float64Array, slope: Float64Array, weight: number, acc: Float64Array): void {
    const sys = this.sys;
    const { K, M, eta, eta2 } = sys;
    const { f, a, s, qIdx } = this;
    for (let k = 0; k < K; k++) {
      const fg = f[k] * slope[k] * e;
      a[k] = fg;
      s[k] = fg * e;
    }
    const rho = fields[K + M];
    const etaSq = eta * eta;
    for (let k = 0; k < K; k++) {
      const ak = a[k], sk = s[k], lk = fields[k];
      for (let l = k; l < K; l++) acc[qIdx[k * K + l]] += weight * (-eta * (ak * fields[l] + a[l] * lk) + etaSq * ak * a[l]);
      const offR = this.offR + k * M;
      for (let m = 0; m < M; m++) acc[offR + m] += weight * (-eta * ak * fields[K + m] + eta * sys.ft[m] * sk);
      acc[this.offF + k] += weight * (-eta * ak * rho + eta * sys.qf * sk);
      acc[this.offW2 + k] += weight * (-eta2 * (e * h[k] - sk));
    }
  }
}
