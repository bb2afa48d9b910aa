/**
 * The mutable state of one simulation run and the scratch of its step (docs/rules.md "The finite-D
 * step", scaled convention): fields λ = W1x/√D, ν = W̃1x/√D, ρ = F·x/√D, error e = ŷ − y with
 * y = Σ_m W̃2^m g̃(ν^m) + σξ, and the forward pass every step starts with. The steps themselves are
 * in sim/steps/, one file per rule form (src/core/rules/rule.ts `RuleForm`).
 *
 * The adaptive feedback f = W1F/D is kept by its exact rank-one update instead of a fresh K·D
 * product: a row step W1^k += α_k x + β_k F changes f^k by α_k ρ/√D + β_k q_f (x·F/D = ρ/√D,
 * F·F/D = q_f). For rules that do not read F (BP, DFA) the steps skip ρ and leave `f` stale; the
 * runner recomputes f (`refreshFeedback`) where it is reported. Rounding makes the running f drift
 * from W1F/D like a random walk of 1e-16-sized steps; the runner refreshes it from a fresh product
 * every D steps (integer t), which costs K·D per D steps and makes a run independent of the output
 * times requested (test/sim/rules.test.ts measures the drift).
 *
 * No allocation per step: every step writes into the preallocated `StepWorkspace`.
 */
import type { LearningSetup } from '../src/core/learningSetup.ts';
import type { Weights } from '../src/core/overlaps.ts';
import type { RulePass } from '../src/core/rules/index.ts';
import { Rng } from '../src/core/rng.ts';
import type { DeepHead } from '../src/core/deep.ts';
import { dot, gemv, rowsAxpbz, rowsAxpy } from './kernels.ts';

/**
 * The mutable weights of one run plus the maintained adaptive feedback f = W1F/D. W1, W̃1 and F are
 * consecutive rows of one (K+M+1)×D matrix `fieldRows`, so one blocked mat-vec gives all the fields
 * (λ, ν, ρ) of a step.
 */
export interface SimState {
  readonly K: number;
  readonly M: number;
  readonly D: number;
  readonly sqrtD: number;
  /** [W1; W̃1; F] row-major, (K+M+1)×D; W1, W1t and F below are views into it */
  readonly fieldRows: Float64Array;
  /** student first layer, K×D row-major (updated in place) */
  readonly W1: Float64Array;
  /** teacher first layer, M×D row-major (fixed) */
  readonly W1t: Float64Array;
  /** student second layer (K, updated in place) */
  readonly W2: Float64Array;
  /** teacher second layer (M, fixed) */
  readonly W2t: Float64Array;
  /** feedback vector (D, fixed) */
  readonly F: Float64Array;
  /** adaptive feedback f = W1F/D (K), maintained by rank-one updates for AFA and PEPITA */
  readonly f: Float64Array;
  /** q_f = F·F/D (fixed unless F is mirrored) */
  qf: number;
  /** the factors of F and the mirror step's stream and scratch when F is mirrored (sim/steps/mirror.ts), else null */
  readonly mirror: MirrorState | null;
  /** a deeper student's head (W_mid, W3, …; src/core/deep.ts), updated in place; W2 is then zero and unused. null for one hidden layer */
  readonly deep: DeepHead | null;
}

/** F = F1 F2 mirrored (docs/rules.md "Weight mirroring"): the factors, q_f(0), the mirror noise stream and scratch. */
export interface MirrorState {
  /** F1 as K rows of length D (row j is column j of the paper's D×K F1), updated in place */
  readonly F1: Float64Array;
  /** F2 (K), updated in place */
  readonly F2: Float64Array;
  /** q_f of the initial weights: the normalisation target */
  readonly qf0: number;
  /** the mirror noise ξ, ζ: its own stream, so the data stream is the same with and without a mirror */
  readonly rng: Rng;
  /** scratch: ξ (D), z = W1ξ/√D (K), ζ (K) */
  readonly xi: Float64Array;
  readonly z: Float64Array;
  readonly zeta: Float64Array;
}

