/**
 * ODE right-hand sides with Monte Carlo Gaussian averages (DESIGN.md "The ODEs"), for any
 * supported student/teacher activations:
 *
 *   - bp / dfa / afa (eqs. 22–23 generalised to the feedback b: b = W2 for BP, the fixed
 *     `feedbackWeights` for DFA, b = f for AFA). With u_k = b_k g'(λ^k) e:
 *       dQ^kl/dt = −η E[u_k λ^l + u_l λ^k] + η² E[u_k u_l]
 *       dR^km/dt = −η E[u_k ν^m],   dW2^k/dt = −η₂ E[g(λ^k) e],   df^k/dt = −η E[u_k ρ]
 *   - pepita: the exact leading-order PEPITA ODE (no Taylor expansion of the modulated pass).
 *     With λ̃^k = λ^k − f^k e (the field of the modulated pass), h̃_k = g(λ̃^k),
 *     Δh_k = g(λ^k) − h̃_k:
 *       dQ^kl/dt = −η E[Δh_k λ̃^l + Δh_l λ̃^k] + η² E[Δh_k Δh_l]
 *       dR^km/dt = −η E[Δh_k (ν^m − f̃^m e)],   dW2^k/dt = −η₂ E[h̃_k e],
 *       df^k/dt  = −η E[Δh_k (ρ − q_f e)]
 *     (x_err·W1^l/√D = λ^l − f^l e, x_err·W̃1^m/√D = ν^m − f̃^m e, x_err·F/√D = ρ − q_f e and
 *     ‖x_err‖²/D → 1 as D → ∞).
 *
 * Both share one shape, so one kernel serves all rules: per sample it forms a "drive" u_k
 * (b_k g'(λ^k) e, or Δh_k), the fields seen by the update (λ, ν, ρ, or their modulated
 * versions) and the second-layer factor (g(λ^k) e, or h̃_k e), and accumulates the per-sample
 * contribution to every component of dy in one pass over the sample bank.
 *
 * Variance reduction (exact in expectation): ρ = F·x/√D enters every integrand only as a linear
 * factor (df^k/dt), never inside e or an activation. With the fields ordered (λ, ν, ρ), the
 * Cholesky map gives ρ = E[ρ | λ, ν] + L_ρρ z_ρ with z_ρ independent of λ, ν and ξ, so
 * E[u ρ] = E[u E[ρ | λ, ν]]: the kernel uses E[ρ | λ, ν] (the last Cholesky row without its
 * diagonal term). This removes the dominant noise of df/dt when ρ is weakly correlated with the
 * other fields (f, f̃ small — the AFA/PEPITA regime), where E[u ρ] is small but u ρ is O(1).
 *
 * The error e = Σ_k W2^k g(λ^k) − Σ_m W̃2^m g̃(ν^m) − σξ includes the label noise: ξ is an extra,
 * independent column of the bank. Averages use common random numbers (one bank per RHS built)
 * and antithetic pairs (src/core/montecarlo.ts), so the RHS is a deterministic function of the
 * state, smooth for smooth activations (for relu, g' jumps make it piecewise smooth with jumps of
 * order 1/n).
 */
