/**
 * Users' own learning rules (docs/rules.md "Your own rule"): a module (a path ending in .mjs or .js)
 * whose default export is a rule object with the public interface of the built-ins — an id, flags,
 * and the per-sample coefficients of the clean and the modulated pass (src/core/rules/rule.ts). It is
 * validated when loaded and then registered, so that `ruleById` finds it under its id and under the
 * module's absolute path (a config's `rule` value after loading). Every engine then runs it through
 * the generic paths: the generic coefficient step (sim/steps/generic.ts) and the general RHS by
 * cubature (theory/rhsGeneral.ts). Loading a module is src/core/rules/ruleModule.ts (Node only); this
 * file has no Node imports, so the browser explorer can bundle the config that uses it.
 *
 *   useRule(myRuleObject);   // a rule object from code: validated, registered (simulations of it run in-process)
 */
import { activation } from '../activations.ts';
import { ConfigError } from '../errors.ts';
import { isBuiltinRule, registerRule, ruleById, RULE_IDS, type LearningRule, type RulePass } from './index.ts';

const FLAGS = ['needsFeedbackWeights', 'usesFeedbackVector', 'cleanUpdateFirst'] as const;
const TEXTS = ['label', 'reference', 'summary'] as const;
const ID_PATTERN = /^[a-z][a-z0-9._-]*$/;

/**
 * Validate a user's rule object and return the normalised object the engines use (form `general`,
 * no closed forms). Throws ConfigError('rule', …) naming the property and what is allowed; `source`
 * names where the object came from in the message.
 */
export function checkRuleObject(x: unknown, source: string): LearningRule {
  const fail = (what: string): never => {
    throw new ConfigError('rule', `${source}: ${what}`);
  };
  if (x === null || typeof x !== 'object') fail(`the default export must be a rule object (got ${x === null ? 'null' : typeof x}); see docs/rules.md "Your own rule"`);
  const r = x as Record<string, unknown>;
  if (typeof r.id !== 'string' || !ID_PATTERN.test(r.id)) fail(`"id" must be a string of lower-case letters, digits, ".", "_" or "-" starting with a letter (got ${JSON.stringify(r.id)})`);
  const id = r.id as string;
  if ((RULE_IDS as readonly string[]).includes(id)) fail(`"id" ${JSON.stringify(id)} is a built-in rule's; choose another`);
  for (const k of FLAGS) if (typeof r[k] !== 'boolean') fail(`"${k}" must be true or false (got ${JSON.stringify(r[k])})`);
  for (const k of TEXTS) if (r[k] !== undefined && typeof r[k] !== 'string') fail(`"${k}" must be a string when given (got ${JSON.stringify(r[k])})`);
  for (const k of ['clean', 'modulated'] as const) if (typeof r[k] !== 'function') fail(`"${k}" must be a function (pass, coefficients, c) => void (got ${typeof r[k]})`);
  if (r.form !== undefined && (typeof r.form !== 'object' || r.form === null || (r.form as { kind?: unknown }).kind !== 'general')) {
    fail('"form" may only be { kind: "general" } (or left out): the fused forms are the built-ins\' own kernels');
  }
  if (r.approximation !== undefined && r.approximation !== null && (typeof r.approximation !== 'string' || !ruleById(r.approximation))) {
    fail(`"approximation" must be null or a known rule id (got ${JSON.stringify(r.approximation)}); allowed: ${RULE_IDS.join(', ')}`);
  }
  const clean = r.clean as LearningRule['clean'], modulated = r.modulated as LearningRule['modulated'];
  const rule: LearningRule = {
    id, label: (r.label as string | undefined) ?? id, reference: (r.reference as string | undefined) ?? 'user rule', summary: (r.summary as string | undefined) ?? '',
    needsFeedbackWeights: r.needsFeedbackWeights as boolean, usesFeedbackVector: r.usesFeedbackVector as boolean, cleanUpdateFirst: r.cleanUpdateFirst as boolean,
    form: { kind: 'general' }, approximation: (r.approximation as string | null | undefined) ?? null, alignmentFeedback: null,
    clean: (p, a, c) => clean.call(x, p, a, c),
    modulated: (p, b, c) => modulated.call(x, p, b, c),
  };
  smokeTest(rule, fail);
  return Object.freeze(rule);
}

/** Call both passes once on a small sample pass: a function that throws or writes a non-finite coefficient is refused now, not mid-run. */
function smokeTest(rule: LearningRule, fail: (what: string) => never): void {
  const K = 2;
  const g = activation('erf');
  const lam = Float64Array.from([0.3, -0.7]);
  const pass: RulePass = {
    K, lam, h: lam.map(g.g), lamMod: Float64Array.from([0.1, -0.4]), e: 0.2, yhat: 0.5, y: 0.3,
    W2: Float64Array.from([0.4, -0.1]), f: Float64Array.from([0.2, 0.1]), feedbackWeights: Float64Array.from([1, -0.5]), g,
  };
  const a = new Float64Array(K), b = new Float64Array(K), c = new Float64Array(K);
  for (const [name, run] of [['clean', () => rule.clean(pass, a, c)], ['modulated', () => rule.modulated(pass, b, c)]] as const) {
    try {
      run();
    } catch (e) {
      fail(`"${name}" threw on a sample pass (K = 2): ${(e as Error)?.message ?? String(e)}`);
    }
  }
  for (const [name, v] of [['a (clean)', a], ['b (modulated)', b], ['c', c]] as const) {
    if (!v.every(Number.isFinite)) fail(`the coefficients ${name} are not finite on a sample pass (K = 2): [${Array.from(v).join(', ')}]`);
  }
}

/**
 * Register a validated rule object given in code (no module: simulations of it run in this process).
 * @example
 * ```ts
 * const mine = useRule({ ...ruleById('pepita-hebbian'), id: 'my-hebbian', form: undefined, alignmentFeedback: undefined });
 * solveTheoryOf(parseConfig({ rule: mine.id }));   // or parseConfig({ rule: ruleObject }) directly
 * ```
 */
export function useRule(x: unknown): LearningRule {
  const rule = checkRuleObject(x, 'rule object');
  const existing = ruleById(rule.id);
  if (existing && isBuiltinRule(existing)) throw new ConfigError('rule', `"id" ${JSON.stringify(rule.id)} is a built-in rule's; choose another`);
  registerRule(rule);
  return rule;
}
