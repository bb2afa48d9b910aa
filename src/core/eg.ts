/**
 * Generalisation error from the order parameters (paper eq. 24, noiseless teacher), the one route
 * of the package: the public `generalisationError`, the theory solve's output states and the
 * simulation's εg all use `egEvaluator`.
 *
 *   εg = ½ Σ_{a,b} w_a w_b I2(a,b),  w = (W2, −W̃2) over the K student and M teacher units,
 *
 * in closed form when both activations have one (erf, linear: `egFromCovariance`), otherwise the
 * average of ½(ŷ − y)² over (λ, ν) by the averaging backend of the settings (src/core/averagingBackend.ts:
 * at the defaults the cubature of a default theory solve — Gauss–Hermite for tanh, the QMC lattice
 * for relu). The fields are exactly Gaussian at any D, so this is also the exact εg of a finite-D network.
 */
import type { Activation } from './activations.ts';
import type { FieldIntegrand, GaussianAveragingBackend } from './averaging.ts';
import { averagingBackendFor, DEFAULT_AVERAGING, type AveragingSettings } from './averagingBackend.ts';
import { cholesky, CholeskyInfo } from './linalg/cholesky.ts';
import { covarianceOf, type Overlaps } from './overlaps.ts';
import { pairAverage, unitKind, type UnitKind } from './integrals.ts';
import { deepNet, headForward, layerBuffers, type DeepNet, type LayerBuffers } from './deep.ts';

/** Work arrays of `egFromCovariance` for `units` units (reuse one in loops). */
export class EgScratch {
  readonly G: Float64Array;
  readonly L: Float64Array;
  readonly work: Float64Array;
  readonly perm: Int32Array;
  readonly pivots: Float64Array;
  readonly swaps: Int32Array;
  readonly order: Int32Array;
  readonly info = new CholeskyInfo();
  constructor(readonly units: number) {
    this.pivots = new Float64Array(units);
    this.swaps = new Int32Array(units);
    this.order = new Int32Array(units);
    this.G = new Float64Array(units * units);
    this.L = new Float64Array(units * units);
    this.work = new Float64Array(units * units);
    this.perm = new Int32Array(units);
  }
}

/**
 * εg = ½ Σ_{a,b} w_a w_b I2(a,b) over a covariance C (n×n, fields λ_1..λ_K, ν_1..ν_M first)
 * with unit weights w (K+M) and kinds; the closed-form core of `egEvaluator`.
 *
 * Never negative. G_ab = I2(a,b) = E[g_a g_b] is a Gram matrix, so εg = ½ wᵀGw ≥ 0 — but summed
 * term by term it cancels to zero at the teacher solution, and there G is singular: a state a few
 * ulps or an integrator's rtol off the PSD cone (C indefinite by ~1e-12) gave εg = −2.5e-13 on a
 * BP K = 3, M = 2 run. Here εg = ½‖Lᵀw‖² with G = LLᵀ by the pivoted Cholesky of
 * src/core/linalg/cholesky.ts, stopped once every remaining pivot is ≤ 8·units·ε·max_a G_aa, a few
 * times the rounding of the entries (asin, a few ulps) and of the elimination: the Schur complement
 * left is zero up to rounding (PSD ⇒ |S_ij| ≤ max S_ii), so what is dropped changes εg by at most
 * ½·8·units·ε·max G_aa·(Σ|w_a|)², the rounding floor of the term-by-term sum itself, and negative
 * pivots — the state's own error, not a contribution — are never square-rooted. (With 1× instead
 * of 8×, εg at a BP fixed point flickered between 1e-31 and 1e-16 from pivots that were rounding;
 * with 8× it stays ≤ 1e-29.) NaN for a non-finite covariance.
 */
export function egFromCovariance(
  C: Float64Array, n: number, w: ArrayLike<number>, kinds: ArrayLike<UnitKind>, units: number,
  scratch: EgScratch = new EgScratch(units),
): number {
  const u = units;
  const { G, L, work, perm, pivots, swaps, order, info } = scratch;
  for (let a = 0; a < u; a++) {
    const caa = C[a * n + a];
    G[a * u + a] = pairAverage(caa, caa, caa, kinds[a], kinds[a]);
    for (let b = a + 1; b < u; b++) G[a * u + b] = G[b * u + a] = pairAverage(caa, C[b * n + b], C[a * n + b], kinds[a], kinds[b]);
  }
  cholesky(G, u, L, { tol: 8 * u * Number.EPSILON, jitter: 0, perm, work, pivots, swaps }, info);
  if (info.nonFinite !== null) return Number.NaN;
  let s = 0;
  for (let i = 0; i < u; i++) order[i] = i;
  for (let k = 0; k < info.rank; k++) {
    // the field order at step k (the swaps replayed), so that the sum runs as the elimination did
    const p = swaps[k];
    const t = order[p];
    order[p] = order[k];
    order[k] = t;
    // (Lᵀw)_k = √d_k w_{order[k]} + Σ_{m > k} L_{order[m], k} w_{order[m]} (the diagonal as √d:
    // the εg of every earlier release to the last bit)
    let proj = Math.sqrt(pivots[k]) * w[order[k]];
    for (let m = k + 1; m < u; m++) proj += L[order[m] * u + k] * w[order[m]];
    s += proj * proj;
  }
  return 0.5 * s;
}

