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
import { RULE_IDS, ruleById, type LearningRule, type RuleId } from './rules/index.ts';

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
}

export interface LearningSetup {
  readonly rule: LearningRule;
  readonly eta: number;
  readonly eta2: number;
  readonly noise: number;
  readonly student: Activation;
  readonly teacher: Activation;
  /** fixed feedback weights (K), empty when the rule reads none */
  readonly feedbackWeights: Float64Array;
}

function checkRate(field: string, v: number, allowZero: boolean): void {
  if (!(Number.isFinite(v) && (allowZero ? v >= 0 : v > 0))) throw new ConfigError(field, `must be a finite number ${allowZero ? '≥ 0' : '> 0'} (got ${v})`);
}

/** Validate a setup for K student units and resolve ids to objects. Throws ConfigError. */
export function resolveLearningSetup(spec: LearningSetupSpec, K: number): LearningSetup {
  const rule = ruleById(spec.rule);
  if (!rule) throw new ConfigError('rule', `must be one of ${RULE_IDS.join(', ')} (got ${JSON.stringify(spec.rule)})`);
  checkRate('eta', spec.eta, false);
  checkRate('eta2', spec.eta2, false);
  checkRate('noise', spec.noise, true);
  for (const [field, id] of [['activation', spec.activation], ['teacherActivation', spec.teacherActivation]] as const) {
    if (!ACTIVATION_IDS.includes(id)) throw new ConfigError(field, `must be one of ${ACTIVATION_IDS.join(', ')} (got ${JSON.stringify(id)})`);
  }
  checkFeedbackWeights(rule.id, rule.needsFeedbackWeights, spec.feedbackWeights, K);
  return {
    rule, eta: spec.eta, eta2: spec.eta2, noise: spec.noise,
    student: activation(spec.activation), teacher: activation(spec.teacherActivation),
    feedbackWeights: rule.needsFeedbackWeights && spec.feedbackWeights ? Float64Array.from(spec.feedbackWeights) : new Float64Array(0),
  };
}
