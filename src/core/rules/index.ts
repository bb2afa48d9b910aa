/**
 * The registry of learning rules: the one place that maps a config's `rule` value to its object.
 * Nothing else looks at a rule's name.
 */
import { AFA } from './afa.ts';
import { BP } from './bp.ts';
import { DFA } from './dfa.ts';
import { FF } from './ff.ts';
import { PEPITA } from './pepita.ts';
import { PEPITA_HEBBIAN } from './pepitaHebbian.ts';
import { PEPITA_TIME_LOCAL } from './pepitaTimeLocal.ts';
import type { LearningRule, RuleId } from './rule.ts';

export type { LearningRule, RuleForm, RuleId, RulePass } from './rule.ts';
export { AFA, BP, DFA, FF, PEPITA, PEPITA_HEBBIAN, PEPITA_TIME_LOCAL };

/**
 * Every rule, in the order tables and figures list them.
 * @example
 * ```ts
 * for (const r of LEARNING_RULES) console.log(r.id, r.label, r.reference, r.usesFeedbackVector);
 * ```
 */
export const LEARNING_RULES: readonly LearningRule[] = [BP, DFA, AFA, PEPITA, PEPITA_HEBBIAN, PEPITA_TIME_LOCAL, FF];

/**
 * The config's `rule` values.
 * @example
 * ```ts
 * RULE_IDS   // ['bp', 'dfa', 'afa', 'pepita', 'pepita-hebbian', 'pepita-time-local', 'ff']
 * ```
 */
export const RULE_IDS = LEARNING_RULES.map((r) => r.id) as [RuleId, ...RuleId[]];

/**
 * The rule object of a `rule` value (undefined for an unknown id; configs are validated before).
 * @example
 * ```ts
 * ruleById('pepita-time-local')?.cleanUpdateFirst   // true (Algorithm 2)
 * ```
 */
export function ruleById(id: string): LearningRule | undefined {
  return LEARNING_RULES.find((r) => r.id === id);
}
