/**
 * The general right-hand side of docs/rules.md "One form for every rule", for every rule through its coefficients
 * (src/core/rules/rule.ts) and any averaging backend (src/core/averaging.ts):
 *
 *   dQ^kl/dt = −η E[a_l λ^k + b_l (λ^k − f^k e) + a_k λ^l + b_k (λ^l − f^l e)] + η² E[(a_k+b_k)(a_l+b_l)]
 *   dR^km/dt = −η E[a_k ν^m + b_k (ν^m − f̃^m e)]
 *   df^k/dt  = −η E[a_k ρ + b_k (ρ − q_f e)]
 *   dW2^k/dt = −η₂ E[c_k]
 *
 * from x·W1^l/√D = λ^l, x_err·W1^l/√D = λ^l − f^l e, x_err·W̃1^m/√D = ν^m − f̃^m e,
 * x_err·F/√D = ρ − q_f e and x·x/D, x·x_err/D, x_err·x_err/D → 1. The error e = ŷ − y includes the
 * label noise (y = Σ_m W̃2^m g̃(ν^m) + σξ). For Algorithm 2 (cleanUpdateFirst) the modulated pass
 * sees W1⁺, λ_mod^k = λ^k − f^k e − η a_k (x·x_err/D → 1); the products with the step's own
 * x_err·W1^l keep λ^l − f^l e (the weights before the step).
 * For PEPITA (a = 0, b = Δh, c = h̃ e) this is the exact leading-order PEPITA ODE; for the
 * alignment family (b = 0) it is eqs. 22–23 with the rule's feedback.
 *
 * With weight mirroring (docs/rules.md "Weight mirroring") f̃ and q_f move and are read from the
 * state, and the learning part of P = W1F1/D is accumulated too:
 *
 *   dP_kj/dt = −η E[(a_k + b_k) ρ_j − b_k (G F2)_j e],   ρ_j = F1^j·x/√D,
 *
 * with ρ_j replaced by its conditional mean β_jᵀ(λ, ν), β_j = C_xx⁺ [P_{:,j}; P̃_{:,j}] (C_xx: the
 * covariance of (λ, ν)): the coefficients depend on (λ, ν, ξ) only, so E[s ρ_j] = E[s ρ̄_j] exactly.
 * The mirror step's own terms are added by theory/mirror.ts.
 */
