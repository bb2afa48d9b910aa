/**
 * The run configuration: one zod schema, every key documented with its default (the Fig. 2
 * setting of the paper: K = M = 2, D = 500, η = 0.05, erf). Unknown keys are errors.
 * `parseConfig` validates a JSON value and returns a fully resolved `Config`, or throws a
 * `ConfigError` naming the field and what is allowed.
 *
 * Like diffrax's SaveAt, a config validates itself when built:
 *   parseConfig({ rule: 'bp', eta: 0.5 })           // ok, everything else defaulted
 *   parseConfig({ rule: 'dfa' })                    // ConfigError: feedbackWeights: required for rule "dfa" …
 *   parseConfig({ K: 2, etta: 1 })                  // ConfigError: etta: unknown key …
 */
import { z } from 'zod';
import { ACTIVATION_IDS } from './activations.ts';
import { ConfigError } from './errors.ts';
import { covarianceOf, overlapsFromJson, type OverlapsJson } from './overlaps.ts';
import { isPositiveSemiDefinite } from './linalg.ts';

import { LEARNING_RULES, RULE_IDS, ruleById, type RuleId } from './rules/index.ts';

/** The config's `rule` values (src/core/rules/index.ts is the registry). */
export const RULES = RULE_IDS;
export type Rule = RuleId;
export const AVERAGES = ['analytic', 'mc'] as const;
export type Averages = (typeof AVERAGES)[number];

/** Upper bounds that keep a typo from asking for a week of work or all the memory. */
export const LIMITS = {
  K: 64, M: 64, D: 1_000_000, points: 100_000, times: 100_000, mcSamples: 50_000_000, seeds: 10_000, threads: 256,
} as const;

// zod 4 numbers are finite already (Infinity and NaN are refused); native checks so that the
// JSON Schema printed by `pepita-ode schema` carries the same bounds.
const finite = () => z.number('must be a finite number');
const positive = () => finite().positive('must be > 0');
const nonNegative = () => finite().min(0, 'must be ≥ 0');
const count = (max: number) => z.number().int('must be an integer').min(1, 'must be ≥ 1').max(max, `must be ≤ ${max}`);
const seed = () => z.number().int('must be an integer').min(0, 'must be ≥ 0').max(2 ** 32 - 1, 'must be < 2^32');
const vector = () => z.array(finite());
const matrix = () => z.array(z.array(finite()));

const weightsInit = z.strictObject({
  kind: z.literal('weights'),
  seed: seed().default(8).describe('seed of the initial weights (teacher W̃1, student W1, feedback F); default 8 gives W̃2·f̃ > 0 at the defaults, so the Fig. 2 plateau is escaped (eq. 29)'),
  teacher: z.strictObject({
    W1: z.enum(['gaussian', 'orthogonal']).default('gaussian').describe('rows of W̃1: i.i.d. N(0,1) ("gaussian") or orthogonal rows of norm √D ("orthogonal", T = I exactly)'),
    W2: vector().nullable().default(null).describe('W̃2, M numbers; null means all ones. e.g. [1, 1]'),
  }).prefault({}),
  student: z.strictObject({
    W1std: nonNegative().default(1).describe('std of the i.i.d. entries of W1 (Q(0) ≈ W1std²·I); e.g. 1'),
    W2: z.union([z.literal('zeros'), vector()]).default('zeros').describe('W2(0): "zeros" or K numbers; e.g. "zeros"'),
  }).prefault({}),
  feedback: z.strictObject({
    std: nonNegative().default(1).describe('std of the i.i.d. entries of F (q_f ≈ std²); e.g. 1'),
  }).prefault({}),
});

