/**
 * A learning setup: the rule and the constants of its updates — rates, label noise, activations,
 * fixed feedback weights. Problems carry it as plain data (`LearningSetupSpec`, structured-
 * cloneable, so it can be posted to a worker); the engines resolve it once into objects
 * (`LearningSetup`). Light on purpose (no zod, no mathjs): simulation workers import it.
 *
 *   resolveLearningSetup({ rule: 'dfa', eta: 0.1, eta2: 0.1, noise: 0, activation: 'erf',
 *                          teacherActivation: 'erf', feedbackWeights: [1, -0.5] }, 2)
 */
import { ACTIVATION_IDS, activation, type Activation, type ActivationId } from './activations.ts';
import { checkFeedbackWeights } from './checks.ts';
import { ConfigError } from './errors.ts';
import { checkRange, choiceMessage, DECAY_RANGE, NOISE_RANGE, RATE_RANGE } from './ranges.ts';
import { checkMirror, type MirrorSpec } from './mirror.ts';
import { deepNet, headRates, type DeepNet } from './deep.ts';
import type { DeepRule } from './rules/deep.ts';
import { LEARNING_RULES, RULE_IDS, ruleById, type LearningRule, type RuleId } from './rules/index.ts';

/** A learning setup as plain data: the rule id, rates, noise, activation ids and fixed feedback weights. */
export interface LearningSetupSpec {
  /** the rule's id, e.g. "pepita" */
  readonly rule: RuleId;
  /** first-layer rate η (per step, scaled convention) */
  readonly eta: number;
  /** second-layer rate η₂ (step η₂/D) */
  readonly eta2: number;
  /** label-noise std σ ≥ 0 */
  readonly noise: number;
  readonly activation: ActivationId;
  readonly teacherActivation: ActivationId;
  /** fixed feedback weights (K numbers) for rules that read them, else null */
  readonly feedbackWeights: readonly number[] | null;
  /** weight decay per unit time of each layer (docs/rules.md "Weight decay"); absent or null: none */
  readonly weightDecay?: WeightDecay | null;
  /** weight mirroring of F (docs/rules.md "Weight mirroring"); absent or null: F fixed */
  readonly mirror?: MirrorSpec | null;
  /** hidden widths [K1, K2, …] of a deeper student (docs/rules.md "Deeper students"); absent or null: one hidden layer of K units */
  readonly hidden?: readonly number[] | null;
}

/** Weight-decay rates λ1 (first layer, factor 1 − ηλ1/D per step) and λ2 (second layer, 1 − η₂λ2/D); 0 for none. */
export interface WeightDecay {
  readonly W1: number;
  readonly W2: number;
}

/** No decay. */
export const NO_WEIGHT_DECAY: WeightDecay = Object.freeze({ W1: 0, W2: 0 });

export interface LearningSetup {
  readonly rule: LearningRule;
  readonly eta: number;
  readonly eta2: number;
  readonly noise: number;
  readonly student: Activation;
  readonly teacher: Activation;
  /** fixed feedback weights (K), empty when the rule reads none */
  readonly feedbackWeights: Float64Array;
  /** weight decay (zeros when none) */
  readonly weightDecay: WeightDecay;
  /** weight mirroring of F, or null when F is fixed */
  readonly mirror: MirrorSpec | null;
  /** a deeper student: the head's layout, the rule's deep form and the head's per-step rates; null for one hidden layer */
  readonly deep: DeepSetup | null;
}

/** The resolved deep part of a setup (src/core/deep.ts). */
export interface DeepSetup {
  readonly net: DeepNet;
  readonly rule: DeepRule;
  /** head_i −= (rates_i/D) Δ_i per step */
  readonly rates: Float64Array;
}

/** Deep students: the rules with a deep form, for messages. */
function deepRuleIds(): string {
  return LEARNING_RULES.filter((r) => r.deep).map((r) => r.id).join(', ');
}

/**
 * The deep part of a setup, or null: hidden[0] = K (the first layer's width), every width an
 * integer in 1…64, a rule with a deep form, no mirror and no weight decay (neither has a deep form
 * yet). ConfigError on `hidden`, `mirror` or `weightDecay`.
 */