import { choleskyPsd, isOddActivation, meanAndError, NormalBank, QuadraticControls, SINGULAR_PIVOT_TOL } from '../src/core/montecarlo.ts';
import { covarianceOf, emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import { stateLayout, unpackState, type RhsFunction, type TheoryProblem } from './state.ts';

export interface McRhsOptions {
  /** samples per average (antithetic pairs count twice) */
  samples: number;
  /** seed of the sample bank */
  seed: number;
  /**
   * What an indefinite covariance does: "strict" throws NumericalError("covariance", t, …);
   * "trial" (the default of buildMcRhs) clamps it, see McRhsKernel.evaluate.
   */
  psd?: 'strict' | 'trial';
}

/** Per-component Monte Carlo standard errors of a right-hand side evaluation. */
export interface McRhsEvaluation {
  dy: Float64Array;
  stdErr: Float64Array;
}

/**
 * The Monte Carlo right-hand side of a problem: its bank, its scratch space and one
 * allocation-free evaluation (optionally with standard errors).
 */
export class McRhsKernel {
  readonly p: TheoryProblem;
  readonly bank: NormalBank;
  /** number of evaluations so far */
  evals = 0;
  /** evaluations at which an indefinite covariance was clamped ("trial" mode) */
  indefiniteEvals = 0;
  /** the most negative relative pivot met in "trial" mode (0 if none) */
  worstPivot = 0;
  private readonly strict: boolean;
  /**
   * true when student and teacher activations are both odd (erf, tanh, linear): then every
   * integrand of the ODEs is even under (λ, ν, ρ, ξ) → −(λ, ν, ρ, ξ) — e, g(λ), λ, ν, ρ, Δh_k and
   * λ^k − f^k e are odd, g' is even, and each term multiplies two odd factors — so the antithetic
   * partner gives exactly the same value and is not recomputed (same estimator, half the cost).
   */
  readonly evenIntegrands: boolean;
  private readonly size: number;
  private readonly o: Overlaps;
  private readonly C: Float64Array;
  private readonly L: Float64Array;
  private readonly lz: Float64Array;
  private readonly lam: Float64Array;
  private readonly lamMod: Float64Array;
  private readonly nu: Float64Array;
  private readonly nuMod: Float64Array;
  private readonly gLam: Float64Array;
  private readonly drive: Float64Array;
  private readonly second: Float64Array;
  private readonly pairBuf: Float64Array;
  private readonly acc: Float64Array;
  private readonly acc2: Float64Array;
  private readonly bvec: Float64Array;
  /** standard-error machinery of the moment-matched bank (built on the first evaluation with errors) */
  private controls: QuadraticControls | null = null;
  private q = new Float64Array(0);
  private cross = new Float64Array(0);

  constructor(p: TheoryProblem, opts: McRhsOptions) {
    const { K, M } = p;
    if (p.rule === 'dfa' && (p.feedbackWeights === null || p.feedbackWeights.length !== K)) {
      throw new Error(`rule "dfa" needs ${K} feedbackWeights`);
    }
    this.p = p;
    this.strict = opts.psd === 'strict';
    this.evenIntegrands = isOddActivation(p.student) && isOddActivation(p.teacher);
    const n = K + M + 1;
    // fields λ_1..λ_K, ν_1..ν_M, ρ, then one independent column for the output noise ξ
    this.bank = new NormalBank(n + 1, opts.samples, opts.seed);
    this.size = stateLayout(K, M).size;
    this.o = emptyOverlaps(K, M);
    this.C = new Float64Array(n * n);
    this.L = new Float64Array(n * n);
    this.lz = new Float64Array(n);
    this.lam = new Float64Array(K);
    this.lamMod = new Float64Array(K);
    this.nu = new Float64Array(M);
    this.nuMod = new Float64Array(M);
    this.gLam = new Float64Array(K);
    this.drive = new Float64Array(K);
    this.second = new Float64Array(K);
    this.pairBuf = new Float64Array(this.size);
    this.acc = new Float64Array(this.size);
    this.acc2 = new Float64Array(this.size);
    this.bvec = new Float64Array(K);
  }

  /** bookkeeping of a clamped (indefinite or singular) covariance in "trial" mode; off the hot path */
  private noteIndefinite(n: number): void {
    const C = this.C;
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(C[i * n + i]));
    // smallest pivot, recomputed without clamping on a scratch copy of the factor
    let worst = 0;
    const L = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      let d = C[j * n + j];
      for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
      if (d / scale < worst) worst = d / scale;
      const piv = Math.sqrt(Math.max(d, SINGULAR_PIVOT_TOL * scale));
      L[j * n + j] = piv;
      for (let i = j + 1; i < n; i++) {
        let s = C[i * n + j];
        for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
        L[i * n + j] = d > SINGULAR_PIVOT_TOL * scale ? s / piv : 0;
      }
    }
    if (worst < -SINGULAR_PIVOT_TOL) {
      this.indefiniteEvals++;
      if (worst < this.worstPivot) this.worstPivot = worst;
    }
  }

  /**
   * dy ← RHS(t, y). With `stdErr` given, also writes the standard error of every component.
   * In "strict" mode an indefinite covariance throws NumericalError("covariance", t, …) naming
   * the smallest pivot. In "trial" mode (inside an ODE solve) it is clamped: negative Cholesky
   * pivots are treated like singular ones (src/core/montecarlo.ts). Reason: an extrapolation or
   * Runge–Kutta step evaluates the RHS at trial states off the trajectory, which for large steps
   * can leave the PSD cone (PEPITA, Fig. 2 setting, t ≈ 330: a midpoint sub-step of a step of
   * length ≈ 50 gave a relative pivot of −3 % while the trajectory's smallest pivot was 0.14);
   * the closed-form RHS is evaluated there too, through its clamped asin/sqrt guards. The step's
   * error estimate then decides. A genuinely indefinite *trajectory* is caught at the output
   * states (see `assertPsdState`).
   */
  evaluate(t: number, y: Float64Array, dy: Float64Array, stdErr: Float64Array | null = null): void {
    this.evals++;
    const p = this.p;
    const { K, M } = p;
    const n = K + M + 1;
    const dim = n + 1;
    const o = unpackState(y, p, this.o);
    covarianceOf(o, this.C);
    const L = this.L;
    if (!this.strict && !allFinite(this.C, n * n)) {
      // a non-finite trial state: hand NaN back so the solver wrapper reports which component
      dy.fill(Number.NaN);
      return;
    }
    if (this.strict) choleskyPsd(this.C, n, L, t);
    else if (choleskyPsd(this.C, n, L, t, true) > 0) this.noteIndefinite(n);

    const pepita = p.rule === 'pepita';
    const afa = p.rule === 'afa';
    const bp = p.rule === 'bp';
    const fb = p.feedbackWeights;
    const W2 = o.W2;
    const W2t = o.W2t;
    const f = o.f;
    const ft = o.ft;
    const qf = o.qf;
    const sigma = p.noise;
    const eta = p.eta;
    const eta2 = p.eta2;
    const g = p.student.g;
    const dg = p.student.dg;
    const gt = p.teacher.g;
    const { lz, lam, lamMod, nu, nuMod, gLam, drive, second, pairBuf, acc, acc2 } = this;
    const size = this.size;
    const offR = (K * (K + 1)) / 2;
    const offW2 = offR + K * M;
    const offF = offW2 + K;
    const wantErr = stdErr !== null;
    const z = this.bank.z;
    const pairs = this.bank.pairs;
    // odd activations: every integrand is even in (fields, ξ), the partner −z repeats +z exactly
    const lastSign = this.evenIntegrands ? 1 : -1;
    const pairScale = this.evenIntegrands ? 1 : 0.5;
    acc.fill(0);
    const etaSq = eta * eta;
    // the feedback b of bp/dfa/afa, fixed during one evaluation
    const bvec = this.bvec;
    for (let k = 0; k < K; k++) bvec[k] = afa ? f[k] : bp ? W2[k] : fb !== null ? fb[k] : 0;
    if (wantErr) {
      acc2.fill(0);
      if (this.bank.momentMatched && this.controls === null) {
        this.controls = new QuadraticControls(this.bank);
        this.q = new Float64Array(this.controls.count);
        this.cross = new Float64Array(size * this.controls.count);
      }
      this.cross.fill(0);
    }

    for (let pi = 0; pi < pairs; pi++) {
      const zo = pi * dim;
      // correlated fields L z (the antithetic partner is −L z)
      // ρ enters only linearly, so it is replaced by E[ρ | λ, ν] (Rao–Blackwell): the j = n−1
      // term L_ρρ z_ρ, independent of everything else, is dropped (j < i for the last row)
      for (let i = 0; i < n; i++) {
        let s = 0;
        const row = i * n;
        const jEnd = i === n - 1 ? i - 1 : i;
        for (let j = 0; j <= jEnd; j++) s += L[row + j] * z[zo + j];
        lz[i] = s;
      }
      const xi0 = z[zo + n];
      for (let i = 0; i < size; i++) pairBuf[i] = 0;
      for (let sign = 1; sign >= lastSign; sign -= 2) {
        // fields of this sample and the error e (with label noise −σξ)
        let e = -sigma * sign * xi0;
        for (let k = 0; k < K; k++) {
          const l = sign * lz[k];
          lam[k] = l;
          const gl = g(l);
          gLam[k] = gl;
          e += W2[k] * gl;
        }
        for (let m = 0; m < M; m++) {
          const v = sign * lz[K + m];
          nu[m] = v;
          e -= W2t[m] * gt(v);
        }
        let rho = sign * lz[K + M];
        if (pepita) {
          // modulated pass: fields of x_err = x − F e/√D
          for (let k = 0; k < K; k++) {
            const lm = lam[k] - f[k] * e;
            lamMod[k] = lm;
            const hm = g(lm);
            drive[k] = gLam[k] - hm; // Δh_k
            second[k] = hm * e; // h̃_k e
          }
          for (let m = 0; m < M; m++) nuMod[m] = nu[m] - ft[m] * e;
          rho -= qf * e;
        } else {
          for (let k = 0; k < K; k++) {
            drive[k] = bvec[k] * dg(lam[k]) * e; // u_k = b_k g'(λ^k) e
            second[k] = gLam[k] * e; // g(λ^k) e
            lamMod[k] = lam[k];
          }
          for (let m = 0; m < M; m++) nuMod[m] = nu[m];
        }
        // per-sample contributions to dy, summed over the antithetic pair in pairBuf (zeroed per pair)
        let idx = 0;
        for (let k = 0; k < K; k++) {
          const uk = drive[k];
          const ak = lamMod[k];
          for (let l = k; l < K; l++) {
            pairBuf[idx++] += -eta * (uk * lamMod[l] + drive[l] * ak) + etaSq * uk * drive[l];
          }
        }
        for (let k = 0; k < K; k++) {
          const c0 = -eta * drive[k];
          for (let m = 0; m < M; m++) pairBuf[idx++] += c0 * nuMod[m];
        }
        for (let k = 0; k < K; k++) pairBuf[offW2 + k] += -eta2 * second[k];
        for (let k = 0; k < K; k++) pairBuf[offF + k] += -eta * drive[k] * rho;
      }
      if (wantErr) {
        const controls = this.controls;
        const q = this.q;
        const F = q.length;
        if (controls) controls.features(pi, q);
        for (let i = 0; i < size; i++) {
          const a = pairScale * pairBuf[i];
          acc[i] += a;
          acc2[i] += a * a;
          if (controls) for (let j = 0; j < F; j++) this.cross[i * F + j] += a * q[j];
        }
      } else {
        for (let i = 0; i < size; i++) acc[i] += pairBuf[i];
      }
    }
    if (wantErr) {
      for (let i = 0; i < size; i++) {
        dy[i] = acc[i] / pairs;
        stdErr![i] = this.controls
          ? this.controls.stdErr(acc[i], acc2[i], this.cross, i * this.q.length)
          : meanAndError(acc[i], acc2[i], pairs).stdErr;
      }
    } else {
      const inv = pairScale / pairs;
      for (let i = 0; i < size; i++) dy[i] = acc[i] * inv;
    }
  }
}

