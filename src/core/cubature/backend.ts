/**
 * Deterministic cubature backend for the Gaussian averages of the ODEs (docs/averages.md;
 * interface in src/core/averaging.ts).
 *
 * Per average: the covariance C of (λ, ν, ρ) is factored once (`choleskyPsd`, the PSD check of a
 * running solve), then each point z of a fixed standard-normal point set (tensor Gauss–Hermite or
 * Smolyak, src/core/cubature/pointSet.ts) is mapped to the fields
 *   (λ, ν) = L_xx z_x,   ρ̄ = E[ρ | λ, ν] = ℓ_ρ · z_x   (ℓ_ρ: the last Cholesky row without its
 *   diagonal), ξ = z_ξ (noisy problems only; ξ = 0 otherwise),
 * so the dimension is K + M (+1 with noise): ρ never costs one (it enters every integrand
 * linearly). The map is the lower Cholesky factor, smooth in C; the principal-axis and symmetric
 * roots were measured against it (bench/cubatureRoots.ts, bench/RESULTS.md "Cubature"). The student dimensions (the first K under Cholesky) are integrated with
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
import { recordErrorEstimate, type AveragerStats, type FieldIntegrand, type GaussianAveragingBackend } from '../averaging.ts';
import { choleskyPsd } from '../linalg/cholesky.ts';
import { GaussHermiteTable } from './gaussHermite.ts';
import { latticePointSet } from './lattice.ts';
import { partPoints, partsOf, type NodeSplit } from './nodeSplit.ts';
import { scaledPointSet, smolyakPointSet, tensorPointSet, type PointSet } from './pointSet.ts';
import { coarserBudget, coarserRule, describeRule, rulePointCount, type CubatureRule } from './ruleChoice.ts';

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
   * every integrand is even under (fields, ξ) → −(fields, ξ) (odd student and teacher activations,
   * src/core/rules/rule.ts): one point of each ± pair of the symmetric rule is evaluated
   */
  evenIntegrands: boolean;
  /**
   * scale of the nodes per dimension (scaledPointSet in pointSet.ts); default: STUDENT_SCALE on
   * the K student dimensions (the first K of the Cholesky root), 1 on the teacher and noise ones.
   * "adaptive": the student dimensions scaled per average by s_k = 1/√(1 + L_kk²) (L: the Cholesky
   * factor of that average's covariance), see adaptiveStudentScale below; Cholesky root only.
   */
  scale?: number | ArrayLike<number> | 'adaptive';
  /** with scale "adaptive": a fixed scale of the M teacher dimensions (default 1) */
  teacherScale?: number;
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
 * The state-adapted student scale (`scale: "adaptive"`): under the Cholesky map the k-th student
 * dimension z_k enters λ^k with coefficient L_kk, so a Gaussian factor e^{−(λ^k)²/2} in the
 * integrand puts e^{−L_kk² z_k²/2} on z_k, which s_k = 1/√(1 + L_kk²) absorbs exactly (STUDENT_SCALE
 * is the case L_kk = 1). The weights carry the density ratio s_k e^{(1−s_k²) u²/2} of each node u,
 * so every average stays exact for what the rule integrates exactly after the change of variables.
 * Smooth in the state (no jumps in the RHS). Measured (bench/RESULTS.md "Cubature"): better than
 * the fixed 1/√2 on the PEPITA integrand minus its first-order part (theory/controlVariate.ts),
 * worse on the full integrand, whose first-order part g'(λ)·e is not a pure Gaussian factor; so
 * the theory uses it with the control variate only.
 */
export function adaptiveStudentScale(Lkk: number): number {
  return 1 / Math.sqrt(1 + Lkk * Lkk);
}

/**
 * How often an ODE solve's backend checks its error (every 16th average, and the first): the check
 * costs one coarser average (≈ 0.45 of an average for Smolyak level − 1), so ≈ 3 % of the solve.
 */
export const CUBATURE_CHECK_EVERY = 16;

