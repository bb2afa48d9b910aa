/**
 * Early-time expansion of the AFA ODEs (paper Supp. E.1, eqs. 27–30), each checked against the
 * ODE itself.
 *
 * Setting of Supp. E.1 (the only state where the expansions apply; anything else is refused with
 * a ConfigError naming the field): W2(0) = 0, R(0) = 0, T = I, Q(0) = q0·I, erf units
 * (g(x) = erf(x/√2)) for student and teacher; f(0), f̃, q_f and W̃2 are free (C must be PSD).
 *
 * Derivation (AFA, docs/rules.md "One form for every rule"), with e = −Σ_n W̃2^n g(ν^n) at W2 = 0:
 *
 *   dR^km/dt(0) = η f^k Σ_n W̃2^n E[g'(λ^k) ν^m g(ν^n)] = η f^k Σ_n W̃2^n I3(k, m, n).
 *     I3 with C_aa = q0, C_bc = T_mn = δ_mn, C_ab = R = 0, C_ac = 0, C_cc = 1 gives
 *     (2/π) δ_mn / √(2(1+q0)), so dR^km/dt(0) = √2 η f^k W̃2^m / (π √(1+q0))         — eq. 27 ✓
 *   dW2^k/dt(0) = η₂ Σ_n W̃2^n I2(k, n) = 0 (I2 ∝ asin(R) = 0)                          — eq. 27 ✓
 *   d²W2^k/dt²(0) = η₂ Σ_n W̃2^n dI2(k,n)/dt = η₂ Σ_n W̃2^n (2/π) R'^kn(0) / √(2(1+q0))
 *     (the W2-terms vanish because W2(0) = 0 and W2'(0) = 0; the derivative of the asin
 *     denominator multiplies R = 0) = 2 η η₂ f^k ‖W̃2‖² / (π² (1+q0))                   — eq. 28 ✓
 *     (the paper writes η², having η₂ = η; we evaluate η·η₂, equal to η² for η₂ = η).
 *   df^k/dt(0) = η f^k Σ_n W̃2^n E[g'(λ^k) ρ g(ν^n)] = η f^k Σ_n W̃2^n I3(k, ρ, n).
 *     Here a = λ^k, b = ρ (linear), c = ν^n: C_aa = q0, C_bc = f̃^n, C_ab = f^k, C_ac = R = 0,
 *     C_cc = T_nn = 1, so Λ3 = (1+q0)(1+1) − 0 and I3 = (2/π) f̃^n / √(2(1+q0)):
 *       df^k/dt(0) = √2 η f^k (W̃2·f̃) / (π √(1+q0))                          — "29-corrected"
 *     The printed eq. 29 has the denominator √((1+q0)(1+q_f) − f^k(0)²), i.e. Λ3 with the
 *     linear field ρ in the place of the nonlinear one ν^n; it equals the ODE only when
 *     (1+q0)(1+q_f) − f_k² = 2(1+q0) by coincidence.
 *   f^k(t) = f^k(0) + t·df^k/dt(0) + O(t²): eq. 30 inherits eq. 29's coefficient, so the
 *     corrected eq. 30 ("30-corrected") uses the corrected coefficient.
 *
 * How each check obtains its "ode" numbers (independent of the formulas above):
 *   27: the AFA right-hand side (theory/rhs.ts, closed forms) evaluated at y(0).
 *   28: d/dt [dW2/dt](y(t)) at t = 0 = directional derivative of the W2 block of the RHS along
 *       the flow F(y0), by central differences with Richardson extrapolation (truncation
 *       O(h⁴) ≈ 1e-12 relative at h = 1e-3·scale; rounding ≈ 1e-16/h ≈ 1e-13).
 *   29: the RHS at y(0), f block.
 *   30: the SOLVED trajectory (theory/solve.ts, rtol 1e-12): s(t) = (f(t) − f(0))/t at
 *       t = τ, τ/2, τ/4, τ/8 (τ = 1/(40η)), extrapolated to t → 0 by Neville's polynomial scheme; this compares
 *       the O(t) coefficient and not f(t) itself (which any slope would match at small t).
 *
 * maxRelErr is normwise: max_i |paper_i − ode_i| / max_i |ode_i| (componentwise ratios would
 * blow up on components that vanish, e.g. a unit with f^k(0) = 0).
 */
import { ConfigError } from '../src/core/errors.ts';
import type { Overlaps } from '../src/core/overlaps.ts';
import { theoryProblem, type TheoryProblem } from './problem.ts';
import { buildAnalyticRhs } from './rhs.ts';
import { solveTheory } from './solve.ts';
import { odeSystem, packState, stateLayout } from './state.ts';

