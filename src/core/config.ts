/**
 * The run configuration: one zod schema, every key documented with its default (the Fig. 2
 * setting of the paper: K = M = 2, D = 500, η = 0.05, erf). Unknown keys are errors.
 * `parseConfig` validates a JSON value and returns a fully resolved `Config`, or throws a
 * `ConfigError` naming the field and what is allowed.
 *
 * Like diffrax's SaveAt, a config validates itself when built:
 *   parseConfig({ rule: 'bp', eta: 0.5 })           // ok, everything else defaulted
 *   parseConfig({ rule: 'dfa' })                    // ConfigError: feedbackWeights: required for rule "dfa" …
 *   parseConfig({ K: 2, eat: 1 })                   // ConfigError: eat: unknown key; did you mean eta? …
 *   parseConfigText('{ "K": 2, // comment\n }')      // JSONC as tsconfig: comments, trailing commas
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { ACTIVATION_IDS, activation, type ActivationId } from './activations.ts';
import { ConfigError } from './errors.ts';
import { overlapsFromJson, type OverlapsJson } from './overlaps.ts';
import { didYouMean, nearestName } from './suggest.ts';

import { isRuleModulePath, LEARNING_RULES, RULE_IDS, ruleById, type RuleId } from './rules/index.ts';
import { useRule } from './rules/userRule.ts';
import { checkWeightDecay, resolveDeep } from './learningSetup.ts';
import { choiceMessage, DECAY_RANGE, NOISE_RANGE, RATE_RANGE, SEED_RANGE, type NumberRange } from './ranges.ts';
import { AVERAGES, ERROR_ESTIMATES, SOLVER_NAMES, THEORY_DEFAULTS, THEORY_MODELS, THEORY_RANGES, type AveragesChoice } from './theorySettings.ts';
import { checkCovariancePsd, checkDeepTheory, checkFeedbackWeights, checkMirrorCovariancePsd, checkTheoryChoices, checkTimes } from './checks.ts';
import { checkMirror, PRE_RANGE } from './mirror.ts';

/** The config's `rule` values (src/core/rules/index.ts is the registry). */
export const RULES = RULE_IDS;
export type Rule = RuleId;
export { AVERAGES };
export type Averages = AveragesChoice;
export const SPACINGS = ['log', 'linear'] as const;
export type Spacing = (typeof SPACINGS)[number];

/** Upper bounds that keep a typo from asking for a week of work or all the memory. */
export const LIMITS = {
  K: 64, M: 64, D: 1_000_000, points: 100_000, times: 100_000, mcSamples: THEORY_RANGES.mcSamples.max, seeds: 10_000, threads: 256,
} as const;

// zod 4 numbers are finite already (Infinity and NaN are refused); native checks so that the
// JSON Schema printed by `pepita-ode schema` carries the same bounds.
const finite = () => z.number('must be a finite number');
const positive = () => finite().positive('must be > 0');
const nonNegative = () => finite().min(0, 'must be ≥ 0');
const count = (max: number) => z.number().int('must be an integer').min(1, 'must be ≥ 1').max(max, `must be ≤ ${max}`);
/** a zod number over a shared range (src/core/theorySettings.ts), with the messages `rangeViolation` gives */
function ranged(r: NumberRange) {
  let s = z.number('must be a finite number');
  if (r.integer) s = s.int('must be an integer');
  if (r.above !== undefined) s = s.gt(r.above, `must be > ${r.above}`);
  if (r.below !== undefined) s = s.lt(r.below, `must be < ${r.below}`);
  if (r.min !== undefined) s = s.min(r.min, `must be ≥ ${r.min}`);
  if (r.max !== undefined) s = s.max(r.max, `must be ≤ ${r.max}`);
  return s;
}
const seed = () => ranged(SEED_RANGE);
/** a zod enum whose refusal is worded as the API's (`choiceMessage`) */
const choice = <const T extends readonly [string, ...string[]]>(allowed: T) => z.enum(allowed, { error: (iss) => choiceMessage(allowed, iss.input) });
const vector = () => z.array(finite());
const matrix = () => z.array(z.array(finite()));

