/**
 * The early-time study of one Supp. E.1 config: the checks of eqs. 27–30 (theory/early.ts) and the
 * curves for early.html — the AFA ODE and the AFA and PEPITA simulations from the same initial
 * overlaps (realised exactly at finite D) on the config's output times.
 */
import type { Config } from '../core/config.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { simulate } from '../../sim/run.ts';
import { e1Setting, earlyChecks, earlyCurves, type EarlyCurves, type EarlyReport } from '../../theory/early.ts';
import { solveTheory } from '../../theory/solve.ts';
import { realisedTimes } from './compare.ts';

export interface EarlyStudy {
  report: EarlyReport;
  theory: TheorySolution;
  sims: SimSolution[];
  curves: EarlyCurves;
}

/** Checks only (fast, no simulation). Throws ConfigError when config is not the E.1 setting. */
export { earlyChecks };

/** Checks plus the curves of early.html. `simulate: false` skips the simulations. */
export async function earlyStudy(config: Config, opts: { simulate?: boolean; threads?: number } = {}): Promise<EarlyStudy> {
  const setting = e1Setting(config);
  const report = earlyChecks(config);
  const times = realisedTimes(config);
  const theory = solveTheory({ ...config, rule: 'afa' }, { times, initial: setting.initial });
  const sims: SimSolution[] = [];
  if (opts.simulate ?? true) {
    for (const rule of ['afa', 'pepita'] as const) {
      sims.push(await simulate({ ...config, rule }, { times, threads: opts.threads ?? config.sim.threads }));
    }
  }
  return { report, theory, sims, curves: earlyCurves(setting) };
}