/** Tolerances of the "holds" verdicts (see the header for the error budget of each route). */
export const EARLY_TOLERANCES = {
  /** eqs. 27, 29: closed forms vs the RHS at y(0): only rounding (~1e-15) separates them */
  rhs: 1e-8,
  /** eq. 28: Richardson-extrapolated central differences (~1e-11 achieved) */
  secondDerivative: 1e-8,
  /** eq. 30: extrapolated slope of a trajectory solved at rtol 1e-12 (~1e-11 achieved; the printed form misses by ~1e-1) */
  slope: 1e-6,
} as const;

/** Entries that must be exactly zero (up to this absolute slack) in the E.1 setting. */
const EXACT = 1e-12;

/** The parameters of the Supp. E.1 setting extracted from a problem. */
export interface E1Setting {
  K: number;
  M: number;
  q0: number;
  /** f(0) (K) */
  f: Float64Array;
  /** f̃ (M) */
  ft: Float64Array;
  qf: number;
  /** W̃2 (M) */
  W2t: Float64Array;
  eta: number;
  eta2: number;
  /** the initial overlaps themselves */
  initial: Overlaps;
}

/** One check of a printed (or corrected) formula against the ODE. */
export interface EarlyCheck {
  /** "27", "28", "29", "30", "29-corrected", … */
  eq: string;
  /** what is compared, with the component order */
  quantity: string;
  paper: number[];
  ode: number[];
  maxRelErr: number;
  holds: boolean;
}

/** The checks of eqs. 27–30 (printed and corrected) against the ODE. */
export interface EarlyReport {
  checks: EarlyCheck[];
}

/**
 * Validate that a problem is in the Supp. E.1 setting and extract its parameters (its initial
 * state must be given as overlaps: `sampled` says it came from sampled weights, which do not give
 * W2 = 0, R = 0, T = I exactly). Throws ConfigError naming the offending field and what is required.
 */
export function e1Setting(problem: TheoryProblem, sampled = false): E1Setting {
  const need = 'the early-time expansion (Supp. E.1) needs W2(0) = 0, R(0) = 0, T = I, Q(0) = q0·I';
  const { setup } = problem;
  if (setup.mirror) throw new ConfigError('mirror', 'must be null for eqs. 27–30: the early-time expansion (Supp. E.1) is for a fixed feedback F');
  if (setup.hidden) throw new ConfigError('hidden', 'must be null for eqs. 27–30: the early-time expansion (Supp. E.1) is for one hidden layer');
  if (setup.activation !== 'erf') throw new ConfigError('activation', `must be "erf" for eqs. 27–30 (got "${setup.activation}")`);
  if (setup.teacherActivation !== 'erf') {
    throw new ConfigError('teacherActivation', `must be "erf" for eqs. 27–30 (got "${setup.teacherActivation}")`);
  }
  if (sampled) {
    throw new ConfigError('init.kind', `must be "overlaps": ${need}, which sampled weights do not give exactly`);
  }
  const o = problem.initial;
  const { K, M } = o;
  for (let k = 0; k < K; k++) {
    if (Math.abs(o.W2[k]) > EXACT) throw new ConfigError(`init.W2[${k}]`, `must be 0: ${need} (got ${o.W2[k]})`);
    for (let m = 0; m < M; m++) {
      const r = o.R[k * M + m];
      if (Math.abs(r) > EXACT) throw new ConfigError(`init.R[${k}][${m}]`, `must be 0: ${need} (got ${r})`);
    }
  }
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < M; n++) {
      const want = m === n ? 1 : 0;
      const v = o.T[m * M + n];
      if (Math.abs(v - want) > EXACT) throw new ConfigError(`init.T[${m}][${n}]`, `must be ${want} (T = I): ${need} (got ${v})`);
    }
  }
  const q0 = o.Q[0];
  if (!(q0 > 0)) throw new ConfigError('init.Q[0][0]', `must be q0 > 0: ${need} (got ${q0})`);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      const want = k === l ? q0 : 0;
      const v = o.Q[k * K + l];
      if (Math.abs(v - want) > EXACT * Math.max(1, q0)) {
        throw new ConfigError(`init.Q[${k}][${l}]`, `must be ${want} (Q = q0·I with q0 = Q[0][0] = ${q0}): ${need} (got ${v})`);
      }
    }
  }
  return { K, M, q0, f: o.f.slice(), ft: o.ft.slice(), qf: o.qf, W2t: o.W2t.slice(), eta: setup.eta, eta2: setup.eta2, initial: o };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** eq. 27: dR^km/dt(0) = √2 η f^k W̃2^m / (π √(1+q0)), row-major K×M. */