const weightsInit = z.strictObject({
  kind: z.literal('weights').default('weights').describe('"weights" (the default, so it may be left out): sample the initial weights'),
  seed: seed().default(8).describe('seed of the initial weights (teacher W̃1, student W1, feedback F); default 8 gives W̃2·f̃ > 0 at the defaults, so the Fig. 2 plateau is escaped (eq. 29)'),
  teacher: z.strictObject({
    W1: choice(['gaussian', 'orthogonal']).default('gaussian').describe('rows of W̃1: i.i.d. N(0,1) ("gaussian") or orthogonal rows of norm √D ("orthogonal", T = I exactly)'),
    W2: vector().nullable().default(null).describe('W̃2, M numbers; null means all ones. e.g. [1, 1]'),
  }).prefault({}),
  student: z.strictObject({
    W1std: nonNegative().default(1).describe('std of the i.i.d. entries of W1 (Q(0) ≈ W1std²·I); e.g. 1'),
    W2: z.union([z.literal('zeros'), vector()]).default('zeros').describe('W2(0): "zeros" or K numbers; e.g. "zeros" (one hidden layer; with "hidden" see Wmid and W3)'),
    Wmid: z.union([z.literal('gaussian'), matrix()]).default('gaussian').describe('with "hidden": [K1, K2]: W_mid(0), "gaussian" (i.i.d. N(0, 1/K1) entries from the init seed\'s own stream) or a K2×K1 matrix; e.g. "gaussian"'),
    W3: z.union([z.literal('zeros'), vector()]).default('zeros').describe('with "hidden": the output weights W3(0), "zeros" or K2 numbers; e.g. "zeros"'),
  }).prefault({}),
  feedback: z.strictObject({
    std: nonNegative().default(1).describe('std of the i.i.d. entries of F (q_f ≈ std²); e.g. 1'),
  }).prefault({}),
});

const overlapsInit = z.strictObject({
  kind: z.literal('overlaps').describe('"overlaps": start from the given order parameters'),
  seed: seed().default(8).describe('seed of the random orthonormal embedding that realises these overlaps at finite D'),
  Q: matrix().describe('K×K student–student overlaps W1W1ᵀ/D (symmetric)'),
  R: matrix().describe('K×M student–teacher overlaps W1W̃1ᵀ/D'),
  T: matrix().describe('M×M teacher–teacher overlaps W̃1W̃1ᵀ/D (symmetric)'),
  W2: vector().optional().describe('student second layer, K numbers (one hidden layer; with "hidden" give Wmid and W3 instead)'),
  W2t: vector().describe('teacher second layer W̃2, M numbers'),
  Wmid: matrix().optional().describe('with "hidden": [K1, K2]: the middle layer W_mid, a K2×K1 matrix (in place of W2)'),
  W3: vector().optional().describe('with "hidden": the output weights W3, K2 numbers (in place of W2)'),
  f: vector().optional().describe('adaptive feedback W1F/D, K numbers (with "mirror": null; e.g. [0.1, -0.2])'),
  ft: vector().optional().describe('teacher–feedback overlap f̃ = W̃1F/D, M numbers (with "mirror": null)'),
  qf: nonNegative().optional().describe('feedback norm q_f = F·F/D (with "mirror": null)'),
  P: matrix().optional().describe('with a mirror: K×K overlaps W1F1/D of the student with the factor F1 (in place of f, ft, qf)'),
  Pt: matrix().optional().describe('with a mirror: M×K overlaps W̃1F1/D of the teacher with F1'),
  G: matrix().optional().describe('with a mirror: K×K Gram matrix F1ᵀF1/D (symmetric)'),
  F2: vector().optional().describe('with a mirror: the factor F2, K numbers (F = F1 F2)'),
});

/** The keys of an overlaps init that describe F: fixed (f, ft, qf) or mirrored (P, Pt, G, F2). */
const FIXED_FEEDBACK_KEYS = ['f', 'ft', 'qf'] as const;
const MIRROR_FEEDBACK_KEYS = ['P', 'Pt', 'G', 'F2'] as const;

