/**
 * The explorer's inputs → a config object for `parseConfig`. Pure (no DOM), so it is shared by the
 * browser page and the tests. Every input of the page has the id of its field here.
 *
 * The page solves the theory only, so `D` matters only through the initial condition: the theory
 * starts from the order parameters of the weights sampled at that D (DESIGN.md, "Initial
 * conditions").
 */

/** Raw input values as strings, keyed by element id. */
export type FormValues = Record<string, string>;

/** The ids of the page's inputs with their initial values (the Fig. 2 setting; fewer points and MC samples). */
export const FORM_DEFAULTS: Readonly<FormValues> = {
  rule: 'afa',
  eta: '0.05',
  eta2: '',
  K: '2',
  M: '2',
  D: '500',
  tmax: '5000',
  points: '120',
  W1std: '1',
  Fstd: '1',
  seed: '8',
  noise: '0',
  averages: 'analytic',
  mcSamples: '20000',
  feedbackWeights: '',
};

/** Tolerances of the explorer's solves: looser than the CLI defaults (rtol 1e-11, atol 1e-14) to keep redraws interactive. */
export const EXPLORER_RTOL = 1e-6;
export const EXPLORER_ATOL = 1e-9;

/** A number field: empty text is "not given" (undefined); anything else is handed to zod as is. */
function num(text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (s === '') return undefined;
  const v = Number(s);
  // keep the text when it is not a number so that parseConfig names the field in its message
  return Number.isNaN(v) ? s : v;
}

/** A comma-separated list of numbers; empty means null. */
function list(text: string | undefined): (number | string)[] | null {
  if (text === undefined || text.trim() === '') return null;
  return text.split(/[\s,]+/).filter((s) => s !== '').map((s) => (Number.isNaN(Number(s)) ? s : Number(s)));
}

/** Drop undefined entries so that parseConfig applies its documented defaults. */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

/** Build the JSON config (unvalidated) that the page's inputs describe. */
export function configFromForm(values: FormValues): Record<string, unknown> {
  return compact({
    K: num(values.K),
    M: num(values.M),
    D: num(values.D),
    rule: values.rule?.trim() || undefined,
    eta: num(values.eta),
    eta2: num(values.eta2),
    noise: num(values.noise),
    tmax: num(values.tmax),
    points: num(values.points),
    feedbackWeights: list(values.feedbackWeights) ?? undefined,
    init: {
      kind: 'weights',
      ...compact({ seed: num(values.seed) }),
      student: compact({ W1std: num(values.W1std) }),
      feedback: compact({ std: num(values.Fstd) }),
    },
    theory: compact({
      averages: values.averages?.trim() || undefined,
      mcSamples: num(values.mcSamples),
      rtol: EXPLORER_RTOL,
      atol: EXPLORER_ATOL,
    }),
  });
}
