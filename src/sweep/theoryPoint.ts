/**
 * The theory part of one sweep point, a pure function of its task (so the warm worker pool and
 * an inline run give bit-identical results): solve the point's ODEs at its output times (plus
 * the metric times), optionally the same config under `metrics.vsRule`, and the metrics.
 */
import { parseConfig, type Config } from '../core/config.ts';
import { outputTimes } from '../core/times.ts';
import type { TheorySolution } from '../core/trajectory.ts';
import { solveTheoryOf } from '../app/fromConfig.ts';
import { curveMetrics, type MetricValues } from './metrics.ts';
import type { SweepMetricsSpec } from './spec.ts';

export interface TheoryTask {
  config: Config;
  times: Float64Array;
  metrics: SweepMetricsSpec;
}

export interface TheoryPointResult {
  solution: TheorySolution & { tolerances?: { rtol: number; atol: number } };
  /** the solution under metrics.vsRule (same initial state and times), null without vsRule */
  other: (TheorySolution & { tolerances?: { rtol: number; atol: number } }) | null;
  metrics: MetricValues;
  seconds: number;
}

/** Output times of a point: the config's times merged with the metric times (sorted, unique). */
export function pointTimes(config: Config, egAt: number[]): Float64Array {
  const base = Array.from(outputTimes(config));
  const all = [...base, ...egAt].sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of all) if (out.length === 0 || t > out[out.length - 1]) out.push(t);
  return Float64Array.from(out);
}

export function solvePointTheory(task: TheoryTask): TheoryPointResult {
  const t0 = performance.now();
  // one thread per point: a sweep's points already run in parallel (theoryPool.ts); the numbers do not depend on it
  const config: Config = { ...task.config, theory: { ...task.config.theory, threads: 1 } };
  const solution = solveTheoryOf(config, { times: task.times });
  let other: TheorySolution | undefined;
  if (task.metrics.vsRule) {
    // the same resolved config under the other rule, validated again (e.g. dfa needs feedbackWeights)
    const raw = JSON.parse(JSON.stringify({ ...config, rule: task.metrics.vsRule }));
    other = solveTheoryOf(parseConfig(raw), { times: task.times, initial: solution.initial });
  }
  const metrics = curveMetrics(solution, task.metrics, other);
  return { solution, other: other ?? null, metrics, seconds: (performance.now() - t0) / 1000 };
}
