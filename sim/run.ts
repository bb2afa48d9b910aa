/**
 * The finite-D online simulation: `simulate(config) → SimSolution`.
 *
 * Every run starts from the same initial weights (`initialWeights(config)`: sampled, or the exact
 * realisation of given overlaps); run i sees the data stream `new Rng(sim.seed + i)` (per step: D
 * input normals, then ξ when the noise σ > 0). A run is a pure function of (config, seed), so results
 * are bit-identical whatever the number of worker threads.
 *
 * Outputs at the steps μ = round(t·D) of the requested times (reporting the actual μ/D): all order
 * parameters from fresh products of the weights, and εg computed exactly from them
 * (`generalisationError`, eq. 24 — the fields are exactly Gaussian at any D, no test set).
 *
 * Divergence stops a run with `failure = {t, quantity, message}`, keeping the rows before it:
 *   - every step: a non-finite error e (catches NaN weights and fields);
 *   - every D steps (integer t, where f is refreshed) and at output times: a non-finite or
 *     exploding |Q_kk|, |f_k|, |W2_k| or εg (beyond DIVERGENCE_LIMIT).
 */
import { activation } from '../src/core/activations.ts';
import type { Config } from '../src/core/config.ts';
import { generalisationError } from '../src/core/eg.ts';
import { initialWeights } from '../src/core/init.ts';
import { overlapsFromWeights, type Overlaps, type Weights } from '../src/core/overlaps.ts';
import { Rng } from '../src/core/rng.ts';
import { outputTimes, stepsForTimes } from '../src/core/times.ts';
import type { Failure, SimRun, SimSolution } from '../src/core/trajectory.ts';
import { dot } from './kernels.ts';
import { createState, createWorkspace, refreshFeedback, ruleParams, stepFunction, tracksFeedback, type SimState } from './rules.ts';

/** |Q_kk|, |f_k|, |W2_k| or εg beyond this count as divergence. */
export const DIVERGENCE_LIMIT = 1e12;

export interface SimulateOptions {
  /** called with (steps done, total steps) across all runs, at most every ~1 % of a run */
  onProgress?: (done: number, total: number) => void;
  /** worker threads; default config.sim.threads (1 runs inline) */
  threads?: number;
  /** output times; default outputTimes(config) */
  times?: Float64Array;
}

/** What one run needs (structured-cloneable, so it can be posted to a worker). */
export interface RunTask {
  config: Config;
  weights: Weights;
  seed: number;
  /** increasing output steps μ */
  steps: number[];
}

function weightsOf(s: SimState): Weights {
  return { K: s.K, M: s.M, D: s.D, W1: s.W1, W1t: s.W1t, W2: s.W2, W2t: s.W2t, F: s.F };
}

/** Check the cheap magnitudes of a state (Q_kk, f, W2); a failure or null. */
function checkState(s: SimState, t: number): Failure | null {
  const { K, D } = s;
  for (let k = 0; k < K; k++) {
    const q = dot(D, s.W1, k * D, s.W1, k * D) / D;
    if (!(q <= DIVERGENCE_LIMIT)) return divergence(t, `Q[${k + 1}][${k + 1}]`, q);
    if (!(Math.abs(s.f[k]) <= DIVERGENCE_LIMIT)) return divergence(t, `f[${k + 1}]`, s.f[k]);
    if (!(Math.abs(s.W2[k]) <= DIVERGENCE_LIMIT)) return divergence(t, `W2[${k + 1}]`, s.W2[k]);
  }
  return null;
}

function divergence(t: number, quantity: string, value: number): Failure {
  const what = Number.isFinite(value) ? `|${quantity}| = ${value.toExponential(3)} exceeds ${DIVERGENCE_LIMIT.toExponential(0)}` : `${quantity} is ${value}`;
  return { t, quantity, message: `the simulation diverged: ${what} at t=${t} (try a smaller learning rate)` };
}

