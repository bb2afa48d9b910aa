/**
 * Agreement between simulated and theoretical learning curves (agreement.json).
 *
 * For one simulated rule and one theory curve on the same output times, with ε̄(t) the mean of
 * εg over the runs (seeds) and SE(t) = sd/√n its standard error across seeds:
 *   relative deviation  r(t) = |ε̄(t) − εg_th(t)| / εg_th(t)
 *   standardised        z(t) = (ε̄(t) − εg_th(t)) / SE(t)
 * over every output time t > 0 (at t = 0 all curves start from the same state, so they agree
 * by construction and SE = 0). Reported: median and max of r, median and max of |z|, and
 * the times of the maxima. |z| of a few is what finite-D fluctuations alone give; a large
 * |z| with a small r means a real but small difference that the seeds resolve (e.g. the
 * O(1/D) finite-size correction, or PEPITA vs its AFA approximation).
 */
import { max, median } from 'simple-statistics';
import type { Rule } from '../core/config.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { egOf, seedStats } from './seedStats.ts';

export interface AgreementEntry {
  /** simulated rule */
  sim: Rule;
  /** theory curve it is compared with (the ODE of this rule) */
  theory: Rule;
  /** number of runs (seeds) */
  seeds: number;
  /** output times compared (t > 0, present in both) */
  points: number;
  medianRelDev: number;
  maxRelDev: number;
  tAtMaxRelDev: number;
  /** median |z| (NaN with fewer than 2 seeds) */
  medianAbsZ: number;
  maxAbsZ: number;
  tAtMaxAbsZ: number;
}

export interface Agreement {
  definition: string;
  entries: AgreementEntry[];
}

export const AGREEMENT_DEFINITION =
  'ε̄ = seed-mean εg of the simulation, SE = sample sd across seeds / √seeds; over output times t > 0: ' +
  'relDev = |ε̄ − εg_theory| / εg_theory, z = (ε̄ − εg_theory) / SE; median and max of relDev and |z|.';

/** Compare one simulation with one theory curve; times are matched to 1e-9 relative. */
export function agreementOf(sim: SimSolution, theory: TheorySolution): AgreementEntry {
  const st = seedStats(sim, egOf);
  const rel: number[] = [];
  const z: number[] = [];
  const tRel: number[] = [];
  const tZ: number[] = [];
  let j = 0;
  for (let i = 0; i < st.times.length; i++) {
    const t = st.times[i];
    if (!(t > 0)) continue;
    while (j < theory.times.length && theory.times[j] < t * (1 - 1e-9)) j++;
    if (j >= theory.times.length) break;
    if (Math.abs(theory.times[j] - t) > 1e-9 * Math.max(1, t)) continue;
    const th = theory.eg[j];
    const m = st.mean[i];
    if (!Number.isFinite(th) || !Number.isFinite(m) || !(th > 0)) continue;
    rel.push(Math.abs(m - th) / th);
    tRel.push(t);
    const se = st.se[i];
    if (Number.isFinite(se) && se > 0) {
      z.push(Math.abs(m - th) / se);
      tZ.push(t);
    }
  }
  const argmax = (v: number[], ts: number[]) => (v.length ? ts[v.indexOf(max(v))] : NaN);
  return {
    sim: sim.rule,
    theory: theory.rule,
    seeds: sim.runs.length,
    points: rel.length,
    medianRelDev: rel.length ? median(rel) : NaN,
    maxRelDev: rel.length ? max(rel) : NaN,
    tAtMaxRelDev: argmax(rel, tRel),
    medianAbsZ: z.length ? median(z) : NaN,
    maxAbsZ: z.length ? max(z) : NaN,
    tAtMaxAbsZ: argmax(z, tZ),
  };
}

/** The agreement of each (simulation, theory) pair, in the order given. */
export function agreement(pairs: readonly (readonly [SimSolution, TheorySolution])[]): Agreement {
  return { definition: AGREEMENT_DEFINITION, entries: pairs.map(([s, th]) => agreementOf(s, th)) };
}

/** JSON-safe copy (NaN → null). */
export function agreementJson(a: Agreement): unknown {
  return JSON.parse(JSON.stringify(a, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}
