/**
 * The explorer's inputs ↔ a config object for `parseConfig`. Pure (no DOM, no zod), so it is shared
 * by the page, its Web Workers and the tests. Every input of the page has the id of its field here.
 *
 * Parity with the CLI: the page sets only what its inputs say; everything else (solver tolerances,
 * averaging backend defaults, Monte Carlo samples…) comes from `parseConfig`'s defaults, exactly as
 * for `pepita-ode theory` and `simulate`. The initial values of the inputs are those defaults too
 * (`formValuesFromConfig(defaultConfig())`, filled in at build time by page.ts).
 *
 * `D` is the simulation's dimension and the one at which the initial weights are sampled (the
 * theory starts from their order parameters, docs/model.md "Initial states").
 */
import type { Config } from '../core/config.ts';
import type { LearningRule } from '../core/rules/index.ts';

/** Raw input values as strings, keyed by element id. */
export type FormValues = Record<string, string>;

/** The ids of the page's config inputs, in the order the page shows them. */
export const INPUT_IDS = [
  'eta', 'eta2', 'K', 'M', 'D', 'tmax', 'points', 'spacing', 'activation', 'teacherActivation', 'W1std', 'Fstd', 'seed',
  'noise', 'averages', 'mcSamples', 'feedbackWeights', 'mirror', 'mirrorRate', 'mirrorNoise', 'mirrorPre', 'simSeed', 'simSeeds',
] as const;

/** The choices of the mirror input: F fixed, or learned by weight mirroring (docs/rules.md "Weight mirroring"). */
export const MIRROR_CHOICES = ['off', 'on'] as const;
export type InputId = (typeof INPUT_IDS)[number];

/** A number field: empty text is "not given" (undefined); anything else is handed to zod as is. */
function num(text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (s === '') return undefined;
  const v = Number(s);
  // keep the text when it is not a number so that parseConfig names the field in its message
  return Number.isNaN(v) ? s : v;
}

/** A comma- or space-separated list of numbers; empty means not given. */
function list(text: string | undefined): (number | string)[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(/[\s,]+/).filter((s) => s !== '').map((s) => (Number.isNaN(Number(s)) ? s : Number(s)));
}

function word(text: string | undefined): string | undefined {
  const s = text?.trim();
  return s ? s : undefined;
}

/** Drop undefined entries so that parseConfig applies its documented defaults. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

/**
 * The JSON config (unvalidated) that the inputs describe for one rule. The fixed feedback weights
 * are passed only to a rule that reads them (`needsFeedbackWeights`), and the mirror (when "on")
 * only to a rule that uses F (`usesFeedbackVector`), so inputs meant for one rule never make
 * another rule's config invalid.
 */
export function configFromForm(values: FormValues, rule: Pick<LearningRule, 'id' | 'needsFeedbackWeights' | 'usesFeedbackVector'>): Record<string, unknown> {
  const mirrored = rule.usesFeedbackVector && word(values.mirror) === 'on';
  return compact({
    K: num(values.K),
    M: num(values.M),
    D: num(values.D),
    rule: rule.id,
    eta: num(values.eta),
    eta2: num(values.eta2),
    noise: num(values.noise),
    activation: word(values.activation),
    teacherActivation: word(values.teacherActivation),
    tmax: num(values.tmax),
    points: num(values.points),
    spacing: word(values.spacing),
    feedbackWeights: rule.needsFeedbackWeights ? list(values.feedbackWeights) : undefined,
    mirror: mirrored ? compact({ rate: num(values.mirrorRate), noise: num(values.mirrorNoise), pre: num(values.mirrorPre) }) : undefined,
    init: {
      kind: 'weights',
      ...compact({ seed: num(values.seed) }),
      student: compact({ W1std: num(values.W1std) }),
      feedback: compact({ std: num(values.Fstd) }),
    },
    theory: compact({ averages: word(values.averages), mcSamples: num(values.mcSamples) }),
    sim: compact({ seed: num(values.simSeed), seeds: num(values.simSeeds) }),
  });
}

/** The input values that describe a (resolved) config; η₂ is left empty when it equals η. */
export function formValuesFromConfig(c: Config): Record<InputId, string> {
  const init = c.init.kind === 'weights' ? c.init : null;
  return {
    eta: String(c.eta),
    eta2: c.eta2 === c.eta ? '' : String(c.eta2),
    K: String(c.K),
    M: String(c.M),
    D: String(c.D),
    tmax: String(c.tmax),
    points: String(c.points),
    spacing: c.spacing,
    activation: c.activation,
    teacherActivation: c.teacherActivation,
    W1std: init ? String(init.student.W1std) : '',
    Fstd: init ? String(init.feedback.std) : '',
    seed: String(c.init.seed),
    noise: String(c.noise),
    averages: c.theory.averages,
    mcSamples: String(c.theory.mcSamples),
    feedbackWeights: c.feedbackWeights ? c.feedbackWeights.join(', ') : '',
    // off by default; the parameters shown when it is switched on: η_m = σ_n = 1, no pre-mirroring
    mirror: c.mirror ? 'on' : 'off',
    mirrorRate: String(c.mirror?.rate ?? 1),
    mirrorNoise: String(c.mirror?.noise ?? 1),
    mirrorPre: String(c.mirror?.pre ?? 0),
    simSeed: String(c.sim.seed),
    simSeeds: String(c.sim.seeds),
  };
}
