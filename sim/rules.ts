/**
 * One online step of a learning rule at finite D (DESIGN.md "Learning rules at finite D",
 * scaled convention): fields λ = W1x/√D, ν = W̃1x/√D, ρ = F·x/√D, error e = ŷ − y with
 * y = Σ_m W̃2^m g̃(ν^m) + σξ.
 *
 *   BP / DFA / AFA:  W1^k ← W1^k − (η/√D) b^k g'(λ^k) e x,   W2^k ← W2^k − (η₂/D) e g(λ^k),
 *                    b = W2 (BP), the fixed feedbackWeights (DFA), f = W1F/D (AFA, eq. 17).
 *   PEPITA (Alg. 1, sign x − Fe, scaled): x_err = x − F e/√D, λ_err = λ − f e, h_err = g(λ_err),
 *                    W1^k ← W1^k − (η/√D)(h_k − h_err,k) x_err,  W2^k ← W2^k − (η₂/D) e h_err,k.
 *
 * Both layers use the weights before the step (the error and b come from the same forward pass).
 *
 * The adaptive feedback f = W1F/D is kept by its exact rank-one update instead of a fresh K·D
 * product: a step W1^k ← W1^k − c_k v changes f^k by −c_k (v·F)/D, and v·F/D is known from
 * ρ (x·F/D = ρ/√D) and q_f (F·F/D):
 *   AFA/BP/DFA (v = x):          f^k ← f^k − c_k ρ/√D
 *   PEPITA (v = x − F e/√D):     f^k ← f^k − c_k (ρ − e q_f)/√D
 * For BP and DFA f does not enter the dynamics, so their steps skip ρ and leave `f` stale; the
 * runner recomputes f (`refreshFeedback`) where it is reported. Rounding makes the running f drift
 * from W1F/D like a random walk of 1e-16-sized steps; the runner refreshes it from a fresh product
 * every D steps (integer t), which costs K·D per D steps and makes a run independent of the output
 * times requested (see test/sim/rules.test.ts for the measured drift).
 *
 * No allocation: every step writes into the preallocated `StepWorkspace`.
 */
import type { LearningSetup } from '../src/core/learningSetup.ts';
import type { Weights } from '../src/core/overlaps.ts';
import { AFA, BP, DFA, PEPITA, type LearningRule, type RulePass } from '../src/core/rules/index.ts';
import { coefficientStep } from './coefficientStep.ts';
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
  /** q_f = F·F/D (fixed) */
  readonly qf: number;
}

/** The constants of a rule's step (src/core/learningSetup.ts). */
type RuleParams = LearningSetup;

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
  /** the coefficient form's pass and coefficients (sim/coefficientStep.ts) */
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

/** A fresh state (copies of the weights, f and q_f computed exactly). */
export function createState(w: Weights): SimState {
  const { K, M, D } = w;
  const fieldRows = new Float64Array((K + M + 1) * D);
  fieldRows.set(w.W1, 0);
  fieldRows.set(w.W1t, K * D);
  fieldRows.set(w.F, (K + M) * D);
  const s: SimState = {
    K, M, D, sqrtD: Math.sqrt(D), fieldRows,
    W1: fieldRows.subarray(0, K * D), W1t: fieldRows.subarray(K * D, (K + M) * D), F: fieldRows.subarray((K + M) * D),
    W2: w.W2.slice(), W2t: w.W2t.slice(),
    f: new Float64Array(K), qf: dot(D, w.F, 0, w.F, 0) / D,
  };
  refreshFeedback(s);
  return s;
}

/** f ← W1F/D from a fresh K·D product. */
export function refreshFeedback(s: SimState): void {
  gemv(s.K, s.D, 1 / s.D, s.W1, 0, s.F, 0, s.f, 0);
}