import type { FieldIntegrand, GaussianAveragingBackend } from '../src/core/averaging.ts';
import { symmetricEigen } from '../src/core/linalg/symmetricEigen.ts';
import { covarianceOf, emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import type { RulePass } from '../src/core/rules/index.ts';
import type { ControlIntegrand, ControlVariate } from './controlVariate.ts';
import { accumulateFirstLayer } from './firstLayer.ts';
import { StateAccumulator, unpackState, type OdeSystem, type RhsFunction } from './state.ts';

/** The per-sample integrand of the general ODE at one state (set with `setState`). Allocation-free. */
export class GeneralOdeIntegrand extends StateAccumulator implements FieldIntegrand {
  private readonly sys: OdeSystem;
  private readonly pass: RulePass;
  private readonly lamX: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly c: Float64Array;
  private o: Overlaps;
  /** φ₁ subtracted at every node (a control variate), or null */
  private readonly control: ControlIntegrand | null;
  /** g'(λ) (K), filled only with a control variate */
  private readonly slope: Float64Array;
  /** with a mirror: the regressions β (K rows of K+M) of ρ_j on (λ, ν), G F2 (K), ρ̄_j (K); scratch of the pseudo-inverse */
  private readonly mirrored: boolean;
  private readonly beta: Float64Array;
  private readonly gF2: Float64Array;
  private readonly rhoJ: Float64Array;
  private readonly offP: number;
  private readonly eig: { C: Float64Array; values: Float64Array; vectors: Float64Array };

  /** `control`: accumulate φ − φ₁ instead of φ (theory/controlVariate.ts) */
  constructor(sys: OdeSystem, control: ControlIntegrand | null = null) {
    super(sys.K, sys.M, sys.mirror !== null);
    this.control = control;
    this.mirrored = sys.mirror !== null;
    const nx = sys.K + sys.M;
    this.beta = new Float64Array(this.mirrored ? sys.K * nx : 0);
    this.gF2 = new Float64Array(sys.K);
    this.rhoJ = new Float64Array(sys.K);
    this.offP = this.offF + sys.K;
    this.eig = this.mirrored ? { C: new Float64Array(nx * nx), values: new Float64Array(nx), vectors: new Float64Array(nx * nx) } : { C: new Float64Array(0), values: new Float64Array(0), vectors: new Float64Array(0) };
    this.slope = new Float64Array(sys.K);
    const { K, M } = sys;
    this.sys = sys;
    this.o = emptyOverlaps(K, M);
    this.pass = {
      K, lam: new Float64Array(K), h: new Float64Array(K), lamMod: new Float64Array(K), e: 0, yhat: 0, y: 0,
      W2: this.o.W2, f: this.o.f, feedbackWeights: sys.feedbackWeights, g: sys.student,
    };
    this.lamX = new Float64Array(K);
    this.a = new Float64Array(K);
    this.b = new Float64Array(K);
    this.c = new Float64Array(K);
  }

  /** The state whose averages are taken next (the pass reads W2 and f from it). */
  setState(o: Overlaps): void {
    this.o.W2.set(o.W2);
    this.o.f.set(o.f);
    // constants of the system unless F is mirrored
    this.o.ft.set(o.ft);
    this.o.qf = o.qf;
    if (this.mirrored) this.setMirror(o);
    if (this.control !== null) this.control.setState(o);
  }

  /** β_j = C_xx⁺ [P_{:,j}; P̃_{:,j}] (pseudo-inverse by eigenvalues: C_xx may be singular, e.g. W1 = 0) and G F2. */
  private setMirror(o: Overlaps): void {
    const { K, M } = o;
    const m = o.mirror;
    if (!m) throw new Error('a mirrored system needs overlaps with a mirror block');
    const n = K + M;
    const { C, values, vectors } = this.eig;
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < K; l++) C[k * n + l] = o.Q[k * K + l];
      for (let p = 0; p < M; p++) {
        C[k * n + K + p] = o.R[k * M + p];
        C[(K + p) * n + k] = o.R[k * M + p];
      }
    }
    for (let p = 0; p < M; p++) for (let q = 0; q < M; q++) C[(K + p) * n + K + q] = o.T[p * M + q];
    if (!eigenOfFinite(C, n, values, vectors)) {
      // a trial state of the solver that left the finite numbers (or one so wild that the
      // eigen-decomposition does not converge): NaN averages, which the solver rejects (a smaller
      // step) or reports as a numerical failure with its time — not an exception here
      this.beta.fill(NaN);
      this.gF2.fill(NaN);
      return;
    }
    let top = 0;
    for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(values[i]));
    // directions below this are rounding of a singular C_xx (the fields have no variance there)
    const cut = PINV_RCOND * top;
    const beta = this.beta;
    beta.fill(0);
    for (let j = 0; j < K; j++) {
      for (let a = 0; a < n; a++) {
        if (!(values[a] > cut)) continue;
        // (v_aᵀ c_j)/λ_a, c_j = [P_{:,j}; P̃_{:,j}]
        let proj = 0;
        for (let i = 0; i < n; i++) proj += vectors[i * n + a] * (i < K ? m.P[i * K + j] : m.Pt[(i - K) * K + j]);
        proj /= values[a];
        for (let i = 0; i < n; i++) beta[j * n + i] += proj * vectors[i * n + a];
      }
      let g = 0;
      for (let i = 0; i < K; i++) g += m.G[j * K + i] * m.F2[i];
      this.gF2[j] = g;
    }
  }

  accumulate(fields: Float64Array, xi: number, weight: number, acc: Float64Array): void {
    const sys = this.sys;
    const { K, M, eta, eta2 } = sys;
    const { pass, lamX, a, b, c } = this;
    const { lam, h, lamMod } = pass;
    const W2 = this.o.W2;
    const f = this.o.f;
    const g = sys.student.g;
    const gWithSlope = sys.student.gWithSlope;
    const control = this.control;
    const slope = this.slope;
    const gt = sys.teacher.g;
    const W2t = sys.W2t;
    const ft = this.o.ft;
    const qf = this.o.qf;
    const rule = sys.rule;
    // e accumulated unit by unit in this order (as the Monte Carlo RHS always did, so the outputs of
    // the original rules are unchanged to the last bit); ŷ and y beside it for the Hebbian rules
    let e = -sys.noise * xi;
    let yhat = 0;
    for (let k = 0; k < K; k++) {
      const l = fields[k];
      lam[k] = l;
      // with a control variate, g' comes with g (it needs g'(λ), erf shares the exponential)
      const hk = control === null ? g(l) : gWithSlope(l, slope, k);
      h[k] = hk;
      e += W2[k] * hk;
      yhat += W2[k] * hk;
    }
    let y = sys.noise * xi;
    for (let m = 0; m < M; m++) {
      const gm = W2t[m] * gt(fields[K + m]);
      e -= gm;
      y += gm;
    }
    pass.e = e;
    pass.yhat = yhat;
    pass.y = y;
    rule.clean(pass, a, c);
    const shift = rule.cleanUpdateFirst ? eta : 0;
    for (let k = 0; k < K; k++) {
      const lx = lam[k] - f[k] * e;
      lamX[k] = lx;
      lamMod[k] = lx - shift * a[k];
    }
    rule.modulated(pass, b, c);
    accumulateFirstLayer(K, M, eta, this, a, b, lam, lamX, fields, ft, qf, e, weight, acc);
    for (let k = 0; k < K; k++) acc[this.offW2 + k] += weight * (-eta2 * c[k]);
    if (this.mirrored) this.accumulateP(fields, e, weight, acc);
    if (control !== null) control.accumulateGiven(fields, e, h, slope, -weight, acc);
  }

  /** acc[P_kj] += weight·(−η)((a_k + b_k) ρ̄_j − b_k (G F2)_j e) */
  private accumulateP(fields: Float64Array, e: number, weight: number, acc: Float64Array): void {
    const { K, M, eta } = this.sys;
    const n = K + M;
    const { beta, rhoJ, gF2, a, b } = this;
    for (let j = 0; j < K; j++) {
      let r = 0;
      for (let i = 0; i < n; i++) r += beta[j * n + i] * fields[i];
      rhoJ[j] = r;
    }
    const offP = this.offP;
    for (let k = 0; k < K; k++) {
      const sk = a[k] + b[k], bk = b[k];
      for (let j = 0; j < K; j++) acc[offP + k * K + j] += weight * (-eta * (sk * rhoJ[j] - bk * gF2[j] * e));
    }
  }
}