const mirrorBlock = z.strictObject({
  rate: ranged(RATE_RANGE).describe('mirror rate η_m per unit time: F1 += (η_m/√D) ξ g(W1ξ/√D)ᵀ, F2 += (η_m/D) ζ (W2·ζ) each mirror step; e.g. 1'),
  noise: ranged(NOISE_RANGE).describe('std σ_n of the mirror noise ξ ~ N(0, σ_n² I_D), ζ ~ N(0, σ_n² I_K); e.g. 1'),
  decay: ranged(DECAY_RANGE).default(0).describe('decay λ_m of the factors: F1, F2 −= (η_m λ_m/D)·(same) each mirror step; η_m λ_m < D; e.g. 0'),
  normalise: z.boolean().default(true).describe('rescale F1, F2 by (q_f(0)/q_f)^{1/4} after every mirror step, keeping the std of F at its initial value (the authors\' code); e.g. true'),
  pre: ranged(PRE_RANGE).default(0).describe('pre-mirroring: this many time units (pre·D steps) of mirror steps with learning off before t = 0; e.g. 10'),
  during: z.boolean().default(true).describe('mirror after every learning step (false: only during the pre-phase); e.g. true'),
});

/** What each required key of an `overlaps` init holds, for the "required when …" message. */
const OVERLAPS_KEYS = Object.keys(overlapsInit.shape).filter((k) => k !== 'kind' && k !== 'seed');

