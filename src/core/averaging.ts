/**
 * The averaging backend interface (docs/averages.md): a rule's per-sample integrand
 * over the local fields goes in, its Gaussian average comes out.
 *
 * The fields are (λ_1..λ_K, ν_1..ν_M, ρ) ~ N(0, C) with C = [[Q, R, f], [Rᵀ, T, f̃], [fᵀ, f̃ᵀ, q_f]]
 * (n = K + M + 1), plus the label noise ξ ~ N(0, 1) independent of them. ρ enters every ODE
 * integrand only linearly, so a backend never spends a dimension on it: it hands the integrand
 * ρ̄ = E[ρ | λ, ν] in the last slot (exact in expectation: E[u(λ, ν, ξ) ρ] = E[u ρ̄]). ξ is a
 * dimension only when the problem is noisy (σ > 0); otherwise the integrand gets ξ = 0.
 *
 * Backends: closed forms (theory/rhs.ts, not behind this interface: they are fused per rule
 * family), Monte Carlo with common random numbers (src/core/montecarlo.ts), deterministic
 * cubature (src/core/cubature/).
 */

/** A vector-valued integrand over the fields. Must not allocate. */
export interface FieldIntegrand {
  /** length of the output vector */
  readonly size: number;
  /**
   * acc[i] += weight · φ_i(fields, ξ). `fields` holds (λ_1..λ_K, ν_1..ν_M, ρ̄) with ρ̄ = E[ρ | λ, ν];
   * `xi` is the noise normal (0 when the problem is noiseless).
   */
  accumulate(fields: Float64Array, xi: number, weight: number, acc: Float64Array): void;
}

/** What a backend reports about its own accuracy and cost (recorded in run.json's stats). */
export interface AveragerStats {
  /** backend name and its rule, e.g. "cubature: tensor Gauss–Hermite 16^4" or "mc: 100000 samples" */
  readonly description: string;
  /** integrand evaluations per average */
  readonly nodes: number;
  /** averages computed so far */
  averages: number;
  /**
   * the backend's own estimate of its error on the last average checked, relative to the whole
   * output vector (max_i |error_i| / max_i |out_i|: two levels of the rule, or one standard error),
   * NaN when not estimated; set through recordErrorEstimate
   */
  errorEstimate: number;
  /** the largest errorEstimate over every average checked so far (NaN when none was) */
  errorEstimateMax?: number;
  /** the config field that sets this backend's budget (raise it for accuracy), e.g. "theory.cubatureNodes" */
  readonly budget?: string;
}

/**
 * Records one average's error estimate, relative to the whole output: `error` (max_i of the
 * components' absolute error estimates) over `scale` (max_i |out_i|; the absolute error when the
 * output is all zero), as the last (errorEstimate) and the running largest (errorEstimateMax).
 */
export function recordErrorEstimate(stats: AveragerStats, error: number, scale: number): void {
  const estimate = scale > 0 ? error / scale : error;
  stats.errorEstimate = estimate;
  const max = stats.errorEstimateMax ?? Number.NaN;
  stats.errorEstimateMax = Number.isNaN(max) || estimate > max ? estimate : max;
}

/** A Gaussian averaging backend for one problem shape (K, M, noisy or not). */
export interface GaussianAveragingBackend {
  readonly stats: AveragerStats;
  /**
   * out ← E[φ(fields, ξ)] for fields ~ N(0, C) (C: n×n row-major covariance of λ, ν, ρ, n = K+M+1),
   * ξ ~ N(0, 1) when noisy. `t` is only for messages (a NumericalError names it when C is not
   * positive semi-definite beyond rounding). `known` (optional, `integrand.size` numbers): a part of
   * the result known exactly — a control variate's closed-form mean — added to `out`; an error
   * estimate is then relative to the total, not to the averaged difference alone.
   */
  average(C: Float64Array, integrand: FieldIntegrand, out: Float64Array, t: number, known?: Float64Array): void;
}
