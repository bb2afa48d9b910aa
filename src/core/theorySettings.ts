/**
 * The theory engine's settings in one place: the allowed values of each choice, the defaults and
 * the numeric ranges. The config schema (`theory.*`, src/core/config.ts) and the solve options of a
 * library caller (theory/options.ts) both read them, so a value is allowed (and its message worded)
 * the same way from a config file and from the API.
 *   rtol/atol 1e-11/1e-14: εg right to ≈ 2e-9 relative down to εg ≈ 1e-6 (the former 1e-8/1e-10
 *   gave 5.2e-4 there, bench/RESULTS.md).
 *
 *   AVERAGES.includes('cubature')          // true
 *   THEORY_RANGES.cubatureNodes.max        // 4 000 000 (the point-set limit)
 */
import { MAX_POINTS } from './cubature/pointSet.ts';
export { choiceMessage } from './ranges.ts';

/** Gaussian averages: closed forms where they apply ("auto"), closed forms only, cubature, Monte Carlo. */
export const AVERAGES = ['auto', 'analytic', 'cubature', 'mc'] as const;
export type AveragesChoice = (typeof AVERAGES)[number];
/** The ODE solved: the rule's exact ODE, or PEPITA's expanded to first order in f (theory/pepitaFirstOrder.ts). */
export const THEORY_MODELS = ['exact', 'pepita-first-order'] as const;
export type TheoryModel = (typeof THEORY_MODELS)[number];
/**
 * Integrators by name (theory/stiff/integrators.ts maps them to functions): "auto" (odex, switching
 * to RODAS4 when stiff), "odex", "rodas4".
 * @example
 * ```ts
 * SOLVER_NAMES.includes('rodas4')   // true
 * ```
 */
export const SOLVER_NAMES = ['auto', 'odex', 'rodas4'] as const;
export type SolverName = (typeof SOLVER_NAMES)[number];

/**
 * How a cubature solve estimates its own error (docs/averages.md "Error estimate and warning"):
 * "solve" (default) — the whole solve again at the next coarser rule, the largest relative εg
 * difference over the output times; "averages" — only the per-average check against the coarser
 * rule (cheaper, but its maximum overstates the εg error 14–2 000× at K = M = 2–8).
 */
export const ERROR_ESTIMATES = ['solve', 'averages'] as const;
export type ErrorEstimateChoice = (typeof ERROR_ESTIMATES)[number];

/** Smallest cubature budget accepted (the level-1 sparse grid in 9 dimensions has 19 points). */
export const MIN_CUBATURE_NODES = 100;

export const THEORY_DEFAULTS = {
  /** stop at a stable fixed point reached to tolerance and fill the remaining output times with it (theory/steadyState.ts) */
  steadyState: true,
  rtol: 1e-11,
  atol: 1e-14,
  averages: 'auto' as AveragesChoice,
  mcSamples: 100_000,
  mcSeed: 12345,
  /**
   * cubature node budget: the largest rule with at most this many points (src/core/cubature/ruleChoice.ts);
   * 60 000 = Smolyak level 9 at K = M = 2, εg within 8.6e-6 of level 10 along the Fig. 2 PEPITA run
   */
  cubatureNodes: 60_000,
  /**
   * the budget where a control variate applies (PEPITA with erf/linear units, theory/controlVariate.ts):
   * 15 000 = Smolyak level 7 at K = M = 2 (bench/RESULTS.md "Cubature")
   */
  cubatureNodesControlled: 15_000,
  /**
   * the budget of smooth problems in ≥ 10 integration dimensions (K = M ≥ 5, the lattice rule:
   * ruleChoice.ts LATTICE_FROM_DIMENSION): 120 000 points, εg 8.4e-4 off a 480 000-point lattice at
   * K = M = 8 in 33 s on 2 threads (60 000: 1.5e-3 in 17 s; bench/RESULTS.md "Cubature at scale")
   */
  cubatureNodesLattice: 120_000,
  /** subtract the rule's closed-form control variate before cubature (theory/controlVariate.ts) */
  controlVariate: true,
  model: 'exact' as TheoryModel,
  errorEstimate: 'solve' as ErrorEstimateChoice,
  solver: 'auto' as SolverName,
  /** threads sharing each cubature average: the machine's cores (theory/threads/team.ts) */
  threads: 'auto' as number | 'auto',
} as const;

/** Numeric ranges of the theory settings (integers where `integer`); bounds inclusive unless named `below`/`above`. */
export const THEORY_RANGES = {
  /** 0 < rtol < 1 */
  rtol: { above: 0, below: 1 },
  /** atol > 0 */
  atol: { above: 0 },
  /** antithetic pairs count twice; ≤ 50 M keeps a typo from asking for a week of work */
  mcSamples: { integer: true, min: 2, max: 50_000_000 },
  cubatureNodes: { integer: true, min: MIN_CUBATURE_NODES, max: MAX_POINTS },
  /** threads of one cubature solve (theory/threads/team.ts) */
  threads: { integer: true, min: 1, max: 64 },
} as const;
