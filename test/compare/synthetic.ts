/**
 * Synthetic solutions for the comparison and figure tests: states with chosen εg, f and W2 on
 * chosen times, without running any engine.
 */
import { emptyOverlaps, type Overlaps } from '../../src/core/overlaps.ts';
import type { SimSolution, TheorySolution } from '../../src/core/trajectory.ts';
import type { Rule } from '../../src/core/config.ts';

export function stateAt(t: number, K = 2, M = 2): Overlaps {
  const o = emptyOverlaps(K, M);
  for (let k = 0; k < K; k++) {
    o.Q[k * K + k] = 1;
    o.W2[k] = Math.tanh(t / 100) * (k % 2 ? -1 : 1) * (1 + 0.1 * k);
    o.f[k] = 0.05 * (1 + t / 1000) * (k + 1);
    for (let m = 0; m < M; m++) o.R[k * M + m] = 0.01 * t * (k === m ? 1 : 0.2);
  }
  for (let m = 0; m < M; m++) {
    o.T[m * M + m] = 1;
    o.W2t[m] = 1;
    o.ft[m] = 0.05;
  }
  o.qf = 1;
  return o;
}

export function theory(rule: Rule, times: number[], eg: (t: number) => number, K = 2, M = 2): TheorySolution {
  const states = times.map((t) => stateAt(t, K, M));
  return {
    rule, averages: 'analytic', initial: states[0], times: Float64Array.from(times), eg: Float64Array.from(times, eg), states,
    stats: { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0, seconds: 0 }, result: 'success', failure: null, tolerances: { rtol: 1e-8, atol: 1e-10 },
  };
}

export function sim(rule: Rule, times: number[], egs: ((t: number) => number)[], K = 2, M = 2): SimSolution {
  const runs = egs.map((eg, i) => ({
    seed: 1 + i, times: Float64Array.from(times), eg: Float64Array.from(times, eg), states: times.map((t) => stateAt(t, K, M)), result: 'success' as const, failure: null,
  }));
  return { rule, D: 100, initial: runs[0].states[0], runs, stats: { seconds: 0, steps: 0, threads: 1 } };
}
