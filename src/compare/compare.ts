/**
 * The comparison layer: from ONE config, the theory curves (AFA ODE, and the exact PEPITA ODE)
 * and the PEPITA and AFA simulations, all from the same initial weights and on the same output
 * times, plus their agreement. This is the only place where theory/ and sim/ meet.
 *
 *   const r = await compare(parseConfig({}));            // the Fig. 2 setting
 *   r.theory.afa.eg, r.theory.pepita?.eg, r.sims.pepita.runs[0].eg, r.agreement.entries
 *
 * Shared initial state: `initialOverlaps(config)` is computed once and passed as `initial` to
 * every theory solve; the simulations sample their weights from the same `config.init` (seed),
 * so they start from exactly these order parameters (checked: a mismatch is an error).
 * Shared times: the simulation can only observe at steps μ, so the times asked of both engines
 * are the realised ones, μ/D with μ = round(t·D) for the config's output times.
 * The config's `rule` is ignored: both rules are run.
 */
import type { Config, Rule } from '../core/config.ts';
import { initialOverlaps } from '../core/init.ts';
import type { Overlaps } from '../core/overlaps.ts';
import { outputTimes, stepsForTimes } from '../core/times.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { simulate } from '../../sim/run.ts';
import { solveTheory } from '../../theory/solve.ts';
import { agreement, type Agreement } from './agreement.ts';

export interface CompareOptions {
  /** also solve the exact PEPITA ODE (Monte Carlo averages; default true) */
  pepitaTheory?: boolean;
  /** worker threads of the simulations (default config.sim.threads) */
  threads?: number;
  /** progress: phase name and its fraction done in [0, 1] */
  onProgress?: (phase: ComparePhase, fraction: number) => void;
}

export type ComparePhase = 'sim pepita' | 'sim afa' | 'theory afa' | 'theory pepita';

export interface CompareResult {
  config: Config;
  /** the shared initial order parameters */
  initial: Overlaps;
  /** the shared output times μ/D */
  times: Float64Array;
  theory: { afa: TheorySolution; pepita?: TheorySolution };
  sims: { pepita: SimSolution; afa: SimSolution };
  agreement: Agreement;
  timings: { theorySeconds: number; simSeconds: number };
}

/** Output times both engines can honour: μ/D for μ = round(t·D), deduplicated. */
export function realisedTimes(config: Config): Float64Array {
  return Float64Array.from(stepsForTimes(outputTimes(config), config.D), (mu) => mu / config.D);
}

/** Largest |a − b| over every order parameter (Q, R, T, W2, W̃2, f, f̃, q_f). */
export function overlapsDistance(a: Overlaps, b: Overlaps): number {
  let d = Math.abs(a.qf - b.qf);
  for (const key of ['Q', 'R', 'T', 'W2', 'W2t', 'f', 'ft'] as const) {
    const x = a[key], y = b[key];
    if (x.length !== y.length) return Infinity;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
  }
  return d;
}

/** Tolerance on the initial-state match: both engines compute the same dot products (rounding only). */
export const INITIAL_MATCH_TOL = 1e-12;

function withRule(config: Config, rule: Rule): Config {
  return { ...config, rule };
}

export async function compare(config: Config, opts: CompareOptions = {}): Promise<CompareResult> {
  const initial = initialOverlaps(config);
  const times = realisedTimes(config);
  const tmax = times[times.length - 1];
  const progress = opts.onProgress ?? (() => undefined);
  const threads = opts.threads ?? config.sim.threads;

  const sims = {} as { pepita: SimSolution; afa: SimSolution };
  let simSeconds = 0;
  for (const rule of ['pepita', 'afa'] as const) {
    const phase: ComparePhase = `sim ${rule}`;
    progress(phase, 0);
    const t0 = performance.now();
    const sim = await simulate(withRule(config, rule), {
      times,
      threads,
      onProgress: (done: number, total: number) => progress(phase, total > 0 ? done / total : 0),
    });
    simSeconds += (performance.now() - t0) / 1000;
    const gap = overlapsDistance(sim.initial, initial);
    if (!(gap <= INITIAL_MATCH_TOL * Math.max(1, initial.qf))) {
      throw new Error(`compare: the ${rule} simulation starts from other order parameters than the theory (max difference ${gap})`);
    }
    progress(phase, 1);
    sims[rule] = sim;
  }

  let theorySeconds = 0;
  const solve = (rule: Rule): TheorySolution => {
    const phase: ComparePhase = `theory ${rule}` as ComparePhase;
    progress(phase, 0);
    const t0 = performance.now();
    const sol = solveTheory(withRule(config, rule), {
      times,
      initial,
      onProgress: (t: number) => progress(phase, tmax > 0 ? t / tmax : 1),
    });
    theorySeconds += (performance.now() - t0) / 1000;
    progress(phase, 1);
    return sol;
  };
  const theory: CompareResult['theory'] = { afa: solve('afa') };
  if (opts.pepitaTheory ?? true) theory.pepita = solve('pepita');

  const theories = [theory.afa, ...(theory.pepita ? [theory.pepita] : [])];
  return {
    config,
    initial,
    times,
    theory,
    sims,
    agreement: agreement([sims.pepita, sims.afa], theories),
    timings: { theorySeconds, simSeconds },
  };
}