export function eq27dRdt(s: E1Setting): number[] {
  const c = (Math.SQRT2 * s.eta) / (Math.PI * Math.sqrt(1 + s.q0));
  const out: number[] = [];
  for (let k = 0; k < s.K; k++) for (let m = 0; m < s.M; m++) out.push(c * s.f[k] * s.W2t[m]);
  return out;
}

/** eq. 28: d²W2^k/dt²(0) = 2 η η₂ f^k ‖W̃2‖² / (π² (1+q0)) (the paper's η² with η₂ = η). */
export function eq28d2W2dt2(s: E1Setting): number[] {
  const c = (2 * s.eta * s.eta2 * dot(s.W2t, s.W2t)) / (Math.PI * Math.PI * (1 + s.q0));
  return Array.from(s.f, (fk) => c * fk);
}

/** eq. 29 as printed: df^k/dt(0) = (2/π) η f^k (W̃2·f̃) / √((1+q0)(1+q_f) − f^k²). */
export function eq29dfdtPaper(s: E1Setting): number[] {
  const a = dot(s.W2t, s.ft);
  return Array.from(s.f, (fk) => ((2 / Math.PI) * s.eta * fk * a) / Math.sqrt((1 + s.q0) * (1 + s.qf) - fk * fk));
}

/** eq. 29 corrected: df^k/dt(0) = (2/π) η f^k (W̃2·f̃) / √(2(1+q0)) = √2 η f^k (W̃2·f̃) / (π √(1+q0)). */
export function eq29dfdtCorrected(s: E1Setting): number[] {
  const a = dot(s.W2t, s.ft);
  return Array.from(s.f, (fk) => ((2 / Math.PI) * s.eta * fk * a) / Math.sqrt(2 * (1 + s.q0)));
}

/** The expansions as functions of t, for overlays: R(t), W2(t), f(t) to the printed order. */
export interface EarlyCurves {
  /** R^km(t) ≈ t·R'^km(0) (eq. 27), row-major */
  R: (t: number) => number[];
  /** W2^k(t) ≈ ½ t² W2''^k(0) (integrating eq. 28) */
  W2: (t: number) => number[];
  /** f^k(t) ≈ f^k(0) + t f'^k(0) (eq. 30 as printed) */
  fPaper: (t: number) => number[];
  /** f^k(t) ≈ f^k(0) + t f'^k(0) (eq. 30 corrected) */
  fCorrected: (t: number) => number[];
}

export function earlyCurves(s: E1Setting): EarlyCurves {
  const r1 = eq27dRdt(s);
  const w2 = eq28d2W2dt2(s);
  const fp = eq29dfdtPaper(s);
  const fc = eq29dfdtCorrected(s);
  return {
    R: (t) => r1.map((v) => v * t),
    W2: (t) => w2.map((v) => 0.5 * v * t * t),
    fPaper: (t) => fp.map((v, k) => s.f[k] + v * t),
    fCorrected: (t) => fc.map((v, k) => s.f[k] + v * t),
  };
}

/** Normwise relative error max_i |p_i − o_i| / max_i |o_i| (0 when both vanish). */
export function normwiseRelErr(paper: ArrayLike<number>, ode: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < ode.length; i++) {
    num = Math.max(num, Math.abs(paper[i] - ode[i]));
    den = Math.max(den, Math.abs(ode[i]));
  }
  if (num === 0) return 0;
  return den === 0 ? Infinity : num / den;
}

/** Neville's scheme: value at x = 0 of the polynomial through (xs[i], ys[i]). */
export function extrapolateToZero(xs: readonly number[], ys: readonly number[]): number {
  const p = ys.slice();
  const n = xs.length;
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < n - j; i++) {
      // P_{i..i+j}(0) from P_{i..i+j-1}(0) and P_{i+1..i+j}(0)
      p[i] = (xs[i + j] * p[i] - xs[i] * p[i + 1]) / (xs[i + j] - xs[i]);
    }
  }
  return p[0];
}

export interface EarlyOptions {
  /**
   * largest time τ of the eq. 30 slope extrapolation; default 1/(40η) (0.5 at η = 0.05): the
   * 4-point extrapolation error falls like τ⁴ (measured 1.3e-11 relative at τ = 0.5, 1.2e-7 at 5)
   */
  tau?: number;
}

function check(eq: string, quantity: string, paper: number[], ode: number[], tol: number): EarlyCheck {
  const maxRelErr = normwiseRelErr(paper, ode);
  return { eq, quantity, paper, ode, maxRelErr, holds: maxRelErr <= tol };
}

