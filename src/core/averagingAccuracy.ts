/**
 * Is a numerical average accurate enough to trust? A cubature solve estimates its εg error by
 * solving again at the next coarser rule (`stats.egErrorEstimate`, theory.errorEstimate "solve", the
 * default); otherwise its backend's largest per-average estimate (`AveragerStats.errorEstimateMax`)
 * stands in. Above AVERAGE_ERROR_THRESHOLD the solve is flagged in run.json
 * (`solver.averagerAccuracy`) and the CLI warns on stderr, naming the budget to raise
 * (docs/averages.md "Error estimate and warning").
 */
import type { AveragerStats } from './averaging.ts';
import type { EgErrorEstimate } from './trajectory.ts';

/**
 * Relative error estimate above which a solve is flagged: 1e-3, the accuracy the README promises
 * for numerical averages (a tenth of the typical finite-D fluctuation of εg at D = 500).
 */
export const AVERAGE_ERROR_THRESHOLD = 1e-3;

/** run.json's `solver.averagerAccuracy`: the estimate, how it was made, the threshold, whether it was exceeded. */
export interface AveragerAccuracy {
  /** the estimate compared with the threshold */
  estimate: number;
  /** "solve": the largest relative εg difference to the solve at the next coarser rule; "averages": the largest per-average estimate */
  method: 'solve' | 'averages';
  /** the averages' largest estimate (relative to the whole right-hand side), null when none was made */
  errorEstimateMax: number | null;
  threshold: number;
  exceeded: boolean;
  /** the config field whose increase buys accuracy, e.g. "theory.cubatureNodes" */
  budget: string | null;
}

/** What a solve's stats carry about its averages (TheoryStats). */
export interface AveragedSolveStats {
  averager?: AveragerStats;
  egErrorEstimate?: EgErrorEstimate;
}

/**
 * The accuracy verdict of a solve, null when the solve used closed forms (no averager) or made no
 * estimate (NaN).
 */
export function averagerAccuracyOf(stats: AveragedSolveStats | undefined, threshold = AVERAGE_ERROR_THRESHOLD): AveragerAccuracy | null {
  const averager = stats?.averager;
  if (averager === undefined) return null;
  const perAverage = averager.errorEstimateMax ?? averager.errorEstimate;
  const errorEstimateMax = Number.isFinite(perAverage) ? perAverage : null;
  const solve = stats?.egErrorEstimate?.value;
  const [estimate, method] = solve !== undefined && Number.isFinite(solve) ? [solve, 'solve' as const] : [errorEstimateMax, 'averages' as const];
  if (estimate === null) return null;
  return { estimate, method, errorEstimateMax, threshold, exceeded: estimate > threshold, budget: averager.budget ?? null };
}

/** The stderr warning for an exceeded estimate (null when there is none to give). */
export function averagerWarning(acc: AveragerAccuracy | null): string | null {
  if (acc === null || !acc.exceeded) return null;
  const value = acc.estimate.toPrecision(2);
  const what = acc.method === 'solve' ? `the estimated relative εg error ${value} (the solve at the next coarser rule differs by that much)` : `the Gaussian averages' estimated relative error ${value}`;
  const raise = acc.budget === null ? '' : `; raise ${acc.budget} for a finer rule`;
  return `${what} exceeds ${acc.threshold} (${'`'}solver.averagerAccuracy${'`'} in run.json)${raise}`;
}