/** symmetricEigen of C (n×n) when every entry is finite and it converges; false otherwise. */
function eigenOfFinite(C: Float64Array, n: number, values: Float64Array, vectors: Float64Array): boolean {
  for (let i = 0; i < n * n; i++) if (C[i] - C[i] !== 0) return false;
  try {
    symmetricEigen(C, n, values, vectors);
    return true;
  } catch {
    return false;
  }
}

/** Relative eigenvalue cut of the pseudo-inverse of C_xx (as the cubature's Cholesky pivot tolerance, src/core/linalg/cholesky.ts). */
const PINV_RCOND = 1e-10;

/**
 * dy ← the general RHS, averaged by `backend`. With a control variate φ₁ (theory/controlVariate.ts)
 * the backend averages φ − φ₁ and the closed-form E[φ₁] is added: the same RHS, a smaller
 * quadrature error.
 */
export function buildGeneralRhs(sys: OdeSystem, backend: GaussianAveragingBackend, control: ControlVariate | null = null): RhsFunction {
  const integrand = new GeneralOdeIntegrand(sys, control?.integrand ?? null);
  const o = emptyOverlaps(sys.K, sys.M);
  const C = new Float64Array((sys.K + sys.M + 1) ** 2);
  const mean = new Float64Array(integrand.size);
  return (t, y, dy) => {
    unpackState(y, sys, o);
    covarianceOf(o, C);
    integrand.setState(o);
    if (control === null) {
      backend.average(C, integrand, dy, t);
      return;
    }
    control.mean(t, y, mean);
    backend.average(C, integrand, dy, t, mean);
  };
}
