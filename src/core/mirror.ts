/**
 * Weight mirroring (paper Sec. 6; docs/rules.md "Weight mirroring"): the feedback is factorised,
 * F = F1 F2 with F1 ∈ R^{D×K} (mirrors W1ᵀ) and F2 ∈ R^K (mirrors W2ᵀ), and after every learning
 * step one mirror step moves the factors (Akrout et al. 2019, layer-wise, as the authors' code):
 *
 *   ξ ~ N(0, σ_n² I_D), z = W1ξ/√D:  F1 ← F1 + (η_m/√D) ξ g(z)ᵀ − (η_m λ_m/D) F1
 *   ζ ~ N(0, σ_n² I_K), u = W2·ζ:    F2 ← F2 + (η_m/D) ζ u − (η_m λ_m/D) F2
 *   normalise: F1, F2 ← F1, F2 · (q_f(0)/q_f)^{1/4}, q_f = F·F/D
 *
 * The order parameters of the factors: P = W1F1/D (K×K), P̃ = W̃1F1/D (M×K), G = F1ᵀF1/D (K×K) and
 * F2 itself; then f = P F2, f̃ = P̃ F2, q_f = F2ᵀ G F2 (`feedbackFromMirror`).
 * Light on purpose (no zod): simulation workers import it.
 */
import type { Activation } from './activations.ts';
import { gaussHermiteRule } from './cubature/gaussHermite.ts';
import { ConfigError } from './errors.ts';
import { pairAverage, UNIT_ERF, UNIT_LINEAR } from './integrals.ts';
import { checkRange, NOISE_RANGE, RATE_RANGE, DECAY_RANGE, type NumberRange } from './ranges.ts';
import type { LearningRule } from './rules/rule.ts';

/** The config's `mirror` block: the mirror step's constants and when it runs. */
export interface MirrorSpec {
  /** mirror rate η_m (per unit time; step η_m/√D on F1, η_m/D on F2) */
  readonly rate: number;
  /** std σ_n of the mirror noise ξ, ζ */
  readonly noise: number;
  /** decay λ_m of the factors (per unit time, times η_m) */
  readonly decay: number;
  /** rescale F1, F2 after every mirror step so that q_f = F·F/D keeps its initial value */
  readonly normalise: boolean;
  /** time units of mirror steps with learning off before t = 0 (pre-mirroring) */
  readonly pre: number;
  /** mirror after every learning step (false: only in the pre-phase) */
  readonly during: boolean;
}

/** Pre-mirroring lasts at most this long (a typo guard: 10⁶ time units of steps at D = 500 is hours). */
export const PRE_RANGE: NumberRange = { min: 0, max: 1e6 };

/** The mirror block's order parameters: P = W1F1/D (K×K), P̃ = W̃1F1/D (M×K), G = F1ᵀF1/D (K×K), F2 (K). Row-major. */
export interface MirrorOverlaps {
  readonly P: Float64Array;
  readonly Pt: Float64Array;
  readonly G: Float64Array;
  readonly F2: Float64Array;
}

export function emptyMirrorOverlaps(K: number, M: number): MirrorOverlaps {
  return { P: new Float64Array(K * K), Pt: new Float64Array(M * K), G: new Float64Array(K * K), F2: new Float64Array(K) };
}

/**
 * Validate a mirror block for a rule: rates in range, and a rule that uses F (BP and DFA have no F
 * to mirror); at a finite D also η_m λ_m < D. ConfigError naming mirror.<key>.
 */
export function checkMirror(m: MirrorSpec, rule: Pick<LearningRule, 'id' | 'usesFeedbackVector'>, D?: number): void {
  if (!rule.usesFeedbackVector) {
    throw new ConfigError('mirror', `weight mirroring learns the feedback F; rule "${rule.id}" uses no F (it applies to pepita, afa and the rules of Sec. 3); use "mirror": null`);
  }
  checkRange('mirror.rate', m.rate, RATE_RANGE);
  checkRange('mirror.noise', m.noise, NOISE_RANGE);
  checkRange('mirror.decay', m.decay, DECAY_RANGE);
  checkRange('mirror.pre', m.pre, PRE_RANGE);
  if (typeof m.normalise !== 'boolean') throw new ConfigError('mirror.normalise', `must be true or false (got ${JSON.stringify(m.normalise)})`);
  if (typeof m.during !== 'boolean') throw new ConfigError('mirror.during', `must be true or false (got ${JSON.stringify(m.during)})`);
  if (D !== undefined && m.rate * m.decay >= D) throw new ConfigError('mirror.decay', `η_m·λ_m must be < D = ${D}: the per-step factor 1 − η_mλ_m/D must stay positive (got ${m.rate * m.decay})`);
}

