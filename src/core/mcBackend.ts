/**
 * The Monte Carlo averaging backend (docs/averages.md, src/core/averaging.ts):
 * one bank of standard normals per solve (common random numbers, so the right-hand side is a
 * deterministic smooth function of the state), moment-matched, mapped to the current covariance
 * by its Cholesky factor, with antithetic pairs.
 *
 *   - ρ is replaced by its conditional mean: with fields ordered (λ, ν, ρ) the Cholesky map gives
 *     ρ = E[ρ | λ, ν] + L_ρρ z_ρ, z_ρ independent of everything else, so the ρ row is taken without
 *     its diagonal term (exact in expectation; removes the dominant noise of df/dt).
 *   - The bank has one column beyond the fields for the label noise ξ, so noisy and noiseless
 *     problems see the same fields.
 *   - `evenIntegrands`: for odd student and teacher activations every ODE integrand of every rule
 *     is even under (fields, ξ) → −(fields, ξ) (src/core/rules/rule.ts), so the antithetic partner
 *     repeats the sample exactly and is not recomputed (same estimator, half the cost).
 *   - PSD: "strict" throws NumericalError(covariance-not-psd) for an indefinite covariance; "trial"
 *     (inside an ODE step, whose trial stages may leave the PSD cone — the PEPITA Fig. 2 run at
 *     t ≈ 330 met a relative pivot of −3 % at a midpoint stage while the trajectory's smallest pivot
 *     was 0.14) clamps it like a singular one and counts it; the step's error estimate then decides,
 *     and the solve checks the output states strictly.
 */
import { recordErrorEstimate, type AveragerStats, type FieldIntegrand, type GaussianAveragingBackend } from './averaging.ts';
import { CholeskyInfo, choleskyPsd } from './linalg/cholesky.ts';
import { meanAndError, NormalBank, QuadraticControls } from './montecarlo.ts';

export interface MonteCarloBackendOptions {
  /** number of fields n = K + M + 1 (λ, ν, ρ) */
  fields: number;
  /** samples per average (antithetic pairs count twice) */
  samples: number;
  /** seed of the bank */
  seed: number;
  /** integrands even under a sign flip of (fields, ξ): evaluate one member of each pair */
  evenIntegrands: boolean;
  psd: 'strict' | 'trial';
}

export class MonteCarloBackend implements GaussianAveragingBackend {
  readonly stats: AveragerStats;
  readonly bank: NormalBank;
  /** averages at which an indefinite covariance was clamped ("trial" mode) */
  indefiniteAverages = 0;
  private readonly n: number;
  private readonly even: boolean;
  private readonly strict: boolean;
  private readonly L: Float64Array;
  private readonly factorInfo = new CholeskyInfo();
  private readonly lz: Float64Array;
  private readonly fields: Float64Array;
  private sumSq = new Float64Array(0);
  private pairBuf = new Float64Array(0);
  private controls: QuadraticControls | null = null;
  private q = new Float64Array(0);
  private cross = new Float64Array(0);

  constructor(opts: MonteCarloBackendOptions) {
    const n = opts.fields;
    this.n = n;
    this.even = opts.evenIntegrands;
    this.strict = opts.psd === 'strict';
    this.bank = new NormalBank(n + 1, opts.samples, opts.seed);
    this.L = new Float64Array(n * n);
    this.lz = new Float64Array(n);
    this.fields = new Float64Array(n);
    this.stats = { description: `mc: ${this.bank.samples} samples (seed ${opts.seed})`, nodes: this.even ? this.bank.pairs : this.bank.samples, averages: 0, errorEstimate: Number.NaN, errorEstimateMax: Number.NaN, budget: 'theory.mcSamples' };
  }

  private factor(C: Float64Array, t: number): void {
    if (this.strict) choleskyPsd(C, this.n, this.L, t, false, this.factorInfo);
    else if (choleskyPsd(C, this.n, this.L, t, true, this.factorInfo) > 0 && this.factorInfo.negative > 0) this.indefiniteAverages++;
  }

