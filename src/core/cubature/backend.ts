/**
 * Deterministic cubature backend for the Gaussian averages of the ODEs (DESIGN.md "Gaussian
 * averages"; interface in src/core/averaging.ts).
 *
 * Per average: the covariance C of (λ, ν, ρ) is factored once (`choleskyPsd`, the PSD check of a
 * running solve), then each point z of a fixed standard-normal point set (tensor Gauss–Hermite or
 * Smolyak, src/core/cubature/pointSet.ts) is mapped to the fields
 *   (λ, ν) = L_xx z_x,   ρ̄ = E[ρ | λ, ν] = ℓ_ρ · z_x   (ℓ_ρ: the last Cholesky row without its
 *   diagonal), ξ = z_ξ (noisy problems only; ξ = 0 otherwise),
 * so the dimension is K + M (+1 with noise): ρ never costs one (it enters every integrand
 * linearly). The map is the lower Cholesky factor, smooth in C; the principal-axis and symmetric
 * roots (option `root`) were measured against it (bench/RESULTS.md "Cubature") and are kept for
 * such comparisons only. The student dimensions (the first K under Cholesky) are integrated with
 * nodes scaled by STUDENT_SCALE (below).
 *
 * Error estimate: on the first average and every `checkEvery`-th one after it, the same average is
 * also computed with a coarser rule of the same family (tensor n − 4 nodes per dimension,
 * Smolyak level − 1; ruleChoice.ts coarserRule); the estimate is max_i |Δ_i| / max_i |out_i|.
 * For the geometrically convergent smooth cases this is about the error of the coarser rule, i.e.
 * an overestimate of the error of the rule used (by the ratio of consecutive levels' errors,
 * measured ≈ 3–10×). Near convergence the RHS is small (cancellations), so relative errors and
 * estimates grow there.
 *
 * Even integrands (`evenIntegrands`): the point sets are symmetric under z → −z, so one point
 * of each ± pair is evaluated with the pair's weight (the folded set, built on first use).
 *
 *   const b = new CubatureBackend({ K: 2, M: 2, noisy: false },
 *     { rule: chooseCubatureRule(4, 60_000), psd: 'strict', checkEvery: 1, evenIntegrands: true });
 *   b.average(C, integrand, out, t);   // out ← E[φ]; b.stats.errorEstimate
 */
import type { AveragerStats, FieldIntegrand, GaussianAveragingBackend } from '../averaging.ts';
import { choleskyPsd } from '../montecarlo.ts';
import { GaussHermiteTable } from './gaussHermite.ts';
import { scaledPointSet, smolyakPointCount, smolyakPointSet, tensorPointSet, type PointSet } from './pointSet.ts';
import { jacobiEigen } from '../linalg.ts';
import { coarserRule, describeRule, type CubatureRule } from './ruleChoice.ts';

export interface CubatureBackendOptions {
  /** the rule (see chooseCubatureRule in ruleChoice.ts for the choice by node budget) */
  rule: CubatureRule;
  /**
   * "strict": a covariance that is not PSD beyond rounding throws NumericalError (covariance, t);
   * "trial": it is clamped like McRhsKernel does for the trial stages of an ODE step.
   */
  psd: 'strict' | 'trial';
  /** compute the error estimate on the first average and every checkEvery-th after it (0: never) */
  checkEvery: number;
  /**
   * map z → (λ, ν): "cholesky" (default) the lower Cholesky factor; "pca" V Λ^{1/2} (principal
   * axes, decreasing variance); "symmetric" V Λ^{1/2} Vᵀ. ρ̄ is E[ρ | λ, ν] in every case.
   */
  root?: CubatureRoot;
  /**
   * every integrand is even under (fields, ξ) → −(fields, ξ) (odd student and teacher activations,
   * src/core/rules/rule.ts): one point of each ± pair of the symmetric rule is evaluated
   */
  evenIntegrands: boolean;
  /**
   * scale of the nodes per dimension (scaledPointSet in pointSet.ts); default: STUDENT_SCALE on
   * the K student dimensions (the first K of the Cholesky root), 1 on the teacher and noise ones
   */
  scale?: number | ArrayLike<number>;
}

/**
 * Node scale of the student dimensions, 1/√2. The student integrands carry Gaussian factors:
 * g'(λ) = √(2/π)e^{−λ²/2} for erf (the alignment family), and Δh = g(λ) − g(λ − f e) ≈ f e g'(λ)
 * for PEPITA. Gauss–Hermite on e^{−σ²z²/2} converges only like (σ²/(1+σ²))^n; the scale
 * s = 1/√(1+σ²) absorbs it exactly, 1/√2 at unit variance. Measured (bench/RESULTS.md "Cubature"):
 * on the Fig. 2 PEPITA states near the plateau escape (t ≈ 290, 930) Smolyak level 8 goes from
 * 9e-3 and 5e-3 relative error unscaled to 3e-5 and 2e-5; on random erf AFA states 100× smaller;
 * scaling the teacher dimensions as well was worse (they carry only g(ν)).
 */