export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('path or URL of the JSON Schema (from `pepita-ode schema`), for editors; ignored by pepita-ode'),
  K: count(LIMITS.K).default(2).describe('student hidden units; e.g. 2'),
  M: count(LIMITS.M).default(2).describe('teacher hidden units; e.g. 2'),
  D: count(LIMITS.D).default(500).describe('input dimension of the simulation (the theory is D → ∞); e.g. 500'),
  rule: z.union([z.enum(RULE_IDS), z.string().regex(/\.(mjs|js)$/)]).default('afa').describe(`learning rule: ${LEARNING_RULES.map((r) => `"${r.id}" (${r.reference})`).join(' | ')}, or the path of your own rule module ending in .mjs or .js, relative to the config file (docs/rules.md "Your own rule"); e.g. "./my-rule.mjs"`),
  eta: ranged(RATE_RANGE).default(0.05).describe('first-layer learning rate η (per step, scaled convention); e.g. 0.05'),
  eta2: ranged(RATE_RANGE).nullable().default(null).describe('second-layer learning rate η₂ (step η₂/D); null means η₂ = η'),
  noise: ranged(NOISE_RANGE).default(0).describe('teacher output-noise std σ ≥ 0'),
  activation: choice(ACTIVATION_IDS as [string, ...string[]]).default('erf').describe('student activation: erf (= erf(x/√2)) | relu | tanh | linear'),
  teacherActivation: choice(ACTIVATION_IDS as [string, ...string[]]).default('erf').describe('teacher activation, same ids'),
  tmax: positive().default(5000).describe('last output time; e.g. 5000'),
  points: z.number().int('must be an integer').min(2, 'must be ≥ 2').max(LIMITS.points, `must be ≤ ${LIMITS.points}`).default(200).describe('number of output times from t = 0 to tmax, spaced by `spacing` (ignored when `times` is given); e.g. 200'),
  spacing: choice(SPACINGS).default('log').describe('spacing of the `points` output times: "log" (t = 0, then log-spaced over the 5 decades below tmax) | "linear" (evenly from 0 to tmax). The simulation observes at steps μ = round(t·D): times closer than 1/D share a step and are merged (warned on stderr, counted in run.json)'),
  times: z.array(nonNegative()).min(1, 'must list at least one time').max(LIMITS.times, `must list at most ${LIMITS.times} times`).nullable().default(null).describe('explicit increasing, non-negative output times, e.g. [0, 0.5, 1]; null means `points` times spaced by `spacing`'),
  /** initial state: sampled weights (default) or given overlaps */
  init: z.discriminatedUnion('kind', [weightsInit, overlapsInit], { error: 'must be "weights" or "overlaps"' }).prefault({ kind: 'weights' }),
  weightDecay: z.strictObject({
    W1: ranged(DECAY_RANGE).default(0).describe('first-layer decay rate λ1 per unit time: W1 ← (1 − ηλ1/D) W1 after every step (dQ −= 2ηλ1 Q, dR −= ηλ1 R, df −= ηλ1 f); ηλ1 < D; e.g. 1e-4 (the paper\'s Tables 1–2)'),
    W2: ranged(DECAY_RANGE).default(0).describe('second-layer decay rate λ2 per unit time: W2 ← (1 − η₂λ2/D) W2 after every step (dW2 −= η₂λ2 W2); η₂λ2 < D; e.g. 1e-4'),
  }).prefault({}).describe('weight decay of every rule, in both engines (docs/rules.md); default none'),
  hidden: z.array(count(LIMITS.K)).nullable().default(null).describe('a deeper student (Sec. 5; docs/rules.md "Deeper students"): hidden widths [K1, K2] — x → K1 → K2 → 1, only the first layer sees the input; K is then K1 (leave K out). null (the default): one hidden layer of K units. Rules: pepita, bp, pepita-hebbian; e.g. [2, 2]'),
  mirror: mirrorBlock.nullable().default(null).describe('weight mirroring of Sec. 6 (docs/rules.md "Weight mirroring"): F = F1 F2 learned by mirror steps; null (the default) keeps F fixed. Only for rules that use F. e.g. {"rate": 1, "noise": 1}'),
  feedbackWeights: vector().nullable().default(null).describe('fixed DFA feedback b (K numbers); required for rule "dfa", ignored otherwise'),
  theory: z.strictObject({
    averages: choice(AVERAGES).default(THEORY_DEFAULTS.averages).describe('Gaussian averages: "auto" (closed forms where they apply, else cubature) | "analytic" (closed forms only; an error where none applies) | "cubature" (deterministic: Gauss–Hermite sparse grid, a randomised QMC lattice for relu; error estimate in run.json) | "mc" (Monte Carlo); e.g. "auto"'),
    cubatureNodes: ranged(THEORY_RANGES.cubatureNodes).nullable().default(null).describe(`cubature node budget: the largest rule with at most this many points (tensor Gauss–Hermite in ≤ 2 dimensions — K + M, plus 1 with label noise —, a Smolyak sparse grid up to 9, a randomised QMC lattice from 10 dimensions on and for relu); null chooses ${THEORY_DEFAULTS.cubatureNodesControlled} where the control variate applies (Smolyak level 7 at K = M = 2), ${THEORY_DEFAULTS.cubatureNodesLattice} for smooth units from 10 dimensions on (the lattice) and ${THEORY_DEFAULTS.cubatureNodes} elsewhere (level 9 at K = M = 2), εg within 1e-5 of a finer rule on Fig. 2 (bench/RESULTS.md "Cubature"); e.g. 60000`),
    controlVariate: z.boolean().default(THEORY_DEFAULTS.controlVariate).describe('cubature averages only the difference to a control variate with a closed-form average where the rule has one and it was measured to help: PEPITA with erf/linear units (its first-order expansion in f) in ≤ 5 integration dimensions (K + M, +1 with label noise); the same RHS, a smaller quadrature error; e.g. true'),
    errorEstimate: choice(ERROR_ESTIMATES).default(THEORY_DEFAULTS.errorEstimate).describe('how a cubature solve estimates its error (run.json solver.averagerAccuracy; a warning above 1e-3): "solve" (the whole solve again at the next coarser rule, ≈ 20–45 % more time; the largest relative εg difference, within 3–7× of the actual error at K = M = 2–8) | "averages" (only the per-average check; its maximum overstates the εg error 14–2 000×); e.g. "solve"'),
    mcSamples: ranged(THEORY_RANGES.mcSamples).default(THEORY_DEFAULTS.mcSamples).describe('Monte Carlo samples (antithetic pairs count twice); e.g. 100000'),
    mcSeed: seed().default(THEORY_DEFAULTS.mcSeed).describe('seed of the Monte Carlo sample bank'),
    model: choice(THEORY_MODELS).default(THEORY_DEFAULTS.model).describe('"exact" ODE of the rule, or "pepita-first-order": the PEPITA ODE expanded to first order in f (closed form, erf/linear; rule "pepita" only)'),
    rtol: ranged(THEORY_RANGES.rtol).default(THEORY_DEFAULTS.rtol).describe('relative tolerance of the ODE solver; e.g. 1e-11'),
    atol: ranged(THEORY_RANGES.atol).default(THEORY_DEFAULTS.atol).describe('absolute tolerance of the ODE solver; e.g. 1e-14'),
    steadyState: z.boolean().default(THEORY_DEFAULTS.steadyState).describe('stop a solve at a stable fixed point reached to tolerance (the last step moved every component by less than its tolerance, every Jacobian eigenvalue has Re < 0, the Newton step to the fixed point is within tolerance) and fill the remaining output times with that fixed point; recorded in run.json (stats.steadyState). A plateau (a saddle) is never taken for it; e.g. true'),
    threads: z.union([z.literal('auto'), count(THEORY_RANGES.threads.max)], { error: `must be "auto" or an integer from 1 to ${THEORY_RANGES.threads.max}` }).default(THEORY_DEFAULTS.threads).describe('threads sharing each cubature average of a solve (docs/averages.md "Threads"): "auto" (the machine\'s cores, for rules of ≥ 8 192 points per average; one below) or a count; the numbers do not depend on it (each average is summed in fixed parts added in order); sweeps use one per point (their points run in parallel); e.g. "auto"'),
    solver: choice(SOLVER_NAMES).default(THEORY_DEFAULTS.solver).describe('ODE integrator: "auto" (odex while not stiff, RODAS4 once stiffness is detected; switches recorded in run.json) | "odex" (explicit extrapolation) | "rodas4" (stiff Rosenbrock); e.g. "auto"'),
  }).prefault({}),
  sim: z.strictObject({
    seed: seed().default(1).describe('data-stream seed of run 0 (run i uses seed + i)'),
    seeds: count(LIMITS.seeds).default(4).describe('number of independent runs (data streams)'),
    threads: count(LIMITS.threads).default(2).describe('worker threads (results do not depend on it)'),
  }).prefault({}),
});