/** The mirror noise stream of the run on data seed `seed`: a child of Rng(seed), independent of the data stream. */
export function mirrorRngOf(seed: number): Rng {
  return new Rng(seed).split(MIRROR_STREAM);
}

/** split index of the mirror noise stream ("mi") */
const MIRROR_STREAM = 0x6d69;

/** Scratch buffers of one step (sized K, M); contents after a step: the fields of that step. */
export interface StepWorkspace {
  /** (λ, ν, ρ) of the step, K+M+1; lam and nu are views into it */
  readonly fields: Float64Array;
  /** λ = W1x/√D */
  readonly lam: Float64Array;
  /** ν = W̃1x/√D */
  readonly nu: Float64Array;
  /** coefficient c_k of the first-layer update W1^k −= c_k v */
  readonly c: Float64Array;
  /** scratch coefficients of the row updates (−c_k, and PEPITA's F coefficient) */
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** g(λ) */
  readonly h: Float64Array;
  /** ρ = F·x/√D (when the rule needed it), e, ŷ and y of the last step */
  rho: number;
  e: number;
  yhat: number;
  y: number;
  /** the coefficient form's pass and coefficients (sim/steps/generic.ts) */
  readonly pass: RulePass;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly cc: Float64Array;
  /** x_err = x − F e/√D (D), for a modulated pass on updated weights (Algorithm 2) */
  readonly xErr: Float64Array;
  /**
   * Set by the caller when `fields` already holds (λ, ν, ρ) of this step's x (the runner computes
   * them while drawing x, sim/inputDraw.ts); the step then skips its mat-vec and clears it.
   */
  fieldsReady: boolean;
  /**
   * Set by the runner: a fused step may leave its first-layer row update pending (`pending`)
   * instead of applying it, for the next draw to apply block by block while it projects
   * (sim/inputDraw.ts) — one pass over W1 per step instead of two, the same numbers.
   */
  deferUpdate: boolean;
  /** the pending row update W1^k += alpha_k x (+ beta_k F), or kind 0 when none */
  readonly pending: PendingUpdate;
}

/** A first-layer row update not yet applied: W1^k += alpha[k]·x (kind 1) or alpha[k]·x + beta[k]·F (kind 2). */
export interface PendingUpdate {
  kind: 0 | 1 | 2;
  /** the step's input (the runner's other buffer until the update is applied) */
  x: Float64Array;
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
}

/** Apply a pending row update to the state's W1 now (before W1 is read other than by the next draw). */
export function flushPending(s: SimState, ws: StepWorkspace): void {
  const p = ws.pending;
  if (p.kind === 1) rowsAxpy(s.K, s.D, p.alpha, p.x, 0, s.W1, 0);
  else if (p.kind === 2) rowsAxpbz(s.K, s.D, p.alpha, p.x, 0, p.beta, s.F, 0, s.W1, 0);
  p.kind = 0;
}

/**
 * A fresh state (copies of the weights, f and q_f computed exactly). With mirrored weights (F1, F2
 * given) the state carries the factors and the mirror stream of `seed`.
 */
export function createState(w: Weights, seed = 0): SimState {
  const { K, M, D } = w;
  const fieldRows = new Float64Array((K + M + 1) * D);
  fieldRows.set(w.W1, 0);
  fieldRows.set(w.W1t, K * D);
  fieldRows.set(w.F, (K + M) * D);
  const s: SimState = {
    K, M, D, sqrtD: Math.sqrt(D), fieldRows,
    W1: fieldRows.subarray(0, K * D), W1t: fieldRows.subarray(K * D, (K + M) * D), F: fieldRows.subarray((K + M) * D),
    W2: w.W2.slice(), W2t: w.W2t.slice(),
    f: new Float64Array(K), qf: dot(D, w.F, 0, w.F, 0) / D, mirror: null,
    deep: w.deep ? { hidden: w.deep.hidden, head: w.deep.head.slice() } : null,
  };
  if (w.F1 && w.F2) {
    const mirror: MirrorState = {
      F1: w.F1.slice(), F2: w.F2.slice(), qf0: s.qf, rng: mirrorRngOf(seed),
      xi: new Float64Array(D), z: new Float64Array(K), zeta: new Float64Array(K),
    };
    (s as { mirror: MirrorState | null }).mirror = mirror;
  }
  refreshFeedback(s);
  return s;
}

