/**
 * A learning rule is one object (docs/rules.md "One form for every rule"). Every rule moves, per step,
 *
 *   W1^k ← W1^k − (η/√D)(a_k x + b_k x_err),   W2^k ← W2^k − (η₂/D) c_k,   x_err = x − F e/√D,
 *
 * with per-sample coefficients (a, b, c) that depend on the fields only. One definition drives
 * both engines: the simulation step (sim/) and the ODE right-hand side (theory/), which averages
 *
 *   dQ^kl/dt = −η E[a_l λ^k + b_l (λ^k − f^k e) + a_k λ^l + b_k (λ^l − f^l e)] + η² E[(a_k+b_k)(a_l+b_l)]
 *   dR^km/dt = −η E[a_k ν^m + b_k (ν^m − f̃^m e)]
 *   df^k/dt  = −η E[a_k ρ + b_k (ρ − q_f e)]
 *   dW2^k/dt = −η₂ E[c_k]
 *
 * The coefficients come in two halves, in the order the passes happen: the clean pass gives a and
 * its part of c; then the modulated pass — whose field λ_mod^k is computed by the engine, not the
 * rule — gives b and the rest of c. For every rule but PEPITA-time-local the modulated pass sees
 * the weights before the step, λ_mod^k = λ^k − f^k e. Algorithm 2 applies the clean update first
 * (`cleanUpdateFirst`), so its modulated pass sees W1⁺ = W1 − (η/√D) a xᵀ:
 * λ_mod^k = λ^k − f^k e − η a_k (x·x_err)/D, with x·x_err/D → 1 as D → ∞.
 */
import type { Activation } from '../activations.ts';
import type { DeepRule } from './deep.ts';

/** Everything a rule's coefficients may depend on for one sample (filled by the engine). */
export interface RulePass {
  readonly K: number;
  /** student fields λ = W1x/√D (K) */
  readonly lam: Float64Array;
  /** g(λ) (K) */
  readonly h: Float64Array;
  /** the field of the modulated pass, λ_mod (K); valid only in `modulated` */
  readonly lamMod: Float64Array;
  /** error of the clean pass e = ŷ − y */
  e: number;
  /** clean-pass output ŷ = Σ_k W2^k g(λ^k) */
  yhat: number;
  /** label y = Σ_m W̃2^m g̃(ν^m) + σξ */
  y: number;
  /** student second layer W2 before the step (K) */
  readonly W2: Float64Array;
  /** adaptive feedback f = W1F/D before the step (K) */
  readonly f: Float64Array;
  /** fixed DFA feedback weights (K), or an empty array */
  readonly feedbackWeights: Float64Array;
  /** student activation */
  readonly g: Activation;
}

/**
 * The structural family of a rule's coefficients. The engines key their specialised paths on it
 * and on nothing else about a rule (docs/rules.md "Forms and fast paths"); each specialised path is
 * checked against the plain step and the general RHS on every shape (test/engines/fastPaths.test.ts).
 *
 * - `alignment`: a_k = φ^k g'(λ^k) e, b = 0, c_k = e g(λ^k) with the feedback φ read from W2, the fixed
 *   `feedbackWeights` or f (BP, DFA, AFA): a fused simulation step, the closed-form erf RHS.
 * - `modulation`: a = 0, b_k = g(λ^k) − g(λ_mod^k), c_k = e g(λ_mod^k) (PEPITA, Algorithm 1): a fused
 *   simulation step, the first-order expansion in f (AFA plus corrections) as the cubature control
 *   variate and as the `pepita-first-order` model.
 * - `general`: anything else; the generic coefficient step and the general (cubature) RHS.
 */
export type RuleForm =
  | { readonly kind: 'alignment'; readonly feedback: 'W2' | 'fixed' | 'f' }
  | { readonly kind: 'modulation' }
  | { readonly kind: 'general' };

/** Identifier of a built-in rule: the config's `rule` value. */
export type BuiltinRuleId = 'bp' | 'dfa' | 'afa' | 'pepita' | 'pepita-hebbian' | 'pepita-time-local' | 'ff' | 'drtp' | 'pepita-modulated-error';

/**
 * Identifier of a rule: a built-in id, or the id a user's rule module gives its rule
 * (docs/rules.md "Your own rule"; the config's `rule` is then the module's path).
 */
export type RuleId = BuiltinRuleId | (string & {});

/** One learning rule: its names and properties and its per-sample coefficients (a, b, c), in two halves (clean and modulated pass). */
export interface LearningRule {
  /** the config's `rule` value */
  readonly id: RuleId;
  /** name in figures and tables, e.g. "PEPITA-Hebbian" */
  readonly label: string;
  /** where the paper defines it, e.g. "Algorithm 2" */
  readonly reference: string;
  /** one line for --help, the docs and the explorer */
  readonly summary: string;
  /** the rule reads the fixed feedback weights `feedbackWeights` (K numbers; DFA) */
  readonly needsFeedbackWeights: boolean;
  /** the update involves the feedback vector F (x_err or f): the simulation keeps f = W1F/D up to date */
  readonly usesFeedbackVector: boolean;
  /** Algorithm 2: the clean-pass update is applied before the modulated pass (see file comment) */
  readonly cleanUpdateFirst: boolean;
  /** the structural family of the coefficients, which selects the engines' specialised paths */
  readonly form: RuleForm;
  /**
   * The rule that approximates this one, shown beside it by default (`pepita-ode compare`): AFA for
   * PEPITA (Sec. 4.1, eq. 17). null for none.
   */
  readonly approximation: RuleId | null;
  /**
   * Feedback-alignment family (a_k = φ^k g'(λ^k) e, b = 0, c_k = e g(λ^k)): φ^k for the current
   * W2, f and fixed weights. Its presence is what lets the closed-form erf RHS (theory/rhs.ts)
   * serve the rule. null for rules outside the family.
   */
  readonly alignmentFeedback: ((W2: ArrayLike<number>, f: ArrayLike<number>, fixed: ArrayLike<number>, k: number) => number) | null;
  /**
   * The rule's form for a student with more than one hidden layer (`hidden`, src/core/rules/deep.ts);
   * absent or null: the rule has none and a deep student is refused.
   */
  readonly deep?: DeepRule | null;
  /** clean pass: a (K) and the clean part of c (K), written (not accumulated) */
  clean(p: RulePass, a: Float64Array, c: Float64Array): void;
  /** modulated pass: b (K) written, the modulated part of c (K) added to c */
  modulated(p: RulePass, b: Float64Array, c: Float64Array): void;
}