type Parsed = z.infer<typeof configSchema>;
export type WeightsInit = z.infer<typeof weightsInit>;
export type OverlapsInit = z.infer<typeof overlapsInit>;

/** A validated, fully resolved configuration (eta2 and teacher W2 resolved). */
export interface Config extends Omit<Parsed, 'eta2' | 'activation' | 'teacherActivation'> {
  eta2: number;
  activation: (typeof ACTIVATION_IDS)[number];
  teacherActivation: (typeof ACTIVATION_IDS)[number];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[') || '(config)';
}

function shapeCheck(field: string, m: number[][], rows: number, cols: number) {
  if (m.length !== rows || m.some((r) => r.length !== cols)) {
    throw new ConfigError(field, `must be a ${rows}×${cols} matrix (got ${m.length} rows of lengths ${m.map((r) => r.length).join(',') || '–'})`);
  }
}
function lengthCheck(field: string, v: number[], n: number, what: string) {
  if (v.length !== n) throw new ConfigError(field, `must have ${n} entries (${what}), got ${v.length}`);
}
function symmetryCheck(field: string, m: number[][]) {
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i][j], b = m[j][i];
      if (Math.abs(a - b) > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b))) {
        throw new ConfigError(field, `must be symmetric (entry [${i}][${j}] = ${a} but [${j}][${i}] = ${b})`);
      }
    }
  }
}