export const STUDENT_SCALE = Math.SQRT1_2;

/**
 * How often an ODE solve's backend checks its error (every 16th average, and the first): the check
 * costs one coarser average (≈ 0.45 of an average for Smolyak level − 1), so ≈ 3 % of the solve.
 */
export const CUBATURE_CHECK_EVERY = 16;

export type CubatureRoot = 'cholesky' | 'pca' | 'symmetric';

/** Shape of the averages: fields λ (K), ν (M), ρ; ξ a dimension when noisy. */
export interface FieldShape {
  readonly K: number;
  readonly M: number;
  readonly noisy: boolean;
}

/** The full and folded point sets of one rule, built lazily. */
class RulePoints {
  private full: PointSet | null = null;
  private folded: PointSet | null = null;
  constructor(private readonly table: GaussHermiteTable, readonly rule: CubatureRule, private readonly dim: number, private readonly scale: number | ArrayLike<number>) {}

  get(even: boolean): PointSet {
    if (even) return (this.folded ??= this.build(true));
    return (this.full ??= this.build(false));
  }

  private build(fold: boolean): PointSet {
    const s = this.rule.kind === 'tensor'
      ? tensorPointSet(this.table, this.dim, this.rule.n, fold)
      : smolyakPointSet(this.table, this.dim, this.rule.level, fold);
    // scaling is symmetric under z → −z, so it commutes with folding
    return scaledPointSet(s, this.scale);
  }
}

export class CubatureBackend implements GaussianAveragingBackend {
  readonly stats: AveragerStats;
  /** the same object as `stats`, writable here: `nodes` becomes exact when the set is built */
  private readonly ownStats: AveragerStats & { nodes: number };
  readonly shape: FieldShape;
  /** averages whose covariance had clamped (singular or, in trial mode, indefinite) pivots */
  clampedAverages = 0;
  private readonly opts: CubatureBackendOptions;
  /** integration dimension K + M (+1) */
  private readonly dim: number;
  private readonly n: number;
  private readonly points: RulePoints;
  private readonly coarse: RulePoints | null;
  private readonly L: Float64Array;
  /** the map z → fields: n × (n − 1), row-major; last row gives ρ̄ */
  private readonly G: Float64Array;
  private readonly eig: { values: Float64Array; vectors: Float64Array; work: Float64Array; block: Float64Array; beta: Float64Array } | null;
  private readonly fields: Float64Array;
  private scratch = new Float64Array(0);

  constructor(shape: FieldShape, opts: CubatureBackendOptions) {
    this.shape = shape;
    this.opts = opts;
    this.n = shape.K + shape.M + 1;
    this.dim = shape.K + shape.M + (shape.noisy ? 1 : 0);
    const table = new GaussHermiteTable();
    const scale = opts.scale ?? Array.from({ length: this.dim }, (_, j) => (j < shape.K ? STUDENT_SCALE : 1));
    this.points = new RulePoints(table, opts.rule, this.dim, scale);
    const c = opts.checkEvery > 0 ? coarserRule(opts.rule) : null;
    this.coarse = c === null ? null : new RulePoints(table, c, this.dim, scale);
    this.L = new Float64Array(this.n * this.n);
    const nx = this.n - 1;
    this.G = new Float64Array(this.n * nx);
    this.eig = (opts.root ?? 'cholesky') === 'cholesky' ? null : {
      values: new Float64Array(nx), vectors: new Float64Array(nx * nx), work: new Float64Array(nx * nx),
      block: new Float64Array(nx * nx), beta: new Float64Array(nx),
    };
    this.fields = new Float64Array(this.n);
    // the point set is built on the first average (a backend that never averages — the output-state
    // one of a solve with closed-form εg — costs nothing); until then `nodes` is the counted size
    const counted = opts.rule.kind === 'tensor' ? opts.rule.n ** this.dim : smolyakPointCount(this.dim, opts.rule.level);
    this.ownStats = {
      description: `cubature: ${describeRule(opts.rule, this.dim)}${opts.root && opts.root !== 'cholesky' ? `, ${opts.root} root` : ''}${opts.scale === undefined ? ', student nodes ×1/√2' : ''}`,
      nodes: opts.evenIntegrands ? Math.ceil(counted / 2) : counted,
      averages: 0,
      errorEstimate: Number.NaN,
      errorEstimateMax: Number.NaN,
    };
    this.stats = this.ownStats;
  }

