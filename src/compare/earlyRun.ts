/**
 * The early-time study of one Supp. E.1 config: the checks of eqs. 27–30 (theory/early.ts) and the
 * curves for early.html — the AFA ODE and the AFA and PEPITA simulations from the same initial
 * overlaps (realised exactly at finite D) on the config's output times.
 */
import type { Config } from '../core/config.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { e1Setting, earlyChecks, earlyCurves, type EarlyCurves, type EarlyReport } from '../../theory/early.ts';
import { simulateManyOf, solveTheoryOf, theoryProblemOf } from '../app/fromConfig.ts';
import { realisedTimes } from './compare.ts';

/** The eq. 27–30 checks plus the AFA ODE, the AFA and PEPITA simulations and the expansions as curves. */
export interface EarlyStudy {
  report: EarlyReport;
  theory: TheorySolution;
  sims: SimSolution[];
  curves: EarlyCurves;
}

/**
 * The checks of eqs. 27–30 (printed and corrected) against the AFA ODE (fast, no simulation). Throws
 * ConfigError when the config is not in the E.1 setting.
 * @example
 * ```ts
 * earlyChecksOf(parseConfig(E1_DEFAULT_CONFIG)).checks.map((c) => [c.eq, c.holds]);   // 29: false, 29-corrected: true, …
 * ```
 */
export function earlyChecksOf(config: Config): EarlyReport {
  e1SettingOf(config);
  return earlyChecks(theoryProblemOf(config));
}

/** The E.1 parameters of a config; ConfigError when it is not in that setting. */
function e1SettingOf(config: Config) {
  return e1Setting(theoryProblemOf(config), config.init.kind !== 'overlaps');
}

/**
 * Checks plus the curves of early.html. `simulate: false` skips the simulations.
 * @example
 * ```ts
 * const study = await earlyStudy(parseConfig(E1_DEFAULT_CONFIG), { simulate: false });
 * figureHtml(earlyFigureSpec(study));
 * ```
 */
export async function earlyStudy(config: Config, opts: { simulate?: boolean; threads?: number } = {}): Promise<EarlyStudy> {
  const setting = e1SettingOf(config);
  const report = earlyChecksOf(config);
  const times = realisedTimes(config);
  const theory = solveTheoryOf({ ...config, rule: 'afa' }, { times, initial: setting.initial });
  const sims: SimSolution[] = [];
  if (opts.simulate ?? true) {
    // t ≤ 10 at D = 500 is 5000 steps a run: inline unless told otherwise (a worker's start-up
    // costs more than such runs); the numbers do not depend on it
    const configs = (['afa', 'pepita'] as const).map((rule) => ({ ...config, rule }));
    const steps = config.sim.seeds * configs.length * times[times.length - 1] * config.D;
    sims.push(...(await simulateManyOf(configs, { times, threads: opts.threads ?? (steps < 2e5 ? 1 : config.sim.threads) })));
  }
  return { report, theory, sims, curves: earlyCurves(setting) };
}
