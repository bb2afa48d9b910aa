/**
 * Which rules a comparison runs: a list given by the user (`--rules bp,afa,pepita`, or ids and
 * rule objects in code), or the default for a config. Rules are looked up in the registry
 * (src/core/rules/index.ts); an unknown id is a ConfigError naming the field and the allowed ids.
 *
 *   parseRuleList('bp, pepita')        // [BP, PEPITA]
 *   defaultCompareRules(config)        // [PEPITA, AFA] for rule "pepita", [BP] for rule "bp"
 */
import type { Config } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import { AFA, BP, FF, LEARNING_RULES, PEPITA, PEPITA_HEBBIAN, PEPITA_TIME_LOCAL, RULE_IDS, ruleById, type LearningRule, type RuleId } from '../core/rules/index.ts';

/** A rule as code may name it: its object or its id. */
export type RuleRef = LearningRule | RuleId;

/**
 * The family of `pepita-ode family`: BP, AFA and the forward-only rules of the paper's Sec. 3 —
 * the rules that run on a config as it is (no fixed feedback weights) and that the paper compares
 * there. The baselines and variants added later (DRTP, PEPITA with e_mod) are run by `--rules`.
 */
export const FAMILY_RULES: readonly LearningRule[] = [BP, AFA, PEPITA, PEPITA_HEBBIAN, PEPITA_TIME_LOCAL, FF];

/** Resolve ids or objects to rule objects, deduplicated, in the given order. */
export function resolveRules(refs: readonly RuleRef[], field = 'rules'): LearningRule[] {
  const out: LearningRule[] = [];
  for (const ref of refs) {
    const rule = typeof ref === 'string' ? ruleById(ref) : ref;
    if (!rule || !LEARNING_RULES.includes(rule)) {
      throw new ConfigError(field, `unknown rule ${JSON.stringify(typeof ref === 'string' ? ref : (ref as LearningRule)?.id)}; allowed: ${RULE_IDS.join(', ')}`);
    }
    if (!out.includes(rule)) out.push(rule);
  }
  if (out.length === 0) throw new ConfigError(field, `must name at least one rule; allowed: ${RULE_IDS.join(', ')}`);
  return out;
}

/** Parse a comma-separated list of rule ids (a CLI value). */
export function parseRuleList(text: string, field = '--rules'): LearningRule[] {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return resolveRules(ids as RuleId[], field);
}

/**
 * The rules a comparison runs when none are given: the config's rule, plus the rule that
 * approximates it (AFA for PEPITA) — when it can train the config's student (a deeper student
 * needs a deep form, which AFA has not).
 */
export function defaultCompareRules(config: Config): LearningRule[] {
  const own = ruleById(config.rule)!;
  const companion = own.approximation === null ? undefined : ruleById(own.approximation);
  const runnable = companion !== undefined && (config.hidden === null || Boolean(companion.deep));
  return runnable ? [own, companion] : [own];
}

/** The family's rules a config can run: all of FAMILY_RULES, or with `hidden` those with a deep form (BP, PEPITA, PEPITA-Hebbian). */
export function familyRulesFor(config: Config): LearningRule[] {
  return config.hidden === null ? [...FAMILY_RULES] : FAMILY_RULES.filter((r) => r.deep);
}

/**
 * Refuse rules the config cannot run (a rule that needs fixed feedback weights when the config
 * has none), before anything is computed or written.
 */
export function checkRulesRunnable(config: Config, rules: readonly LearningRule[], field = 'rules'): void {
  for (const r of rules) {
    if (config.hidden !== null && !r.deep) throw new ConfigError(field, `rule "${r.id}" has no deep form for "hidden": ${JSON.stringify(config.hidden)}; use one of ${RULE_IDS.filter((id) => ruleById(id)?.deep).join(', ')}`);
    if (r.needsFeedbackWeights && config.feedbackWeights === null) {
      throw new ConfigError(field, `rule "${r.id}" needs feedbackWeights (K = ${config.K} numbers) in the config`);
    }
  }
}