/**
 * Evaluate eqs. 27–30 (printed and corrected) in the Supp. E.1 setting of a problem and check
 * each against the AFA ODE (closed-form RHS; eq. 30 against the solved trajectory).
 * The problem's rule and weight decay are ignored: the expansions are those of the paper's AFA ODE
 * (no decay; docs/rules.md "Weight decay").
 */
export function earlyChecks(problem: TheoryProblem, opts: EarlyOptions = {}): EarlyReport {
  const s = e1Setting(problem);
  const afaSetup = { ...problem.setup, rule: 'afa' as const, weightDecay: null };
  const rhs = buildAnalyticRhs(odeSystem({ ...problem, setup: afaSetup }));
  const L = stateLayout(s.K, s.M);
  const y0 = packState(s.initial);
  const dy0 = new Float64Array(L.size);
  rhs(0, y0, dy0);

  const dR = Array.from(dy0.subarray(L.offR, L.offR + s.K * s.M));
  const dW2 = Array.from(dy0.subarray(L.offW2, L.offW2 + s.K));
  const df = Array.from(dy0.subarray(L.offF, L.offF + s.K));

  // d²W2/dt²(0) = ∇(dW2/dt)·F(y0): central differences along v = F(y0)/‖F(y0)‖, Richardson h, h/2
  let norm = 0;
  for (let i = 0; i < dy0.length; i++) norm = Math.max(norm, Math.abs(dy0[i]));
  const d2W2 = new Array<number>(s.K).fill(0);
  if (norm > 0) {
    const scale = Math.max(1, ...Array.from(y0, Math.abs));
    const yp = new Float64Array(L.size), ym = new Float64Array(L.size);
    const dp = new Float64Array(L.size), dm = new Float64Array(L.size);
    const central = (h: number): number[] => {
      for (let i = 0; i < L.size; i++) {
        yp[i] = y0[i] + (h * dy0[i]) / norm;
        ym[i] = y0[i] - (h * dy0[i]) / norm;
      }
      rhs(0, yp, dp);
      rhs(0, ym, dm);
      const out: number[] = [];
      for (let k = 0; k < s.K; k++) out.push(((dp[L.offW2 + k] - dm[L.offW2 + k]) / (2 * h)) * norm);
      return out;
    };
    const h = 1e-3 * scale;
    const a = central(h), b = central(h / 2);
    for (let k = 0; k < s.K; k++) d2W2[k] = (4 * b[k] - a[k]) / 3;
  }

  // eq. 30: first-order coefficient of the solved f(t)
  const tau = opts.tau ?? 1 / (40 * s.eta);
  const ts = [tau, tau / 2, tau / 4, tau / 8];
  const times = [0, ...ts.slice().reverse()];
  const sol = solveTheory(theoryProblem({ setup: afaSetup, initial: s.initial, times }), { averages: 'analytic', rtol: 1e-12, atol: 1e-15 });
  if (sol.failure) throw new Error(`eq. 30 check: the ODE solve failed: ${sol.failure.message} at t=${sol.failure.t}`);
  const slope: number[] = [];
  for (let k = 0; k < s.K; k++) {
    const f0 = sol.states[0].f[k];
    const ys = ts.map((t) => {
      const i = Array.from(sol.times).findIndex((x) => Math.abs(x - t) <= 1e-12 * Math.max(1, t));
      if (i < 0) throw new Error(`eq. 30 check: the solver did not report t = ${t}`);
      return (sol.states[i].f[k] - f0) / t;
    });
    slope.push(extrapolateToZero(ts, ys));
  }

  const km = `k=1..${s.K}, m=1..${s.M}, row-major`;
  const kk = `k=1..${s.K}`;
  return {
    checks: [
      check('27', `dR^km/dt(0) (${km})`, eq27dRdt(s), dR, EARLY_TOLERANCES.rhs),
      check('27-W2', `dW2^k/dt(0) (${kk})`, new Array(s.K).fill(0), dW2, EARLY_TOLERANCES.rhs),
      check('28', `d²W2^k/dt²(0) (${kk})`, eq28d2W2dt2(s), d2W2, EARLY_TOLERANCES.secondDerivative),
      check('29', `df^k/dt(0) (${kk})`, eq29dfdtPaper(s), df, EARLY_TOLERANCES.rhs),
      check('29-corrected', `df^k/dt(0) (${kk})`, eq29dfdtCorrected(s), df, EARLY_TOLERANCES.rhs),
      check('30', `lim t→0 (f^k(t) − f^k(0))/t of the solved f (${kk})`, eq29dfdtPaper(s), slope, EARLY_TOLERANCES.slope),
      check('30-corrected', `lim t→0 (f^k(t) − f^k(0))/t of the solved f (${kk})`, eq29dfdtCorrected(s), slope, EARLY_TOLERANCES.slope),
    ],
  };
}
