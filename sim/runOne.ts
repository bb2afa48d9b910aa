/**
 * One simulation run (a pure function of its task: a problem and a seed): the online loop of docs/rules.md "The
 * finite-D step" from given initial weights on the data stream `new Rng(seed)` (per step: D input
 * normals, then ξ when the noise σ > 0), with outputs at given steps μ.
 *
 * Outputs: all order parameters from fresh products of the weights, and εg computed exactly from
 * them (`generalisationError`, eq. 24 — the fields are exactly Gaussian at any D, no test set).
 *
 * Divergence stops the run with `failure = { code: 'diverged', t, quantity, message }`, keeping the
 * rows before it:
 *   - every step: a non-finite error e (catches NaN weights and fields);
 *   - every D steps (integer t, where f is refreshed) and at output times: a non-finite or
 *     exploding Q_kk, |f_k|, |W2_k| or εg (beyond DIVERGENCE_LIMIT).
 *
 * This file imports no heavy packages (no zod, no mathjs), so a worker thread starts fast.
 */
import { egEvaluator } from '../src/core/eg.ts';
import { resolveLearningSetup } from '../src/core/learningSetup.ts';
import { overlapsFromWeights, type Overlaps, type Weights } from '../src/core/overlaps.ts';
import { DIVERGENCE_LIMIT, divergedHeadEntry, divergedQuantity, type Failure, type SimRun } from '../src/core/trajectory.ts';
import { dot } from './kernels.ts';
import type { SimProblem } from './problem.ts';
import { flushPending, refreshFeedback, type SimState } from './state.ts';
import { advance, createStepLoop } from './stepLoop.ts';


/** What one run needs (structured-cloneable, so it can be posted to a worker). */
export interface RunTask {
  problem: SimProblem;
  /** data-stream seed of this run */
  seed: number;
}

function weightsOf(s: SimState): Weights {
  const w = { K: s.K, M: s.M, D: s.D, W1: s.W1, W1t: s.W1t, W2: s.W2, W2t: s.W2t, F: s.F, ...(s.deep ? { deep: s.deep } : {}) };
  return s.mirror === null ? w : { ...w, F1: s.mirror.F1, F2: s.mirror.F2 };
}

/** Check the cheap magnitudes of a state (Q_kk, f, W2); a failure or null. */
function checkState(s: SimState, t: number): Failure | null {
  const { K, D } = s;
  for (let k = 0; k < K; k++) {
    const q = dot(D, s.W1, k * D, s.W1, k * D) / D;
    if (!(q <= DIVERGENCE_LIMIT)) return divergence(t, `Q_${k + 1}_${k + 1}`, q);
    if (!(Math.abs(s.f[k]) <= DIVERGENCE_LIMIT)) return divergence(t, `f_${k + 1}`, s.f[k]);
    if (!(Math.abs(s.W2[k]) <= DIVERGENCE_LIMIT)) return divergence(t, `W2_${k + 1}`, s.W2[k]);
  }
  const big = s.deep ? divergedHeadEntry(s.deep) : null;
  return big ? divergence(t, big.quantity, big.value) : null;
}

function divergence(t: number, quantity: string, value: number): Failure {
  const what = Number.isFinite(value) ? `|${quantity}| = ${value.toExponential(3)} exceeds ${DIVERGENCE_LIMIT.toExponential(0)}` : `${quantity} is ${value}`;
  return { code: 'diverged', t, quantity, message: `the simulation diverged: ${what} (try a smaller learning rate)` };
}

/**
 * One run: a pure function of (task.problem, task.seed).
 * `onProgress(stepsDone)` is called every ≈1 % of the run.
 */
export function simulateRun(task: RunTask, onProgress?: (stepsDone: number) => void): SimRun {
  const { problem, seed } = task;
  const steps = problem.steps;
  const params = resolveLearningSetup(problem.setup, problem.K);
  const { student, teacher } = params;
  const loop = createStepLoop(problem.weights, params, seed);
  const { state: s, ws } = loop;
  const { K, M, D } = s;
  const egOf = egEvaluator(K, M, student, teacher, {}, params.deep?.net ?? null);

  const times: number[] = [];
  const eg: number[] = [];
  const states: Overlaps[] = [];
  let failure: Failure | null = null;
  const last = steps.length ? steps[steps.length - 1] : 0;
  const progressEvery = Math.max(D, Math.ceil(last / 100));
  let nextProgress = progressEvery;

  let mu = 0;
  let next = 0;
  outer: for (;;) {
    // record every output at this step
    while (next < steps.length && steps[next] === mu) {
      flushPending(s, ws);
      const t = mu / D;
      const o = overlapsFromWeights(weightsOf(s)); // fresh products, f included
      const e = egOf(o, t);
      const big = divergedQuantity(o, e);
      if (big) {
        failure = divergence(t, big.quantity, big.value);
        break outer;
      }
      times.push(t);
      eg.push(e);
      states.push(o);
      next++;
    }
    if (next >= steps.length) break;
    // steps up to the next output or the next integer t, whichever comes first
    const target = Math.min(steps[next], (Math.floor(mu / D) + 1) * D);
    const nonFinite = advance(loop, mu, target);
    if (nonFinite >= 0) {
      failure = divergence((nonFinite + 1) / D, 'e', ws.e);
      break outer;
    }
    mu = target;
    if (mu % D === 0) {
      flushPending(s, ws);
      // integer t: refresh f from a fresh product (bounds the rounding drift of its rank-one updates
      // for AFA/PEPITA; for BP/DFA it is only used by the check) and check magnitudes
      refreshFeedback(s);
      const bad = checkState(s, mu / D);
      if (bad) {
        failure = bad;
        break;
      }
    }
    if (onProgress && mu >= nextProgress) {
      onProgress(mu);
      nextProgress = mu + progressEvery;
    }
  }
  if (onProgress) onProgress(failure ? last : mu);
  return { seed, times: Float64Array.from(times), eg: Float64Array.from(eg), states, result: failure ? failure.code : 'success', failure };
}