function allFinite(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** The Monte Carlo RHS of a problem (bp, dfa, afa with any activations; pepita exact). */
export function buildMcRhs(p: TheoryProblem, opts: McRhsOptions): RhsFunction {
  const kernel = new McRhsKernel(p, opts);
  return (t, y, dy) => kernel.evaluate(t, y, dy);
}

/**
 * Throws NumericalError("covariance", t, "covariance not positive semi-definite: smallest pivot …")
 * when the covariance of the local fields of state y is indefinite; a no-op otherwise. For the
 * output states of a solve (the trial stages inside a step are clamped, see McRhsKernel).
 */
export function assertPsdState(y: ArrayLike<number>, p: TheoryProblem, t: number): void {
  const n = p.K + p.M + 1;
  const C = covarianceOf(unpackState(y, p));
  choleskyPsd(C, n, new Float64Array(n * n), t);
}

/** One Monte Carlo RHS evaluation with the standard error of every component (for tests; strict PSD check by default). */
export function mcRhsWithStdErr(p: TheoryProblem, opts: McRhsOptions, y: Float64Array, t = 0): McRhsEvaluation {
  const kernel = new McRhsKernel(p, { psd: 'strict', ...opts });
  const dy = new Float64Array(y.length);
  const stdErr = new Float64Array(y.length);
  kernel.evaluate(t, y, dy, stdErr);
  return { dy, stdErr };
}