  /** The fields of pair p (sign +1 or −1) into this.fields; returns ξ. */
  private fieldsOf(p: number, sign: number): number {
    const { n, L, lz, fields } = this;
    const z = this.bank.z;
    const zo = p * (n + 1);
    if (sign === 1) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        const row = i * n;
        // the ρ row (i = n−1) without its own term: E[ρ | λ, ν]
        const jEnd = i === n - 1 ? i - 1 : i;
        for (let j = 0; j <= jEnd; j++) s += L[row + j] * z[zo + j];
        lz[i] = s;
      }
    }
    for (let i = 0; i < n; i++) fields[i] = sign * lz[i];
    return sign * z[zo + n];
  }

  average(C: Float64Array, integrand: FieldIntegrand, out: Float64Array, t: number, known?: Float64Array): void {
    if (!allFinite(C, this.n * this.n)) {
      // a non-finite trial state: hand NaN back so the integrator reports which component
      out.fill(Number.NaN, 0, integrand.size);
      return;
    }
    this.factor(C, t);
    this.stats.averages++;
    const size = integrand.size;
    if (this.pairBuf.length < size) this.pairBuf = new Float64Array(size);
    const pairBuf = this.pairBuf;
    if (this.sumSq.length < size) this.sumSq = new Float64Array(size);
    const sumSq = this.sumSq;
    out.fill(0, 0, size);
    sumSq.fill(0, 0, size);
    const pairs = this.bank.pairs;
    const lastSign = this.even ? 1 : -1;
    for (let p = 0; p < pairs; p++) {
      pairBuf.fill(0, 0, size);
      for (let sign = 1; sign >= lastSign; sign -= 2) {
        const xi = this.fieldsOf(p, sign);
        integrand.accumulate(this.fields, xi, 1, pairBuf);
      }
      for (let i = 0; i < size; i++) {
        out[i] += pairBuf[i];
        sumSq[i] += pairBuf[i] * pairBuf[i];
      }
    }
    // the plain standard error of the pair means, relative to the whole output: it ignores the
    // moment matching of the bank (averageWithErrors accounts for it), so it overstates
    const pairScale = this.even ? 1 : 0.5;
    let errMax = 0;
    let scale = 0;
    for (let i = 0; i < size; i++) {
      errMax = Math.max(errMax, pairScale * meanAndError(out[i], sumSq[i], pairs).stdErr);
      out[i] *= pairScale / pairs;
      if (known !== undefined) out[i] += known[i];
      scale = Math.max(scale, Math.abs(out[i]));
    }
    recordErrorEstimate(this.stats, errMax, scale);
  }

  /** `average` plus the standard error of every component (control-variate estimator of the moment-matched bank). */
  averageWithErrors(C: Float64Array, integrand: FieldIntegrand, out: Float64Array, stdErr: Float64Array, t: number): void {
    this.factor(C, t);
    this.stats.averages++;
    const size = integrand.size;
    const pairBuf = new Float64Array(size);
    const acc2 = new Float64Array(size);
    if (this.bank.momentMatched && this.controls === null) {
      this.controls = new QuadraticControls(this.bank);
      this.q = new Float64Array(this.controls.count);
    }
    const controls = this.controls;
    const F = this.q.length;
    if (controls && this.cross.length !== size * F) this.cross = new Float64Array(size * F);
    this.cross.fill(0);
    out.fill(0, 0, size);
    const pairs = this.bank.pairs;
    const lastSign = this.even ? 1 : -1;
    const pairScale = this.even ? 1 : 0.5;
    for (let p = 0; p < pairs; p++) {
      pairBuf.fill(0);
      for (let sign = 1; sign >= lastSign; sign -= 2) {
        const xi = this.fieldsOf(p, sign);
        integrand.accumulate(this.fields, xi, pairScale, pairBuf);
      }
      if (controls) controls.features(p, this.q);
      for (let i = 0; i < size; i++) {
        const a = pairBuf[i];
        out[i] += a;
        acc2[i] += a * a;
        if (controls) for (let j = 0; j < F; j++) this.cross[i * F + j] += a * this.q[j];
      }
    }
    for (let i = 0; i < size; i++) {
      stdErr[i] = controls ? controls.stdErr(out[i], acc2[i], this.cross, i * F) : meanAndError(out[i], acc2[i], pairs).stdErr;
      out[i] /= pairs;
    }
    // one standard error relative to the whole output, as the cubature backend's (per-component
    // standard errors: averageWithErrors)
    let errMax = 0;
    let scale = 0;
    for (let i = 0; i < size; i++) {
      errMax = Math.max(errMax, stdErr[i]);
      scale = Math.max(scale, Math.abs(out[i]));
    }
    recordErrorEstimate(this.stats, errMax, scale);
  }
}

function allFinite(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