/** Cross-field checks the schema alone cannot express. */
function checkConsistency(c: Parsed): void {
  const { K, M } = c;
  const rule = ruleById(c.rule);
  if (!rule) throw new ConfigError('rule', `the rule module "${c.rule}" is not loaded: read the config with the CLI's --config or loadConfigFile, or call loadRuleModule first (docs/rules.md "Your own rule")`);
  checkFeedbackWeights(c.rule, rule.needsFeedbackWeights, c.feedbackWeights, K);
  checkWeightDecay(c.weightDecay, c.eta, c.eta2 ?? c.eta, c.D);
  if (c.mirror !== null) checkMirror(c.mirror, rule, c.D);
  if (c.hidden !== null && c.hidden.length !== 2) throw new ConfigError('hidden', `must be null or two widths [K1, K2] (got ${JSON.stringify(c.hidden)}): the engines take more (src/core/deep.ts), the config's init keys Wmid and W3 are for two`);
  resolveDeep(c.hidden, rule, K, c.eta, c.eta2 ?? c.eta, { mirror: c.mirror !== null, decay: c.weightDecay.W1 !== 0 || c.weightDecay.W2 !== 0 });
  if (c.hidden !== null) checkDeepTheory(c.theory);
  checkTheoryChoices(c.theory, rule, activation(c.activation as ActivationId), activation(c.teacherActivation as ActivationId), c.mirror !== null);
  if (c.times !== null) checkTimes(c.times);
  const init = c.init;
  if (init.kind === 'weights') {
    if (init.teacher.W2 !== null) lengthCheck('init.teacher.W2', init.teacher.W2, M, 'one per teacher unit, M');
    if (init.student.W2 !== 'zeros') {
      if (c.hidden !== null) throw new ConfigError('init.student.W2', 'not allowed with "hidden": a deeper student starts from init.student.Wmid and init.student.W3');
      lengthCheck('init.student.W2', init.student.W2, K, 'one per student unit, K');
    }
    if (c.hidden !== null) {
      if (init.student.Wmid !== 'gaussian') shapeCheck('init.student.Wmid', init.student.Wmid, c.hidden[1], c.hidden[0]);
      if (init.student.W3 !== 'zeros') lengthCheck('init.student.W3', init.student.W3, c.hidden[1], 'the output weights, K2');
    }
    return;
  }
  shapeCheck('init.Q', init.Q, K, K);
  shapeCheck('init.R', init.R, K, M);
  shapeCheck('init.T', init.T, M, M);
  // the layers after the first: W2 with one hidden layer, Wmid and W3 with two
  const [want2, notWanted2, why2] = c.hidden === null ? [['W2'], ['Wmid', 'W3'], '"hidden" is null'] as const : [['Wmid', 'W3'], ['W2'], '"hidden" is set'] as const;
  for (const k of notWanted2) if (init[k] !== undefined) throw new ConfigError(`init.${k}`, `not allowed when ${why2}: an overlaps init then gives ${want2.join(', ')}`);
  for (const k of want2) if (init[k] === undefined) throw new ConfigError(`init.${k}`, `required when init.kind is "overlaps" and ${why2} (${(overlapsInit.shape[k] as z.ZodType).description})`);
  if (c.hidden === null) lengthCheck('init.W2', init.W2!, K, 'student second layer, K');
  else {
    shapeCheck('init.Wmid', init.Wmid!, c.hidden[1], c.hidden[0]);
    lengthCheck('init.W3', init.W3!, c.hidden[1], 'the output weights, K2');
  }
  lengthCheck('init.W2t', init.W2t, M, 'teacher second layer, M');
  symmetryCheck('init.Q', init.Q);
  symmetryCheck('init.T', init.T);
  // F is described by f, ft, qf when fixed and by the factors' overlaps when mirrored
  const [wanted, other, why] = c.mirror === null ? [FIXED_FEEDBACK_KEYS, MIRROR_FEEDBACK_KEYS, '"mirror" is null'] : [MIRROR_FEEDBACK_KEYS, FIXED_FEEDBACK_KEYS, '"mirror" is set'];
  for (const k of other) if (init[k] !== undefined) throw new ConfigError(`init.${k}`, `not allowed when ${why}: an overlaps init then gives ${wanted.join(', ')}`);
  for (const k of wanted) if (init[k] === undefined) throw new ConfigError(`init.${k}`, `required when init.kind is "overlaps" and ${why} (${(overlapsInit.shape[k] as z.ZodType).description})`);
  if (c.mirror === null) {
    lengthCheck('init.f', init.f!, K, 'adaptive feedback, K');
    lengthCheck('init.ft', init.ft!, M, 'teacher–feedback overlap, M');
    checkCovariancePsd(overlapsFromJson(init as OverlapsJson));
    return;
  }
  shapeCheck('init.P', init.P!, K, K);
  shapeCheck('init.Pt', init.Pt!, M, K);
  shapeCheck('init.G', init.G!, K, K);
  lengthCheck('init.F2', init.F2!, K, 'the factor F2, K');
  symmetryCheck('init.G', init.G!);
  checkMirrorCovariancePsd(overlapsFromJson(init as OverlapsJson));
}

/**
 * Validate and resolve a config given as a parsed JSON value; every missing key gets its default
 * (the Fig. 2 setting). Throws ConfigError naming the field and what is allowed.
 * @example
 * ```ts
 * const config = parseConfig({ rule: 'pepita', eta: 0.1, sim: { seeds: 2 } });
 * parseConfig({ eat: 0.1 });   // ConfigError: eat: unknown key … (did you mean eta?)
 * ```
 */