/** f = P F2, f̃ = P̃ F2, q_f = F2ᵀ G F2 from the mirror block (written into the given arrays; q_f returned). */
export function feedbackFromMirror(m: MirrorOverlaps, K: number, M: number, f: Float64Array, ft: Float64Array): number {
  const { P, Pt, G, F2 } = m;
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += P[k * K + j] * F2[j];
    f[k] = s;
  }
  for (let n = 0; n < M; n++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += Pt[n * K + j] * F2[j];
    ft[n] = s;
  }
  let q = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) q += F2[i] * G[i * K + j] * F2[j];
  return q;
}

/** F = Σ_j F2_j F1^j (F1 as K rows of length D): the mirrored feedback vector, written into `out`. */
export function productFeedback(F1: Float64Array, F2: Float64Array, K: number, D: number, out: Float64Array = new Float64Array(D)): Float64Array {
  out.fill(0);
  for (let j = 0; j < K; j++) {
    const c = F2[j];
    for (let x = 0; x < D; x++) out[x] += c * F1[j * D + x];
  }
  return out;
}

/** Gauss–Hermite nodes for the mirror averages of activations without a closed form (smooth: tanh; relu has its own). */
const QUADRATURE_NODES = 48;
let rule48: ReturnType<typeof gaussHermiteRule> | null = null;

/**
 * The two Gaussian averages of the mirror step for z ~ N(0, c), c = σ_n² Q (K×K row-major):
 * gamma_j = E[g'(z_j)] and gg_ij = E[g(z_i) g(z_j)]. Closed forms for erf, linear and relu (the
 * arc-cosine kernel); Gauss–Hermite quadrature (1-D, and 2-D on the Cholesky factor of the pair)
 * for the rest. Allocation-free apart from the quadrature rule, built once.
 */
export function mirrorAverages(g: Activation, c: Float64Array, K: number, gamma: Float64Array, gg: Float64Array): void {
  for (let j = 0; j < K; j++) gamma[j] = slopeAverage(g, c[j * K + j]);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const v = pairOf(g, c[i * K + i], c[j * K + j], c[i * K + j]);
      gg[i * K + j] = v;
      gg[j * K + i] = v;
    }
  }
}

/** E[g'(z)], z ~ N(0, v) */
function slopeAverage(g: Activation, v: number): number {
  if (g.closedForm === 'erf') return Math.sqrt(2 / Math.PI) / Math.sqrt(1 + v);
  if (g.closedForm === 'linear') return 1;
  if (g.id === 'relu') return 0.5;
  const r = quadratureRule();
  const s = Math.sqrt(Math.max(v, 0));
  let acc = 0;
  for (let a = 0; a < r.n; a++) acc += r.weights[a] * g.dg(s * r.nodes[a]);
  return acc;
}

/** E[g(a) g(b)] for a centred pair with variances caa, cbb and covariance cab */
function pairOf(g: Activation, caa: number, cbb: number, cab: number): number {
  if (g.closedForm === 'erf') return pairAverage(caa, cbb, cab, UNIT_ERF, UNIT_ERF);
  if (g.closedForm === 'linear') return pairAverage(caa, cbb, cab, UNIT_LINEAR, UNIT_LINEAR);
  const sa = Math.sqrt(Math.max(caa, 0)), sb = Math.sqrt(Math.max(cbb, 0));
  if (g.id === 'relu') {
    // Cho & Saul's arc-cosine kernel of degree 1
    if (sa === 0 || sb === 0) return 0;
    const cos = Math.max(-1, Math.min(1, cab / (sa * sb)));
    const th = Math.acos(cos);
    return (sa * sb / (2 * Math.PI)) * (Math.sin(th) + (Math.PI - th) * cos);
  }
  // (a, b) = (sa u, ρ sb u + sb √(1−ρ²) w), u, w ~ N(0, 1) independent
  const r = quadratureRule();
  const rho = sa > 0 && sb > 0 ? Math.max(-1, Math.min(1, cab / (sa * sb))) : 0;
  const perp = sb * Math.sqrt(1 - rho * rho);
  let acc = 0;
  for (let p = 0; p < r.n; p++) {
    const u = r.nodes[p];
    const ga = g.g(sa * u);
    for (let q = 0; q < r.n; q++) acc += r.weights[p] * r.weights[q] * ga * g.g(rho * sb * u + perp * r.nodes[q]);
  }
  return acc;
}

function quadratureRule(): ReturnType<typeof gaussHermiteRule> {
  rule48 ??= gaussHermiteRule(QUADRATURE_NODES);
  return rule48;
}
