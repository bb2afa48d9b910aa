/**
 * Is a numerical average accurate enough to trust? A solve's averaging backend reports the largest
 * relative error estimate over its averages (`AveragerStats.errorEstimateMax`); above
 * AVERAGE_ERROR_THRESHOLD the solve is flagged in run.json (`solver.averagerAccuracy`) and the CLI
 * warns on stderr, naming the budget to raise (docs/averages.md "Error estimate and warning").
 */
import type { AveragerStats } from './averaging.ts';

/**
 * Relative error estimate above which a solve is flagged: 1e-3, the accuracy the README promises
 * for numerical averages (a tenth of the typical finite-D fluctuation of εg at D = 500).
 */
export const AVERAGE_ERROR_THRESHOLD = 1e-3;

/** run.json's `solver.averagerAccuracy`: the estimate, the threshold, whether it was exceeded. */
export interface AveragerAccuracy {
  errorEstimateMax: number;
  threshold: number;
  exceeded: boolean;
  /** the config field whose increase buys accuracy, e.g. "theory.cubatureNodes" */
  budget: string | null;
}

/**
 * The accuracy verdict of a solve's averager, null when the solve used closed forms (no averager)
 * or the backend made no estimate (NaN).
 */
export function averagerAccuracyOf(stats: AveragerStats | undefined, threshold = AVERAGE_ERROR_THRESHOLD): AveragerAccuracy | null {
  if (stats === undefined) return null;
  const est = stats.errorEstimateMax ?? stats.errorEstimate;
  if (!Number.isFinite(est)) return null;
  return { errorEstimateMax: est, threshold, exceeded: est > threshold, budget: stats.budget ?? null };
}

/** The stderr warning for an exceeded estimate (null when there is none to give). */
export function averagerWarning(acc: AveragerAccuracy | null): string | null {
  if (acc === null || !acc.exceeded) return null;
  const raise = acc.budget === null ? '' : `; raise ${acc.budget} for a finer rule`;
  return `the Gaussian averages' estimated relative error ${acc.errorEstimateMax.toPrecision(2)} exceeds ${acc.threshold} (${'`'}solver.averagerAccuracy${'`'} in run.json)${raise}`;
}