export function resolveDeep(hidden: readonly number[] | null | undefined, rule: LearningRule, K: number, eta: number, eta2: number, other: { mirror: boolean; decay: boolean }): DeepSetup | null {
  if (hidden === null || hidden === undefined) return null;
  // the engines take any depth (src/core/deep.ts); configs give two hidden layers (config.ts)
  if (!Array.isArray(hidden) || hidden.length < 2 || hidden.length > DEPTH_MAX) throw new ConfigError('hidden', `must be null or 2…${DEPTH_MAX} widths [K1, K2, …] (got ${JSON.stringify(hidden)})`);
  for (const [i, w] of hidden.entries()) {
    if (!Number.isInteger(w) || w < 1 || w > HIDDEN_MAX) throw new ConfigError(`hidden[${i}]`, `must be an integer in 1…${HIDDEN_MAX} (got ${w})`);
  }
  if (hidden[0] !== K) throw new ConfigError('hidden', `hidden[0] is the first layer's width and must equal K = ${K} (got ${hidden[0]}); leave K out to take it from hidden`);
  if (!rule.deep) throw new ConfigError('hidden', `rule "${rule.id}" has no deep form; a deeper student is trained by one of: ${deepRuleIds()}`);
  if (other.mirror) throw new ConfigError('mirror', 'must be null with "hidden" (weight mirroring of a deeper student is not modelled)');
  if (other.decay) throw new ConfigError('weightDecay', 'must be zero with "hidden" (weight decay of a deeper student is not modelled)');
  const net = deepNet(hidden);
  return { net, rule: rule.deep, rates: headRates(net, eta, eta2) };
}

/**
 * A deeper setup needs a head of its size in the initial state and a shallow one none: ConfigError
 * on `${where}.Wmid` / `${where}.W2` otherwise (`want`: the setup's head size or null; `got`: the state's).
 */
export function checkHeadShape(want: number | null, got: number | null, where: string): void {
  if (want === got) return;
  if (want === null) throw new ConfigError(`${where}.Wmid`, 'a head (W_mid, W3) was given but the setup has one hidden layer ("hidden" null): give W2 instead');
  if (got === null) throw new ConfigError(`${where}.Wmid`, `required with "hidden": the setup's head has ${want} entries (W_mid and W3) and the initial state has none`);
  throw new ConfigError(`${where}.Wmid`, `the initial head has ${got} entries but "hidden" needs ${want} (W_mid K2×K1 and W3 K2)`);
}

/** The most hidden layers the engines take (a config gives exactly two: config.ts). */
export const DEPTH_MAX = 4;

/** The largest hidden width (as K, M). */
export const HIDDEN_MAX = 64;

/**
 * Weight-decay rates: finite and ≥ 0; at a finite D (the simulation's), also ηλ1, η₂λ2 < D — the
 * per-step factor 1 − ηλ/D must stay positive (a factor ≤ 0 flips the weights each step).
 * ConfigError on weightDecay.W1/W2.
 */
export function checkWeightDecay(decay: WeightDecay, eta: number, eta2: number, D?: number): void {
  checkRange('weightDecay.W1', decay.W1, DECAY_RANGE);
  checkRange('weightDecay.W2', decay.W2, DECAY_RANGE);
  if (D === undefined) return;
  if (eta * decay.W1 >= D) throw new ConfigError('weightDecay.W1', `η·λ1 must be < D = ${D}: the per-step factor 1 − ηλ1/D must stay positive (got η·λ1 = ${eta * decay.W1})`);
  if (eta2 * decay.W2 >= D) throw new ConfigError('weightDecay.W2', `η₂·λ2 must be < D = ${D}: the per-step factor 1 − η₂λ2/D must stay positive (got η₂·λ2 = ${eta2 * decay.W2})`);
}

/** Validate a setup for K student units and resolve ids to objects. Throws ConfigError. */
export function resolveLearningSetup(spec: LearningSetupSpec, K: number): LearningSetup {
  const rule = ruleById(spec.rule);
  if (!rule) throw new ConfigError('rule', `must be one of ${RULE_IDS.join(', ')} (got ${JSON.stringify(spec.rule)})`);
  checkRange('eta', spec.eta, RATE_RANGE);
  checkRange('eta2', spec.eta2, RATE_RANGE);
  checkRange('noise', spec.noise, NOISE_RANGE);
  for (const [field, id] of [['activation', spec.activation], ['teacherActivation', spec.teacherActivation]] as const) {
    if (!ACTIVATION_IDS.includes(id)) throw new ConfigError(field, choiceMessage(ACTIVATION_IDS, id));
  }
  checkFeedbackWeights(rule.id, rule.needsFeedbackWeights, spec.feedbackWeights, K);
  const decay = spec.weightDecay ?? NO_WEIGHT_DECAY;
  checkWeightDecay(decay, spec.eta, spec.eta2);
  const mirror = spec.mirror ?? null;
  if (mirror !== null) checkMirror(mirror, rule);
  const deep = resolveDeep(spec.hidden, rule, K, spec.eta, spec.eta2, { mirror: mirror !== null, decay: decay.W1 !== 0 || decay.W2 !== 0 });
  return {
    deep,
    mirror: mirror === null ? null : { ...mirror },
    weightDecay: decay.W1 === 0 && decay.W2 === 0 ? NO_WEIGHT_DECAY : { W1: decay.W1, W2: decay.W2 },
    rule, eta: spec.eta, eta2: spec.eta2, noise: spec.noise,
    student: activation(spec.activation), teacher: activation(spec.teacherActivation),
    feedbackWeights: rule.needsFeedbackWeights && spec.feedbackWeights ? Float64Array.from(spec.feedbackWeights) : new Float64Array(0),
  };
}