  average(C: Float64Array, integrand: FieldIntegrand, out: Float64Array, t: number): void {
    const n = this.n;
    const trial = this.opts.psd === 'trial';
    if (trial) {
      for (let i = 0; i < n * n; i++) {
        if (!Number.isFinite(C[i])) {
          // a non-finite trial state: NaN back, the solver wrapper reports which component
          out.fill(Number.NaN, 0, integrand.size);
          this.stats.averages++;
          return;
        }
      }
    }
    if (choleskyPsd(C, n, this.L, t, trial) > 0) this.clampedAverages++;
    this.buildMap(C);
    const even = this.opts.evenIntegrands;
    const set = this.points.get(even);
    this.ownStats.nodes = set.count;
    out.fill(0, 0, integrand.size);
    this.integrate(set, integrand, out);
    const every = this.opts.checkEvery;
    if (this.coarse !== null && this.stats.averages % every === 0) {
      if (this.scratch.length < integrand.size) this.scratch = new Float64Array(integrand.size);
      const coarse = this.scratch;
      coarse.fill(0, 0, integrand.size);
      this.integrate(this.coarse.get(even), integrand, coarse);
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < integrand.size; i++) {
        diff = Math.max(diff, Math.abs(out[i] - coarse[i]));
        scale = Math.max(scale, Math.abs(out[i]));
      }
      const est = scale > 0 ? diff / scale : diff;
      this.stats.errorEstimate = est;
      const max = this.stats.errorEstimateMax ?? Number.NaN;
      this.stats.errorEstimateMax = Number.isNaN(max) || est > max ? est : max;
    }
    this.stats.averages++;
  }

  /** G ← the map z → (λ, ν, ρ̄) for the chosen root (the Cholesky factor L is already in place) */
  private buildMap(C: Float64Array): void {
    const n = this.n;
    const nx = n - 1;
    const { L, G } = this;
    const eig = this.eig;
    if (eig === null) {
      for (let i = 0; i < n; i++) for (let j = 0; j < nx; j++) G[i * nx + j] = j <= i ? L[i * n + j] : 0;
      return;
    }
    const { values, vectors, work, block, beta } = eig;
    for (let i = 0; i < nx; i++) for (let j = 0; j < nx; j++) block[i * nx + j] = C[i * n + j];
    jacobiEigen(block, nx, values, vectors, work);
    // β = C_xx⁻¹ C_xρ = L_xx⁻ᵀ ℓ_ρ (ℓ_ρ: last Cholesky row without its diagonal), so ρ̄ = β·x
    for (let j = nx - 1; j >= 0; j--) {
      let s = L[nx * n + j];
      for (let i = j + 1; i < nx; i++) s -= L[i * n + j] * beta[i];
      beta[j] = s / L[j * n + j];
    }
    // columns of V Λ^{1/2} by decreasing eigenvalue (selection order into `work` as indices)
    const order = work; // reuse: the first nx entries hold the column order
    for (let j = 0; j < nx; j++) order[j] = j;
    for (let a = 0; a < nx; a++) {
      let best = a;
      for (let b = a + 1; b < nx; b++) if (values[order[b]] > values[order[best]]) best = b;
      const tmp = order[a]; order[a] = order[best]; order[best] = tmp;
    }
    const symmetric = this.opts.root === 'symmetric';
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < nx; j++) {
        let s = 0;
        if (symmetric) {
          for (let k = 0; k < nx; k++) s += vectors[i * nx + k] * Math.sqrt(Math.max(values[k], 0)) * vectors[j * nx + k];
        } else {
          const c = order[j];
          s = vectors[i * nx + c] * Math.sqrt(Math.max(values[c], 0));
        }
        G[i * nx + j] = s;
      }
    }
    for (let j = 0; j < nx; j++) {
      let s = 0;
      for (let i = 0; i < nx; i++) s += beta[i] * G[i * nx + j];
      G[nx * nx + j] = s;
    }
  }

  /** acc += Σ_p w_p φ(fields(z_p)): the hot loop (allocation-free, no library calls) */
  private integrate(set: PointSet, integrand: FieldIntegrand, acc: Float64Array): void {
    const n = this.n;
    const nx = n - 1; // λ and ν
    const dim = this.dim;
    const noisy = this.shape.noisy;
    const G = this.G;
    const x = this.fields;
    const z = set.nodes;
    const w = set.weights;
    for (let p = 0, o = 0; p < set.count; p++, o += dim) {
      for (let i = 0, row = 0; i < n; i++, row += nx) {
        let s = 0;
        for (let j = 0; j < nx; j++) s += G[row + j] * z[o + j];
        x[i] = s;
      }
      integrand.accumulate(x, noisy ? z[o + nx] : 0, w[p], acc);
    }
  }
}