/** Scratch of a step for a state and a setup (the pass reads W2 and f of the state live). */
export function createWorkspace(s: SimState, p: RuleParams): StepWorkspace {
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
export function forward(s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace, withRho: boolean): number {
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

/**
 * Shared update of BP, DFA and AFA given the forward pass and c_k = (η/√D) b^k g'(λ^k) e already in
 * ws.c: W1^k −= c_k x; f^k −= c_k ρ/√D when `trackF`; W2^k −= (η₂/D) e g(λ^k).
 */
function feedbackAlignmentUpdate(s: SimState, p: RuleParams, x: Float64Array, ws: StepWorkspace, trackF: boolean): void {
  const { K, D } = s;
  const a2 = (p.eta2 / D) * ws.e;
  const rhoOverSqrtD = ws.rho / s.sqrtD;
  for (let k = 0; k < K; k++) {
    const ck = ws.c[k];
    ws.alpha[k] = -ck;
    if (trackF) s.f[k] -= ck * rhoOverSqrtD;
    s.W2[k] -= a2 * ws.h[k];
  }
  if (ws.deferUpdate) {
    const p = ws.pending;
    p.kind = 1;
    p.x = x;
    p.alpha.set(ws.alpha);
  } else rowsAxpy(K, D, ws.alpha, x, 0, s.W1, 0);
}

/**
 * A feedback-alignment step with feedback b (read before the update): c_k = (η/√D) e b_k g'(λ_k),
 * W1^k −= c_k x, W2 −= (η₂/D) e h. `withRho` computes ρ = F·x/√D and keeps f by its rank-one update.
 */
function alignmentStep(s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace, b: Float64Array, withRho: boolean): number {
  const e = forward(s, p, x, xi, ws, withRho);
  const a = (p.eta / s.sqrtD) * e;
  const dg = p.student.dg;
  for (let k = 0; k < s.K; k++) ws.c[k] = a * b[k] * dg(ws.lam[k]);
  feedbackAlignmentUpdate(s, p, x, ws, withRho);
  return e;
}

/** One BP step: b = W2 (before the step). Leaves f stale (see file comment). Returns e. */
export function bp(s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace): number {
  return alignmentStep(s, p, x, xi, ws, s.W2, false);
}

/** One DFA step: b = the fixed feedbackWeights. Leaves f stale (see file comment). Returns e. */
export function dfa(s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace): number {
  return alignmentStep(s, p, x, xi, ws, p.feedbackWeights, false);
}

/** One AFA step (eq. 17): b^k = f^k = W1^k·F/D of the current W1; f kept by its rank-one update. Returns e. */
export function afa(s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace): number {
  return alignmentStep(s, p, x, xi, ws, s.f, true);
}

/**
 * One PEPITA step (Algorithm 1 with x − Fe, scaled convention). The modulated pass needs no second
 * K·D product: λ_err = W1·x_err/√D = λ − f e exactly. The update W1^k −= c_k x_err with
 * c_k = (η/√D)(h_k − h_err,k) is applied as W1^k += −c_k x + (c_k e/√D) F in one pass. Returns e.
 */
export function pepita(s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace): number {
  const { K, D } = s;
  const e = forward(s, p, x, xi, ws, true);
  const g = p.student.g;
  const a = p.eta / s.sqrtD;
  const a2 = (p.eta2 / D) * e;
  const eOverSqrtD = e / s.sqrtD;
  const dfCoef = (ws.rho - e * s.qf) / s.sqrtD;
  for (let k = 0; k < K; k++) {
    const hErr = g(ws.lam[k] - s.f[k] * e);
    const ck = a * (ws.h[k] - hErr);
    ws.c[k] = ck;
    ws.alpha[k] = -ck;
    ws.beta[k] = ck * eOverSqrtD;
    s.f[k] -= ck * dfCoef;
    s.W2[k] -= a2 * hErr;
  }
  if (ws.deferUpdate) {
    const p = ws.pending;
    p.kind = 2;
    p.x = x;
    p.alpha.set(ws.alpha);
    p.beta.set(ws.beta);
  } else rowsAxpbz(K, D, ws.alpha, x, 0, ws.beta, s.F, 0, s.W1, 0);
  return e;
}

export type StepFunction = (s: SimState, p: RuleParams, x: Float64Array, xi: number, ws: StepWorkspace) => number;

/**
 * Hand-fused kernels of the four original rules: the coefficient form specialised (one row pass, no
 * zero coefficients), kept bit-identical to the outputs before the rule objects existed and tested
 * equal to the generic coefficient step (test/engines/newRules.test.ts). Keyed by the rule object.
 */
const FUSED_STEPS = new Map<LearningRule, StepFunction>([[BP, bp], [DFA, dfa], [AFA, afa], [PEPITA, pepita]]);

/** The step of a rule: its fused kernel, or the generic coefficient step (sim/coefficientStep.ts). */
export function stepFor(rule: LearningRule): StepFunction {
  return FUSED_STEPS.get(rule) ?? coefficientStep;
}

/** Number of field rows a rule's step projects x on: K + M (+1 for ρ when it uses the feedback vector). */
export function fieldRowCount(rule: LearningRule, K: number, M: number): number {
  return rule.usesFeedbackVector ? K + M + 1 : K + M;
}

/**
 * Apply one step of a setup's rule to the given weights in place for a given input x (length D)
 * and label noise ξ, and return e together with the new f. A convenience for tests and notebooks
 * (allocates a state and a workspace): W1 and W2 of `w` are updated in place; f is returned
 * exactly as the engine keeps it (rank-one updated when the rule uses F, else from a fresh product).
 * `step` overrides the rule's own step (e.g. the generic coefficientStep for a fused rule).
 */
export function applyStep(w: Weights, p: RuleParams, x: Float64Array, xi = 0, step: StepFunction = stepFor(p.rule)): { e: number; f: Float64Array } {
  const s = createState(w);
  const ws = createWorkspace(s, p);
  const e = step(s, p, x, xi, ws);
  if (!p.rule.usesFeedbackVector) refreshFeedback(s);
  w.W1.set(s.W1);
  w.W2.set(s.W2);
  return { e, f: s.f };
}