export function parseConfig(input: unknown): Config {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError('(config)', 'must be a JSON object');
  }
  // a rule object given in code (the API): validated and registered, then named by its id — an id
  // the schema (a built-in id or a module path) does not know, so it is checked here and set after
  const given = (input as { rule?: unknown }).rule;
  const inCodeRule = given !== null && typeof given === 'object' ? useRule(given).id
    : typeof given === 'string' && !(RULE_IDS as readonly string[]).includes(given) && !isRuleModulePath(given) && ruleById(given) ? given : null;
  if (inCodeRule !== null) input = { ...input, rule: RULE_IDS[0] };
  // a deeper student's first width is K: taken from hidden when K is left out
  const hidden = (input as { hidden?: unknown }).hidden;
  if (Array.isArray(hidden) && typeof hidden[0] === 'number' && (input as { K?: unknown }).K === undefined) input = { ...(input as object), K: hidden[0] };
  const r = configSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      // quote keys that are not plain names ("" or "a b"), so the message always names something
      const key = /^[A-Za-z_$][\w$]*$/.test(keys[0]) ? keys[0] : JSON.stringify(keys[0]);
      const field = issue.path.length ? `${where}.${key}` : key;
      const allowed = allowedKeys(issue.path);
      throw new ConfigError(field, `unknown key${didYouMean(keys[0], allowed)}; allowed keys here: ${allowed.join(', ')}`);
    }
    if (issue.path.length === 1 && issue.path[0] === 'rule' && getAt(input, issue.path) !== undefined) {
      const given = getAt(input, issue.path);
      const near = typeof given === 'string' ? nearestName(given, RULE_IDS) : null;
      const hint = near === null ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
      throw new ConfigError('rule', `must be one of ${RULE_IDS.map((id) => JSON.stringify(id)).join(', ')} or the path of a rule module ending in .mjs or .js (got ${JSON.stringify(given)})${hint}`);
    }
    if (issue.code === 'invalid_union' && issue.path.join('.') === 'init') {
      throw new ConfigError('init.kind', 'must be "weights" or "overlaps"');
    }
    if (issue.code === 'invalid_value') {
      const given = getAt(input, issue.path);
      const options = (issue as { values?: unknown[] }).values?.filter((v): v is string => typeof v === 'string') ?? [];
      const near = typeof given === 'string' ? nearestName(given, options) : null;
      const hint = near === null ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
      throw new ConfigError(where, `${issue.message}${hint}`);
    }
    if (issue.code === 'invalid_type' && getAt(input, issue.path) === undefined) {
      throw new ConfigError(where, requiredMessage(input, issue.path));
    }
    throw new ConfigError(where, issue.message);
  }
  const c = r.data;
  if (inCodeRule !== null) c.rule = inCodeRule;
  checkConsistency(c);
  const init = c.init.kind === 'weights' && c.init.teacher.W2 === null
    ? { ...c.init, teacher: { ...c.init.teacher, W2: new Array(c.M).fill(1) } }
    : c.init;
  return { ...c, init, eta2: c.eta2 ?? c.eta } as Config;
}

/** The value at a path of the raw input (undefined when missing). */
function getAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(p)];
  }
  return cur;
}

/** "required when init.kind is "overlaps" (…)" for a key that only one kind of init needs. */
function requiredMessage(input: unknown, path: readonly PropertyKey[]): string {
  const kind = getAt(input, ['init', 'kind']);
  if (path[0] === 'init' && path.length === 2 && kind === 'overlaps') {
    const mirrored = getAt(input, ['mirror']) !== undefined && getAt(input, ['mirror']) !== null;
    const deep = getAt(input, ['hidden']) !== undefined && getAt(input, ['hidden']) !== null;
    const other: readonly string[] = [...(mirrored ? FIXED_FEEDBACK_KEYS : MIRROR_FEEDBACK_KEYS), ...(deep ? ['W2'] : ['Wmid', 'W3'])];
    const missing = OVERLAPS_KEYS.filter((k) => !other.includes(k) && getAt(input, ['init', k]) === undefined);
    const desc = (overlapsInit.shape as Record<string, z.ZodType>)[String(path[1])]?.description;
    return `required when init.kind is "overlaps"${desc ? ` (${desc})` : ''}; this init also lacks: ${missing.join(', ')}`;
  }
  return 'required here';
}

