/**
 * Options of a theory solve (diffrax's stepsize controller and solver choice; not part of the
 * problem). Every field is optional; defaults are the config's (src/core/theoryDefaults.ts).
 *
 *   solveTheory(problem, { rtol: 1e-9, averages: 'mc', mcSamples: 20_000 })
 */
import { ConfigError } from '../src/core/errors.ts';
import { MAX_POINTS } from '../src/core/cubature/pointSet.ts';
import { MIN_CUBATURE_NODES } from '../src/core/cubature/ruleChoice.ts';
import { THEORY_DEFAULTS } from '../src/core/theoryDefaults.ts';

export type AveragesChoice = 'auto' | 'analytic' | 'cubature' | 'mc';
export type TheoryModel = 'exact' | 'pepita-first-order';

/** The solver's settings of one solve (tolerances, averaging backend, integrator, progress callback); all optional. */
export interface TheoryOptions {
  /** relative tolerance of the integrator; default 1e-11 */
  rtol?: number;
  /** absolute tolerance; default 1e-14 */
  atol?: number;
  /** Gaussian averages: "auto" (default), "analytic", "cubature", "mc" */
  averages?: AveragesChoice;
  /** Monte Carlo samples per average (antithetic pairs count twice); default 100 000 */
  mcSamples?: number;
  /** seed of the Monte Carlo bank; default 12345 */
  mcSeed?: number;
  /**
   * cubature node budget (points of the largest rule used; src/core/cubature/ruleChoice.ts); null or
   * absent: 60 000, or 15 000 where a control variate applies (THEORY_DEFAULTS)
   */
  cubatureNodes?: number | null;
  /** subtract a control variate with a closed-form average before cubature where the rule has one (PEPITA, erf/linear units, ≤ 5 integration dimensions: theory/select.ts); default true */
  controlVariate?: boolean;
  /** "exact" (default) or "pepita-first-order": the PEPITA ODE expanded to first order in f (closed form, erf) */
  model?: TheoryModel;
  /** the integrator: "auto" (default), "odex", or a stiff method by name */
  solver?: string;
  /** called after every accepted step */
  onProgress?: (t: number, tmax: number) => void;
}

export interface ResolvedTheoryOptions extends Required<Omit<TheoryOptions, 'onProgress' | 'cubatureNodes'>> {
  /** null: the default budget, chosen by whether a control variate applies (theory/select.ts) */
  cubatureNodes: number | null;
  onProgress?: (t: number, tmax: number) => void;
}

/** Fill defaults and check the numbers (ConfigError naming `theory.<field>`). */
export function resolveTheoryOptions(o: TheoryOptions = {}): ResolvedTheoryOptions {
  const r: ResolvedTheoryOptions = {
    rtol: o.rtol ?? THEORY_DEFAULTS.rtol,
    atol: o.atol ?? THEORY_DEFAULTS.atol,
    averages: o.averages ?? THEORY_DEFAULTS.averages,
    mcSamples: o.mcSamples ?? THEORY_DEFAULTS.mcSamples,
    mcSeed: o.mcSeed ?? THEORY_DEFAULTS.mcSeed,
    cubatureNodes: o.cubatureNodes ?? null,
    controlVariate: o.controlVariate ?? THEORY_DEFAULTS.controlVariate,
    model: o.model ?? 'exact',
    solver: o.solver ?? 'auto',
    onProgress: o.onProgress,
  };
  if (!(r.rtol > 0 && r.rtol < 1)) throw new ConfigError('theory.rtol', `must be in (0, 1) (got ${r.rtol})`);
  if (!(r.atol > 0 && Number.isFinite(r.atol))) throw new ConfigError('theory.atol', `must be a finite number > 0 (got ${r.atol})`);
  if (!(Number.isInteger(r.mcSamples) && r.mcSamples >= 2)) throw new ConfigError('theory.mcSamples', `must be an integer ≥ 2 (got ${r.mcSamples})`);
  if (r.cubatureNodes !== null && !(Number.isInteger(r.cubatureNodes) && r.cubatureNodes >= MIN_CUBATURE_NODES && r.cubatureNodes <= MAX_POINTS)) {
    throw new ConfigError('theory.cubatureNodes', `must be an integer in ${MIN_CUBATURE_NODES}..${MAX_POINTS} (got ${r.cubatureNodes})`);
  }
  return r;
}
