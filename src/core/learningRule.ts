/**
 * The constants of a learning rule, shared by the ODE problem (theory/state.ts, `TheoryProblem`)
 * and the finite-D step (sim/rules.ts, `RuleParams`): the rule, its rates, the label noise, the
 * activations and the fixed DFA feedback. Light on purpose (no zod, no mathjs): simulation
 * workers import it.
 */
import { activation, type Activation } from './activations.ts';
import type { Config, Rule } from './config.ts';

export interface LearningRule {
  readonly rule: Rule;
  /** first-layer rate η */
  readonly eta: number;
  /** second-layer rate η₂ (step η₂/D) */
  readonly eta2: number;
  /** teacher output-noise std σ */
  readonly noise: number;
  readonly student: Activation;
  readonly teacher: Activation;
  /** fixed DFA feedback b (K); required for rule "dfa", null otherwise allowed */
  readonly feedbackWeights: Float64Array | null;
}

type RuleFields = Pick<Config, 'rule' | 'eta' | 'eta2' | 'noise' | 'feedbackWeights'>;

/** The rule constants of a config; activations given explicitly or looked up by id. */
export function learningRuleOf(
  c: RuleFields & Partial<Pick<Config, 'activation' | 'teacherActivation'>>,
  student: Activation = activation(c.activation ?? 'erf'),
  teacher: Activation = activation(c.teacherActivation ?? 'erf'),
): LearningRule {
  if (c.rule === 'dfa' && c.feedbackWeights === null) throw new Error('rule "dfa" needs feedbackWeights');
  return {
    rule: c.rule, eta: c.eta, eta2: c.eta2, noise: c.noise, student, teacher,
    feedbackWeights: c.feedbackWeights === null ? null : Float64Array.from(c.feedbackWeights),
  };
}