/**
 * One run: a pure function of (task.config, task.weights, task.seed, task.steps).
 * `onProgress(stepsDone)` is called every ≈1 % of the run.
 */
export function simulateRun(task: RunTask, onProgress?: (stepsDone: number) => void): SimRun {
  const { config, seed, steps } = task;
  const student = activation(config.activation);
  const teacher = activation(config.teacherActivation);
  const params = ruleParams(config, student, teacher);
  const step = stepFunction(config.rule);
  const track = tracksFeedback(config.rule);
  const s = createState(task.weights);
  const { K, M, D } = s;
  const ws = createWorkspace(K, M);
  const x = new Float64Array(D);
  const rng = new Rng(seed);
  const noisy = config.noise > 0;

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
      const t = mu / D;
      if (!track) refreshFeedback(s);
      const o = overlapsFromWeights(weightsOf(s));
      const e = generalisationError(o, student, teacher);
      let bad: Failure | null = null;
      if (!(Math.abs(e) <= DIVERGENCE_LIMIT)) bad = divergence(t, 'eg', e);
      for (let k = 0; k < K && !bad; k++) {
        const q = o.Q[k * K + k];
        if (!(q <= DIVERGENCE_LIMIT)) bad = divergence(t, `Q[${k + 1}][${k + 1}]`, q);
      }
      if (bad) {
        failure = bad;
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
    for (; mu < target; mu++) {
      rng.fillNormal(x, 0, D);
      const xi = noisy ? rng.normal() : 0;
      const e = step(s, params, x, xi, ws);
      if (e - e !== 0) {
        failure = divergence((mu + 1) / D, 'e', e);
        break outer;
      }
    }
    if (mu % D === 0) {
      // integer t: refresh f from a fresh product (bounds rounding drift) and check magnitudes
      if (track) refreshFeedback(s);
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
  return { seed, times: Float64Array.from(times), eg: Float64Array.from(eg), states, failure };
}

/** The tasks of a config: same initial weights, data seeds sim.seed + i. */
export function runTasks(config: Config, weights: Weights, steps: number[]): RunTask[] {
  const tasks: RunTask[] = [];
  for (let i = 0; i < config.sim.seeds; i++) tasks.push({ config, weights, seed: config.sim.seed + i, steps });
  return tasks;
}

/**
 * Simulate `config.sim.seeds` runs of `config.rule` at dimension `config.D` on a pool of
 * `threads` workers (1 runs inline). Failed runs carry `failure` and the rows before it.
 */
export async function simulate(config: Config, opts: SimulateOptions = {}): Promise<SimSolution> {
  const t0 = performance.now();
  const times = opts.times ?? outputTimes(config);
  const steps = stepsForTimes(times, config.D);
  const weights = initialWeights(config);
  const initial = overlapsFromWeights(weights);
  const tasks = runTasks(config, weights, steps);
  const threads = Math.max(1, Math.min(opts.threads ?? config.sim.threads, tasks.length));
  const perRun = steps.length ? steps[steps.length - 1] : 0;
  const total = perRun * tasks.length;
  let runs: SimRun[];
  if (threads === 1) {
    runs = [];
    for (let i = 0; i < tasks.length; i++) {
      const base = i * perRun;
      runs.push(simulateRun(tasks[i], opts.onProgress ? (d) => opts.onProgress!(base + d, total) : undefined));
    }
  } else {
    const { runPool } = await import('./pool.ts');
    runs = await runPool(tasks, threads, opts.onProgress ? (d) => opts.onProgress!(d, total) : undefined);
  }
  let stepsTaken = 0;
  for (const r of runs) stepsTaken += r.times.length ? Math.round(r.times[r.times.length - 1] * config.D) : 0;
  return {
    rule: config.rule, D: config.D, initial, runs,
    stats: { seconds: (performance.now() - t0) / 1000, steps: stepsTaken, threads },
  };
}