/**
 * Check that a dotted path (`--set` or a sweep spec key) names a key of the config schema;
 * a ConfigError naming `field` and suggesting the nearest key otherwise. Paths into `init`
 * accept the keys of both kinds.
 */
export function checkConfigKeyPath(path: string, field = path): void {
  const segments = path.split('.');
  for (let i = 0; i < segments.length; i++) {
    const allowed = allowedKeys(segments.slice(0, i));
    if (!allowed.includes(segments[i])) {
        const where = i === 0 ? 'the config' : segments.slice(0, i).join('.');
      const hint = allowed.length ? `${didYouMean(segments[i], allowed)}; keys of ${where}: ${allowed.join(', ')}` : `: ${where} has no keys (it is a value)`;
      throw new ConfigError(field, `unknown key "${segments[i]}"${hint}`);
    }
  }
}

/** Every dotted key path of the config schema, leaves and objects alike (`sim`, `sim.seeds`, …). */
export function configKeyPaths(): string[] {
  const out: string[] = [];
  const walk = (prefix: string[]) => {
    for (const key of allowedKeys(prefix)) {
      out.push([...prefix, key].join('.'));
      if (prefix.length < 4) walk([...prefix, key]);
    }
  };
  walk([]);
  return [...new Set(out)];
}

function allowedKeys(path: readonly PropertyKey[]): string[] {
  let shape: z.ZodType = configSchema;
  for (const p of path) {
    const s = unwrap(shape);
    if (s instanceof z.ZodObject) shape = (s.shape as Record<string, z.ZodType>)[String(p)];
    else if (s instanceof z.ZodDiscriminatedUnion) {
      const opt = (s.options as z.ZodObject[]).find((o) => String(p) in o.shape);
      if (!opt) return [];
      shape = (opt.shape as Record<string, z.ZodType>)[String(p)];
    } else return [];
    if (!shape) return [];
  }
  const s = unwrap(shape);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodDiscriminatedUnion) {
    return [...new Set((s.options as z.ZodObject[]).flatMap((o) => Object.keys(o.shape)))];
  }
  return [];
}

function unwrap(t: z.ZodType): z.ZodType {
  let cur: z.ZodType = t;
  for (let i = 0; i < 8; i++) {
    const def = (cur as unknown as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    if (def?.innerType) cur = def.innerType;
    else if (def?.in) cur = def.in;
    else break;
  }
  return cur;
}

/**
 * The default config (the Fig. 2 setting: K = M = 2, D = 500, η = 0.05, erf, init seed 8).
 * @example
 * ```ts
 * const { K, M, D, eta, rule } = defaultConfig();   // 2, 2, 500, 0.05, 'afa'
 * ```
 */
export function defaultConfig(): Config {
  return parseConfig({});
}

/** JSONC as tsconfig reads it: comments and trailing commas allowed. */
const JSONC_OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false } as const;

/**
 * Parse config text (JSON with comments, as tsconfig): the parsed value, or a ConfigError naming
 * `source` with the line and column of the first syntax error.
 */
export function parseJsoncText(text: string, source = 'config', fileName?: string): unknown {
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, JSONC_OPTIONS);
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    const before = text.slice(0, offset).split('\n');
    const line = before.length, column = before[before.length - 1].length + 1;
    const what = printParseErrorCode(error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(); // ValueExpected → value expected
    const near = text.slice(offset, offset + 20).split('\n')[0];
    const file = fileName ? `"${fileName}" ` : '';
    const loc = fileName ? `${fileName}:${line}:${column}, ` : '';
    throw new ConfigError(source, `${file}is not valid JSON (comments and trailing commas are fine): ${what} at line ${line}, column ${column} (${loc}${near ? `at ${JSON.stringify(near)}` : 'at the end'})`);
  }
  return value;
}

/**
 * Parse and validate config text (JSON with comments, as tsconfig); malformed text is a
 * ConfigError naming `source` with line:column.
 * @example
 * ```ts
 * const config = parseConfigText('{ "rule": "bp", // backprop\n "eta": 0.5, }', 'bp.jsonc');
 * ```
 */
export function parseConfigText(text: string, source = 'config'): Config {
  return parseConfig(parseJsoncText(text, source));
}