/** ½(Σ_k W2^k g(λ^k) − Σ_m W̃2^m g̃(ν^m))² at one sample. */
class HalfSquaredError implements FieldIntegrand {
  readonly size = 1;
  W2: Float64Array = new Float64Array(0);
  W2t: Float64Array = new Float64Array(0);
  constructor(private readonly K: number, private readonly M: number, private readonly student: Activation, private readonly teacher: Activation) {}
  setState(o: Overlaps): void {
    this.W2 = o.W2;
    this.W2t = o.W2t;
  }
  accumulate(fields: Float64Array, _xi: number, weight: number, acc: Float64Array): void {
    const g = this.student.g;
    const gt = this.teacher.g;
    let e = 0;
    for (let k = 0; k < this.K; k++) e += this.W2[k] * g(fields[k]);
    for (let m = 0; m < this.M; m++) e -= this.W2t[m] * gt(fields[this.K + m]);
    acc[0] += weight * 0.5 * e * e;
  }
}

/** ½(ŷ − Σ_m W̃2^m g̃(ν^m))² at one sample with ŷ through a deeper student's head (src/core/deep.ts). */
class DeepHalfSquaredError implements FieldIntegrand {
  readonly size = 1;
  head: Float64Array = new Float64Array(0);
  W2t: Float64Array = new Float64Array(0);
  private readonly buffers: LayerBuffers;
  constructor(private readonly net: DeepNet, private readonly M: number, private readonly student: Activation, private readonly teacher: Activation) {
    this.buffers = layerBuffers(net);
  }
  setState(o: Overlaps): void {
    if (!o.deep) throw new Error('a deep εg needs overlaps with a head');
    this.head = o.deep.head;
    this.W2t = o.W2t;
  }
  accumulate(fields: Float64Array, _xi: number, weight: number, acc: Float64Array): void {
    const gt = this.teacher.g;
    const K = this.net.hidden[0];
    let e = headForward(this.net, this.head, fields, this.buffers, this.student.g);
    for (let m = 0; m < this.M; m++) e -= this.W2t[m] * gt(fields[K + m]);
    acc[0] += weight * 0.5 * e * e;
  }
}

export type EgFunction = (o: Overlaps, t?: number) => number;

/**
 * The εg function of states with K student and M teacher units: the closed form when both
 * activations have one, else an average by the backend of `settings` (defaults: THEORY_DEFAULTS),
 * built once and owned by the returned function, or by a backend passed instead of settings. `t` names the time in a covariance error.
 * @example
 * ```ts
 * const eg = egEvaluator(2, 2, activation('relu'), activation('relu'));
 * eg(overlaps)   // εg by the default lattice rule
 * ```
 */
export function egEvaluator(
  K: number, M: number, student: Activation, teacher: Activation, settings: Partial<AveragingSettings> | GaussianAveragingBackend = {},
  deep: DeepNet | null = null,
): EgFunction {
  const ks = unitKind(student);
  const kt = unitKind(teacher);
  const n = K + M + 1;
  const C = new Float64Array(n * n);
  if (deep === null && ks !== null && kt !== null) {
    const w = new Float64Array(K + M);
    const kinds: UnitKind[] = [];
    for (let k = 0; k < K; k++) kinds.push(ks);
    for (let m = 0; m < M; m++) kinds.push(kt);
    const scratch = new EgScratch(K + M);
    return (o) => {
      for (let k = 0; k < K; k++) w[k] = o.W2[k];
      for (let m = 0; m < M; m++) w[K + m] = -o.W2t[m];
      return egFromCovariance(covarianceOf(o, C), n, w, kinds, K + M, scratch);
    };
  }
  // a caller's own backend (bench/cubature.ts compares rules), else the settings' choice
  const avg: GaussianAveragingBackend = 'average' in settings ? settings : averagingBackendFor({ K, M, noisy: false, student, teacher }, { ...DEFAULT_AVERAGING, ...settings }, 'strict');
  // a deeper student's ŷ passes through the head: no closed form, always this route
  const integrand = deep === null ? new HalfSquaredError(K, M, student, teacher) : new DeepHalfSquaredError(deep, M, student, teacher);
  const out = new Float64Array(1);
  return (o, t = Number.NaN) => {
    integrand.setState(o);
    avg.average(covarianceOf(o, C), integrand, out, t);
    return out[0];
  };
}

/**
 * εg(Q, R, T, W2, W̃2) for the given student and teacher activations (eq. 24); never negative. The
 * same number as a theory solve with these averaging settings reports (default: the default solve's).
 *
 * @example
 * ```ts
 * import { generalisationError, parseConfig, rhsOf } from 'pepita-ode';
 * const { initial, system } = rhsOf(parseConfig({ K: 2, M: 2 }));
 * generalisationError(initial, system.student, system.teacher);   // 0.334 at W2 = 0
 * generalisationError(state, relu, relu, { averages: 'mc', mcSamples: 10_000 });
 * ```
 */
export function generalisationError(o: Overlaps, student: Activation, teacher: Activation, settings: Partial<AveragingSettings> = {}): number {
  return egEvaluator(o.K, o.M, student, teacher, settings, o.deep ? deepNet(o.deep.hidden) : null)(o);
}
