/**
 * The registry of learning rules: the one place that maps a config's `rule` value to its object.
 * Nothing else looks at a rule's name.
 */
import { AFA } from './afa.ts';
import { BP } from './bp.ts';
import { DFA } from './dfa.ts';
import { DRTP } from './drtp.ts';
import { FF } from './ff.ts';
import { PEPITA } from './pepita.ts';
import { PEPITA_HEBBIAN } from './pepitaHebbian.ts';
import { PEPITA_MODULATED_ERROR } from './pepitaModulatedError.ts';
import { PEPITA_TIME_LOCAL } from './pepitaTimeLocal.ts';
import type { LearningRule, RuleId } from './rule.ts';

export type { BuiltinRuleId, LearningRule, RuleForm, RuleId, RulePass } from './rule.ts';
export { AFA, BP, DFA, DRTP, FF, PEPITA, PEPITA_HEBBIAN, PEPITA_MODULATED_ERROR, PEPITA_TIME_LOCAL };

/**
 * Every rule, in the order tables and figures list them (the baselines DRTP and PEPITA as first
 * coded last, so the paper's rules keep their colours, src/figures/traces.ts).
 * @example
 * ```ts
 * for (const r of LEARNING_RULES) console.log(r.id, r.label, r.reference, r.usesFeedbackVector);
 * ```
 */
export const LEARNING_RULES: readonly LearningRule[] = [BP, DFA, AFA, PEPITA, PEPITA_HEBBIAN, PEPITA_TIME_LOCAL, FF, DRTP, PEPITA_MODULATED_ERROR];

/**
 * The config's `rule` values.
 * @example
 * ```ts
 * RULE_IDS   // ['bp', 'dfa', 'afa', 'pepita', 'pepita-hebbian', 'pepita-time-local', 'ff', 'drtp', 'pepita-modulated-error']
 * ```
 */
export const RULE_IDS = LEARNING_RULES.map((r) => r.id) as [RuleId, ...RuleId[]];

/** Rules loaded from users' modules (src/core/rules/userRule.ts), by their id and by their module's absolute path. */
const USER_RULES = new Map<string, LearningRule>();
/** The module each user rule loaded from a module came from (by its id and by the path). */
const RULE_MODULES = new Map<string, string>();

/**
 * Make a validated user rule reachable by `ruleById` under its id and, when it came from a module,
 * under the module's absolute path (the config's `rule` value). Done by `loadRuleModule` and
 * `useRule`; a second, different rule under a taken key is refused by them, not here.
 */
export function registerRule(rule: LearningRule, modulePath?: string): void {
  USER_RULES.set(rule.id, rule);
  if (modulePath !== undefined) {
    USER_RULES.set(modulePath, rule);
    RULE_MODULES.set(rule.id, modulePath);
    RULE_MODULES.set(modulePath, modulePath);
  }
}

/**
 * How another thread gets the rule of a `rule` value: null for a built-in rule (it has it), the
 * absolute path of the module a user's rule came from, undefined for a user's rule registered as an
 * object (`useRule`), which no other thread can rebuild.
 */
export function ruleModulePath(rule: string): string | null | undefined {
  if (LEARNING_RULES.some((r) => r.id === rule)) return null;
  return RULE_MODULES.get(rule);
}

/**
 * The rule object of a `rule` value: a built-in id, a registered user rule's id or its module path
 * (undefined for an unknown one; configs are validated before).
 * @example
 * ```ts
 * ruleById('pepita-time-local')?.cleanUpdateFirst   // true (Algorithm 2)
 * ```
 */
export function ruleById(id: string): LearningRule | undefined {
  return LEARNING_RULES.find((r) => r.id === id) ?? USER_RULES.get(id);
}

/** A `rule` value naming a user's rule module: a path ending in .mjs or .js (src/core/rules/userRule.ts). */
export function isRuleModulePath(rule: string): boolean {
  return /\.(mjs|js)$/.test(rule);
}

/** True for a built-in rule object (user rules are registered, not built in). */
export function isBuiltinRule(rule: LearningRule): boolean {
  return LEARNING_RULES.includes(rule);
}