/** f ← W1F/D from a fresh K·D product. */
export function refreshFeedback(s: SimState): void {
  gemv(s.K, s.D, 1 / s.D, s.W1, 0, s.F, 0, s.f, 0);
}

/** Scratch of a step for a state and a setup (the pass reads W2 and f of the state live). */
export function createWorkspace(s: SimState, p: LearningSetup): StepWorkspace {
  const { K, M, D } = s;
  const fields = new Float64Array(K + M + 1);
  const lam = fields.subarray(0, K);
  const h = new Float64Array(K);
  return {
    fields, lam, nu: fields.subarray(K, K + M), c: new Float64Array(K), alpha: new Float64Array(K), beta: new Float64Array(K),
    h, rho: 0, e: 0, yhat: 0, y: 0, fieldsReady: false, deferUpdate: false,
    pass: { K, lam, h, lamMod: new Float64Array(K), e: 0, yhat: 0, y: 0, W2: s.W2, f: s.f, feedbackWeights: p.feedbackWeights, g: p.student },
    a: new Float64Array(K), b: new Float64Array(K), cc: new Float64Array(K), xErr: new Float64Array(D),
    pending: { kind: 0, x: new Float64Array(0), alpha: new Float64Array(K), beta: new Float64Array(K) },
  };
}

/**
 * Forward pass shared by all rules: λ, ν (and ρ when `withRho`) into ws by one blocked mat-vec over
 * [W1; W̃1; F], h = g(λ); returns e = ŷ − y with the label noise y = Σ W̃2 g̃(ν) + σξ.
 */
export function forward(s: SimState, p: LearningSetup, x: Float64Array, xi: number, ws: StepWorkspace, withRho: boolean): number {
  const { K, M, D } = s;
  if (ws.fieldsReady) ws.fieldsReady = false;
  else gemv(withRho ? K + M + 1 : K + M, D, 1 / s.sqrtD, s.fieldRows, 0, x, 0, ws.fields, 0);
  ws.rho = withRho ? ws.fields[K + M] : 0;
  const g = p.student.g;
  const gt = p.teacher.g;
  let yhat = 0;
  for (let k = 0; k < K; k++) {
    const hk = g(ws.lam[k]);
    ws.h[k] = hk;
    yhat += s.W2[k] * hk;
  }
  let y = p.noise * xi;
  for (let m = 0; m < M; m++) y += s.W2t[m] * gt(ws.nu[m]);
  const e = yhat - y;
  ws.e = e;
  ws.yhat = yhat;
  ws.y = y;
  return e;
}

/** One step of a rule on a state: reads x and ξ, updates the state, returns the error e of the clean pass. */
export type StepFunction = (s: SimState, p: LearningSetup, x: Float64Array, xi: number, ws: StepWorkspace) => number;

/** Leave the step's first-layer row update pending (ws.deferUpdate) or apply it now: W1^k += α_k x (+ β_k F). */
export function applyOrDefer(s: SimState, ws: StepWorkspace, x: Float64Array, alpha: Float64Array, beta: Float64Array | null): void {
  if (ws.deferUpdate) {
    // applied by the next draw as it projects (sim/inputDraw.ts), the same numbers
    const p = ws.pending;
    p.kind = beta === null ? 1 : 2;
    p.x = x;
    p.alpha.set(alpha);
    if (beta !== null) p.beta.set(beta);
  } else if (beta === null) rowsAxpy(s.K, s.D, alpha, x, 0, s.W1, 0);
  else rowsAxpbz(s.K, s.D, alpha, x, 0, beta, s.F, 0, s.W1, 0);
}