/** Shape of the averages: fields λ (K), ν (M), ρ; ξ a dimension when noisy. */
export interface FieldShape {
  readonly K: number;
  readonly M: number;
  readonly noisy: boolean;
}

/**
 * A point set with, per student dimension, the index of each point's coordinate among that
 * dimension's distinct node values: the adaptive scale's density ratio e^{(1−s²)u²/2} is then one
 * table lookup per point and dimension, the table (a few dozen exps) refilled per average.
 */
interface ScaledSet {
  readonly set: PointSet;
  /** count × K value indices (students only; empty without the adaptive scale) */
  readonly ids: Uint32Array;
  /** per student dimension: its distinct node values, and the density-ratio table over them */
  readonly values: Float64Array[];
  readonly ratios: Float64Array[];
}

/** The full and folded point sets of one rule, built lazily. */
class RulePoints {
  private full: ScaledSet | null = null;
  private folded: ScaledSet | null = null;
  /** `students`: how many leading dimensions get the per-average adaptive scale (0: none) */
  constructor(private readonly table: GaussHermiteTable, readonly rule: CubatureRule, private readonly dim: number, private readonly scale: number | ArrayLike<number>, private readonly students: number) {}

  get(even: boolean): ScaledSet {
    if (even) return (this.folded ??= this.build(true));
    return (this.full ??= this.build(false));
  }

