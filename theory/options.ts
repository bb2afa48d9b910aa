/**
 * Options of a theory solve (diffrax's stepsize controller and solver choice; not part of the
 * problem). Every field is optional; defaults, allowed values and ranges are the config's (src/core/theorySettings.ts).
 *
 *   solveTheory(problem, { rtol: 1e-9, averages: 'mc', mcSamples: 20_000 })
 */
import { ConfigError } from '../src/core/errors.ts';
import { checkRange, SEED_RANGE } from '../src/core/ranges.ts';
import {
  AVERAGES, choiceMessage, ERROR_ESTIMATES, SOLVER_NAMES, THEORY_DEFAULTS, THEORY_MODELS, THEORY_RANGES,
  type AveragesChoice, type ErrorEstimateChoice, type SolverName, type TheoryModel,
} from '../src/core/theorySettings.ts';

export type { AveragesChoice, TheoryModel };

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
  /** the integrator: "auto" (default), "odex", "rodas4" */
  solver?: SolverName;
  /**
   * stop at a stable fixed point reached to tolerance and fill the remaining output times with it
   * (theory/steadyState.ts; recorded in the solution's stats); default true
   */
  steadyState?: boolean;
  /**
   * how a cubature solve estimates its error: "solve" (default; the solve again at the next coarser
   * rule, stats.egErrorEstimate) or "averages" (the per-average check only)
   */
  errorEstimate?: ErrorEstimateChoice;
  /**
   * threads sharing each cubature average (docs/averages.md "Threads"): "auto" (default; the machine's
   * cores, used when the rule has ≥ 8 192 points per average) or a count 1–64; the result is the
   * same for every count
   */
  threads?: number | 'auto';
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
    model: o.model ?? THEORY_DEFAULTS.model,
    solver: o.solver ?? THEORY_DEFAULTS.solver,
    steadyState: o.steadyState ?? THEORY_DEFAULTS.steadyState,
    errorEstimate: o.errorEstimate ?? THEORY_DEFAULTS.errorEstimate,
    threads: o.threads ?? THEORY_DEFAULTS.threads,
    onProgress: o.onProgress,
  };
  checkRange('theory.rtol', r.rtol, THEORY_RANGES.rtol);
  checkRange('theory.atol', r.atol, THEORY_RANGES.atol);
  checkRange('theory.mcSamples', r.mcSamples, THEORY_RANGES.mcSamples);
  checkRange('theory.mcSeed', r.mcSeed, SEED_RANGE);
  if (r.threads !== 'auto') checkRange('theory.threads', r.threads, THEORY_RANGES.threads);
  if (r.cubatureNodes !== null) checkRange('theory.cubatureNodes', r.cubatureNodes, THEORY_RANGES.cubatureNodes);
  for (const [field, allowed, v] of [['averages', AVERAGES, r.averages], ['model', THEORY_MODELS, r.model], ['solver', SOLVER_NAMES, r.solver], ['errorEstimate', ERROR_ESTIMATES, r.errorEstimate]] as const) {
    if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(`theory.${field}`, choiceMessage(allowed, v));
  }
  return r;
}