const overlapsInit = z.strictObject({
  kind: z.literal('overlaps'),
  seed: seed().default(8).describe('seed of the random orthonormal embedding that realises these overlaps at finite D'),
  Q: matrix(), R: matrix(), T: matrix(), W2: vector(), W2t: vector(), f: vector(), ft: vector(), qf: nonNegative(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional().describe('path or URL of the JSON Schema (from `pepita-ode schema`), for editors; ignored by pepita-ode'),
  K: count(LIMITS.K).default(2).describe('student hidden units; e.g. 2'),
  M: count(LIMITS.M).default(2).describe('teacher hidden units; e.g. 2'),
  D: count(LIMITS.D).default(500).describe('input dimension of the simulation (the theory is D → ∞); e.g. 500'),
  rule: z.enum(RULE_IDS).default('afa').describe(`learning rule: ${LEARNING_RULES.map((r) => `"${r.id}" (${r.reference})`).join(' | ')}`),
  eta: positive().default(0.05).describe('first-layer learning rate η (per step, scaled convention); e.g. 0.05'),
  eta2: positive().nullable().default(null).describe('second-layer learning rate η₂ (step η₂/D); null means η₂ = η'),
  noise: nonNegative().default(0).describe('teacher output-noise std σ ≥ 0'),
  activation: z.enum(ACTIVATION_IDS as [string, ...string[]]).default('erf').describe('student activation: erf (= erf(x/√2)) | relu | tanh | linear'),
  teacherActivation: z.enum(ACTIVATION_IDS as [string, ...string[]]).default('erf').describe('teacher activation, same ids'),
  tmax: positive().default(5000).describe('last output time; e.g. 5000'),
  points: z.number().int('must be an integer').min(2, 'must be ≥ 2').max(LIMITS.points, `must be ≤ ${LIMITS.points}`).default(200).describe('number of log-spaced output times from t = 0 to tmax (ignored when `times` is given); e.g. 200'),
  times: z.array(nonNegative()).min(1, 'must list at least one time').max(LIMITS.times, `must list at most ${LIMITS.times} times`).nullable().default(null).describe('explicit increasing, non-negative output times, e.g. [0, 0.5, 1]; null means the log grid'),
  /** initial state: sampled weights (default) or given overlaps */
  init: z.discriminatedUnion('kind', [weightsInit, overlapsInit], { error: 'must be "weights" or "overlaps"' }).prefault({ kind: 'weights' }),
  feedbackWeights: vector().nullable().default(null).describe('fixed DFA feedback b (K numbers); required for rule "dfa", ignored otherwise'),
  theory: z.strictObject({
    averages: z.enum(AVERAGES).default('analytic').describe('Gaussian averages: "analytic" (closed forms; falls back to mc where none exists) | "mc"'),
    mcSamples: count(LIMITS.mcSamples).default(100_000).describe('Monte Carlo samples (antithetic pairs count twice); e.g. 100000'),
    mcSeed: seed().default(12345).describe('seed of the Monte Carlo sample bank'),
    rtol: positive().lt(1, 'must be < 1').default(1e-11).describe('relative tolerance of the ODE solver'),
    atol: positive().default(1e-14).describe('absolute tolerance of the ODE solver'),
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
  if (ruleById(c.rule)!.needsFeedbackWeights && c.feedbackWeights === null) {
    throw new ConfigError('feedbackWeights', `required for rule "${c.rule}": give K = ${K} numbers`);
  }
  if (c.feedbackWeights !== null) lengthCheck('feedbackWeights', c.feedbackWeights, K, 'one per student unit, K');
  if (c.times !== null) {
    for (let i = 1; i < c.times.length; i++) {
      if (!(c.times[i] > c.times[i - 1])) throw new ConfigError(`times[${i}]`, `times must be strictly increasing (${c.times[i - 1]} then ${c.times[i]})`);
    }
  }
  const init = c.init;
  if (init.kind === 'weights') {
    if (init.teacher.W2 !== null) lengthCheck('init.teacher.W2', init.teacher.W2, M, 'one per teacher unit, M');
    if (init.student.W2 !== 'zeros') lengthCheck('init.student.W2', init.student.W2, K, 'one per student unit, K');
    return;
  }
  shapeCheck('init.Q', init.Q, K, K);
  shapeCheck('init.R', init.R, K, M);
  shapeCheck('init.T', init.T, M, M);
  lengthCheck('init.W2', init.W2, K, 'student second layer, K');
  lengthCheck('init.W2t', init.W2t, M, 'teacher second layer, M');
  lengthCheck('init.f', init.f, K, 'adaptive feedback, K');
  lengthCheck('init.ft', init.ft, M, 'teacher–feedback overlap, M');
  symmetryCheck('init.Q', init.Q);
  symmetryCheck('init.T', init.T);
  const o = overlapsFromJson(init as OverlapsJson);
  const n = K + M + 1;
  const psd = isPositiveSemiDefinite(covarianceOf(o), n);
  if (!psd.ok) {
    throw new ConfigError('init', `the covariance C = [[Q,R,f],[Rᵀ,T,f̃],[fᵀ,f̃ᵀ,q_f]] must be positive semi-definite (smallest eigenvalue ${psd.minEig.toExponential(3)})`);
  }
}

/** Validate and resolve a config given as a parsed JSON value. Throws ConfigError. */
export function parseConfig(input: unknown): Config {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError('(config)', 'must be a JSON object');
  }
  const r = configSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      // quote keys that are not plain names ("" or "a b"), so the message always names something
      const key = /^[A-Za-z_$][\w$]*$/.test(keys[0]) ? keys[0] : JSON.stringify(keys[0]);
      const field = issue.path.length ? `${where}.${key}` : key;
      throw new ConfigError(field, `unknown key; allowed keys here: ${allowedKeys(issue.path).join(', ')}`);
    }
    if (issue.code === 'invalid_union' && issue.path.join('.') === 'init') {
      throw new ConfigError('init.kind', 'must be "weights" or "overlaps"');
    }
    throw new ConfigError(where, issue.message);
  }
  const c = r.data;
  checkConsistency(c);
  const init = c.init.kind === 'weights' && c.init.teacher.W2 === null
    ? { ...c.init, teacher: { ...c.init.teacher, W2: new Array(c.M).fill(1) } }
    : c.init;
  return { ...c, init, eta2: c.eta2 ?? c.eta } as Config;
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

/** The default config (the Fig. 2 setting). */
export function defaultConfig(): Config {
  return parseConfig({});
}

/** Parse JSON text; malformed JSON is a ConfigError naming the file. */
export function parseConfigText(text: string, source = 'config'): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(source, `is not valid JSON (${(e as Error).message})`);
  }
  return parseConfig(json);
}