  private build(fold: boolean): ScaledSet {
    const r = this.rule;
    // a lattice is not symmetric: it is never folded (evaluated in full for even integrands too)
    const s = r.kind === 'tensor'
      ? tensorPointSet(this.table, this.dim, r.n, fold)
      : r.kind === 'smolyak' ? smolyakPointSet(this.table, this.dim, r.level, fold) : latticePointSet(this.dim, r.points, r.seed);
    // scaling is symmetric under z → −z, so it commutes with folding; a lattice is never scaled (its
    // points already follow the density, and the density-ratio weights would grow in the tails)
    const set = r.kind === 'lattice' ? s : scaledPointSet(s, this.scale);
    const K = this.students;
    const ids = new Uint32Array(set.count * K);
    const values: Float64Array[] = [];
    for (let j = 0; j < K; j++) {
      // the nodes are copies of 1-D Gauss–Hermite nodes: equal values are bit-equal
      const index = new Map<number, number>();
      for (let p = 0; p < set.count; p++) {
        const u = set.nodes[p * this.dim + j];
        let id = index.get(u);
        if (id === undefined) index.set(u, (id = index.size));
        ids[p * K + j] = id;
      }
      values.push(Float64Array.from(index.keys()));
    }
    return { set, ids, values, ratios: values.map((v) => new Float64Array(v.length)) };
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
  private readonly fields: Float64Array;
  private scratch = new Float64Array(0);
  /** scale: "adaptive" — per average, the students' s_j (1 elsewhere) and Π_j s_j */
  private readonly adaptive: boolean;
  private readonly nodeScale: Float64Array;
  private scaleProduct = 1;
  /** the threads sharing each average (theory/threads/team.ts), or null: this thread sums every part */
  private split: NodeSplit | null = null;
  private partScratch = new Float64Array(0);

  constructor(shape: FieldShape, opts: CubatureBackendOptions) {
    this.shape = shape;
    this.opts = opts;
    this.n = shape.K + shape.M + 1;
    this.dim = shape.K + shape.M + (shape.noisy ? 1 : 0);
    const table = new GaussHermiteTable();
    this.adaptive = opts.scale === 'adaptive';
    // adaptive: the students' scale is applied per average, the teachers' fixed one is in the set
    const ts = opts.teacherScale ?? 1;
    const scale = opts.scale === 'adaptive'
      ? Array.from({ length: this.dim }, (_, j) => (j >= shape.K && j < shape.K + shape.M ? ts : 1))
      : opts.scale ?? Array.from({ length: this.dim }, (_, j) => (j < shape.K ? STUDENT_SCALE : 1));
    this.nodeScale = new Float64Array(this.dim).fill(1);
    const students = this.adaptive ? shape.K : 0;
    this.points = new RulePoints(table, opts.rule, this.dim, scale, students);
    const c = opts.checkEvery > 0 ? coarserRule(opts.rule) : null;
    this.coarse = c === null ? null : new RulePoints(table, c, this.dim, scale, students);
    this.L = new Float64Array(this.n * this.n);
    const nx = this.n - 1;
    this.G = new Float64Array(this.n * nx);
    this.fields = new Float64Array(this.n);
    // the point set is built on the first average (a backend that never averages — the output-state
    // one of a solve with closed-form εg — costs nothing); until then `nodes` is the counted size
    const rule = opts.rule;
    const counted = rulePointCount(rule, this.dim);
    this.ownStats = {
      description: `cubature: ${describeRule(opts.rule, this.dim)}${describeScale(opts)}`,
      nodes: opts.evenIntegrands && rule.kind !== 'lattice' ? Math.ceil(counted / 2) : counted,
      averages: 0,
      errorEstimate: Number.NaN,
      errorEstimateMax: Number.NaN,
      budget: 'theory.cubatureNodes',
    };
    this.stats = this.ownStats;
  }

  /**
   * Share every average from now on with the other threads of `split` (nodeSplit.ts), which run the
   * same solve: each sums its own parts of the point set, all get the same total. Null: alone again.
   */
  shareAverages(split: NodeSplit | null): void {
    this.split = split;
  }

  /** Points per average of the rule (the folded set for even integrands), as `stats.nodes` will report. */
  get pointsPerAverage(): number {
    return this.ownStats.nodes;
  }

  /** The budget (theory.cubatureNodes) that selects the next coarser rule of this one, null below the smallest budget (ruleChoice.ts). */
  coarserBudget(): number | null {
    return coarserBudget(this.opts.rule, this.dim);
  }

  average(C: Float64Array, integrand: FieldIntegrand, out: Float64Array, t: number, known?: Float64Array): void {
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
    this.buildMap();
    const even = this.opts.evenIntegrands;
    const set = this.points.get(even);
    this.ownStats.nodes = set.set.count;
    out.fill(0, 0, integrand.size);
    this.sumParts(set, integrand, out);
    if (known !== undefined) for (let i = 0; i < integrand.size; i++) out[i] += known[i];
    const every = this.opts.checkEvery;
    if (this.coarse !== null && this.stats.averages % every === 0) {
      if (this.scratch.length < integrand.size) this.scratch = new Float64Array(integrand.size);
      const coarse = this.scratch;
      coarse.fill(0, 0, integrand.size);
      this.sumParts(this.coarse.get(even), integrand, coarse);
      if (known !== undefined) for (let i = 0; i < integrand.size; i++) coarse[i] += known[i];
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < integrand.size; i++) {
        diff = Math.max(diff, Math.abs(out[i] - coarse[i]));
        scale = Math.max(scale, Math.abs(out[i]));
      }
      recordErrorEstimate(this.stats, diff, scale);
    }
    this.stats.averages++;
  }

  /** G ← the map z → (λ, ν, ρ̄): the Cholesky factor L (already in place) with the node scale */
  private buildMap(): void {
    const n = this.n;
    const nx = n - 1;
    const { L, G } = this;
    const sc = this.nodeScale;
    if (this.adaptive) {
      // the student dimensions' scale from this covariance's own factor (adaptiveStudentScale above)
      let prod = 1;
      for (let j = 0; j < this.shape.K; j++) {
        const s = adaptiveStudentScale(L[j * n + j]);
        sc[j] = s;
        prod *= s;
      }
      this.scaleProduct = prod;
    }
    // G = L_x·diag(s): z = s ⊙ u is mapped to the fields
    for (let i = 0; i < n; i++) for (let j = 0; j < nx; j++) G[i * nx + j] = j <= i ? L[i * n + j] * sc[j] : 0;
  }

  /**
   * out (zeros) ← Σ_p w_p φ(fields(z_p)), summed in the set's parts (nodeSplit.ts partsOf) added in
   * part order — by this thread alone or shared with the split's threads: the same numbers either way.
   */
  private sumParts(scaled: ScaledSet, integrand: FieldIntegrand, out: Float64Array): void {
    this.fillRatios(scaled);
    const size = integrand.size;
    const count = scaled.set.count;
    const parts = partsOf(count);
    if (parts === 1) {
      this.integrate(scaled, integrand, out, 0, count);
      return;
    }
    if (this.partScratch.length < size) this.partScratch = new Float64Array(size);
    const sums = this.partScratch;
    const split = this.split;
    if (split !== null && split.parts === parts && split.fits(size)) {
      const [first, end] = split.partRange();
      for (let p = first; p < end; p++) {
        // summed in this thread's own memory, then published (shared memory is slower to accumulate into)
        sums.fill(0, 0, size);
        const [a, b] = partPoints(count, parts, p);
        this.integrate(scaled, integrand, sums, a, b);
        split.partSums(p, size).set(sums.subarray(0, size));
      }
      split.exchange(size, out);
      return;
    }
    for (let p = 0; p < parts; p++) {
      sums.fill(0, 0, size);
      const [a, b] = partPoints(count, parts, p);
      this.integrate(scaled, integrand, sums, a, b);
      for (let i = 0; i < size; i++) out[i] += sums[i];
    }
  }

  /** adaptive scale: this average's density-ratio tables e^{(1−s_k²) u²/2} over each student dimension's node values */
  private fillRatios(scaled: ScaledSet): void {
    const { values, ratios } = scaled;
    for (let j = 0; j < values.length; j++) {
      const s = this.nodeScale[j];
      const c = 0.5 * (1 - s * s);
      const v = values[j], r = ratios[j];
      for (let i = 0; i < v.length; i++) r[i] = Math.exp(c * v[i] * v[i]);
    }
  }

  /** acc += Σ_{start ≤ p < end} w_p φ(fields(z_p)): the hot loop (allocation-free, no library calls) */
  private integrate(scaled: ScaledSet, integrand: FieldIntegrand, acc: Float64Array, start: number, end: number): void {
    const n = this.n;
    const nx = n - 1; // λ and ν
    const dim = this.dim;
    const noisy = this.shape.noisy;
    const G = this.G;
    const x = this.fields;
    const { set, ids, values, ratios } = scaled;
    const z = set.nodes;
    const w = set.weights;
    // the Cholesky map is lower triangular: row i of (λ, ν) needs columns 0..i only; ρ̄ needs all
    // adaptive scale: weight × Π_k s_k e^{(1−s_k²) u_k²/2} over the K student dimensions, by table (fillRatios)
    const K = values.length;
    const prod = K > 0 ? this.scaleProduct : 1;
    const r0 = K > 0 ? ratios[0] : null;
    const r1 = K > 1 ? ratios[1] : null;
    for (let p = start, o = start * dim; p < end; p++, o += dim) {
      for (let i = 0, row = 0; i < n; i++, row += nx) {
        const cols = i < nx ? i + 1 : nx;
        let s = 0;
        for (let j = 0; j < cols; j++) s += G[row + j] * z[o + j];
        x[i] = s;
      }
      let weight = w[p];
      if (K > 0) {
        const b = p * K;
        weight *= prod * r0![ids[b]];
        if (K > 1) {
          weight *= r1![ids[b + 1]];
          for (let j = 2; j < K; j++) weight *= ratios[j][ids[b + j]];
        }
      }
      integrand.accumulate(x, noisy ? z[o + nx] : 0, weight, acc);
    }
  }
}

/** The node scale part of a backend's description (none for a lattice, whose points are never scaled). */
function describeScale(opts: CubatureBackendOptions): string {
  if (opts.rule.kind === 'lattice') return '';
  if (opts.scale === undefined) return ', student nodes ×1/√2';
  if (opts.scale !== 'adaptive') return '';
  const teacher = opts.teacherScale ?? 1;
  return `, student nodes ×1/√(1 + L_kk²)${teacher !== 1 ? `, teacher ×${teacher.toPrecision(4)}` : ''}`;
}
