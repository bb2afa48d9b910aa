/**
 * Running a sweep (or one shard of it) into a folder: every point of the shard that is not
 * there yet is computed and written atomically (pointStore.ts); theory on the warm worker pool
 * (theoryPool.ts, `threads` workers), simulations one point at a time on the simulation pool
 * (`threads` worker threads). A numerical failure at a point is that point's result (status
 * "failed", rows before it kept) and does not stop the others.
 */
import { availableParallelism } from 'node:os';
import type { Failure, SimSolution } from '../core/trajectory.ts';
import { simCsv, theoryCsv } from '../io/csv.ts';
import { buildRunRecord, solverSummary } from '../io/runRecord.ts';
import { simulateOf } from '../app/fromConfig.ts';
import { curveMetrics, metricNames, seedMeanMetrics, type MetricValues } from './metrics.ts';
import { claimSweepDir, isPointDone, removeStaleTemps, vsRuleFile, writePoint } from './pointStore.ts';
import { shardPoints, type SweepPoint } from './points.ts';
import type { SweepSpec } from './spec.ts';
import { theoryPool } from './theoryPool.ts';
import { pointTimes, type TheoryPointResult } from './theoryPoint.ts';

export interface SweepRunOptions {
  dir: string;
  threads?: number;
  shard?: { i: number; n: number };
  /** once the points to do are known (not done yet, in this shard) */
  onStart?: (toDo: number) => void;
  /** after each finished point: (points finished, points to do, id) */
  onPoint?: (done: number, total: number, id: string) => void;
}

export interface SweepRunSummary {
  points: number;
  inShard: number;
  skipped: number;
  computed: string[];
  failed: { id: string; failure: PointFailure }[];
}

export interface PointFailure extends Failure {
  /** "theory", "theory (vsRule)" or "sim seed <s>" */
  source: string;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Simulate a point and its per-seed metrics (seed mean ± standard error). */
async function simulatePoint(point: SweepPoint, spec: SweepSpec, times: Float64Array, threads: number): Promise<{ sim: SimSolution; metrics: MetricValues }> {
  const sim = await simulateOf(point.config, { threads: Math.min(threads, point.config.sim.seeds), times });
  const perRun = sim.runs.map((r) => curveMetrics(r, spec.metrics));
  return { sim, metrics: seedMeanMetrics(perRun, metricNames(spec.metrics, false)) };
}

function pointFiles(point: SweepPoint, spec: SweepSpec, theory: TheoryPointResult | null, sim: { sim: SimSolution; metrics: MetricValues } | null): { files: Record<string, string>; failure: PointFailure | null } {
  const { K, M } = point.config;
  const files: Record<string, string> = { 'config.json': JSON.stringify(point.config, null, 2) + '\n' };
  const failures: PointFailure[] = [];
  if (theory) {
    files['theory.csv'] = theoryCsv(theory.solution, K, M);
    if (theory.solution.failure) failures.push({ source: 'theory', ...theory.solution.failure });
    if (theory.other) {
      files[vsRuleFile(spec)!] = theoryCsv(theory.other, K, M);
      if (theory.other.failure) failures.push({ source: 'theory (vsRule)', ...theory.other.failure });
    }
  }
  if (sim) {
    files['sim.csv'] = simCsv(sim.sim.runs, K, M);
    for (const r of sim.sim.runs) if (r.failure) failures.push({ source: `sim seed ${r.seed}`, ...r.failure });
  }
  const failure = failures.length ? failures.reduce((a, b) => (b.t < a.t ? b : a)) : null;
  const record = buildRunRecord({
    command: 'sweep',
    config: point.config,
    initial: (theory?.solution.initial ?? sim!.sim.initial),
    timings: { theorySeconds: theory?.seconds, simSeconds: sim?.sim.stats.seconds },
    solver: theory?.solution,
    sim: sim?.sim,
    failure,
    extra: {
      sweep: { id: point.id, index: point.index, values: point.values, run: spec.run, status: failure ? 'failed' : 'ok', failures },
      metrics: { theory: theory?.metrics ?? null, sim: sim?.metrics ?? null },
      // the compared rule's solve: its file, solver statistics and quadrature estimate (solver.averager)
      ...(theory?.other ? { vsRule: { rule: spec.metrics.vsRule, file: vsRuleFile(spec), solver: solverSummary(theory.other, point.config), failure: theory.other.failure } } : {}),
    },
  });
  files['run.json'] = JSON.stringify(record, null, 2) + '\n';
  return { files, failure };
}

/** Run the points of `opts.shard` (default: all) that are not done yet. */
export async function runSweep(spec: SweepSpec, points: SweepPoint[], opts: SweepRunOptions): Promise<SweepRunSummary> {
  const shard = opts.shard ?? { i: 0, n: 1 };
  const threads = Math.max(1, opts.threads ?? defaultThreads());
  claimSweepDir(opts.dir, spec);
  removeStaleTemps(opts.dir);
  const mine = shardPoints(points, shard);
  const todo = mine.filter((p) => !isPointDone(opts.dir, p.id));
  const summary: SweepRunSummary = { points: points.length, inShard: mine.length, skipped: mine.length - todo.length, computed: [], failed: [] };
  const wantTheory = spec.run.includes('theory');
  const wantSim = spec.run.includes('sim');
  const pool = theoryPool(wantTheory ? Math.min(threads, todo.length) : 1);
  let done = 0;
  opts.onStart?.(todo.length);
  const finish = (point: SweepPoint, theory: TheoryPointResult | null, sim: { sim: SimSolution; metrics: MetricValues } | null) => {
    const { files, failure } = pointFiles(point, spec, theory, sim);
    writePoint(opts.dir, point.id, files);
    summary.computed.push(point.id);
    if (failure) summary.failed.push({ id: point.id, failure });
    opts.onPoint?.(++done, todo.length, point.id);
  };
  try {
    const timesOf = todo.map((p) => pointTimes(p.config, spec.metrics.egAt));
    const theories = wantTheory ? todo.map((p, j) => pool.solve({ config: p.config, times: timesOf[j], metrics: spec.metrics })) : [];
    // keep a rejected promise from being reported as unhandled before its turn comes
    for (const t of theories) t.catch(() => {});
    if (!wantSim) {
      await Promise.all(theories.map((t, j) => t.then((r) => finish(todo[j], r, null))));
    } else {
      for (let j = 0; j < todo.length; j++) {
        const sim = await simulatePoint(todo[j], spec, timesOf[j], threads);
        finish(todo[j], wantTheory ? await theories[j] : null, sim);
      }
    }
  } finally {
    await pool.close();
  }
  summary.computed.sort();
  summary.failed.sort((a, b) => (a.id < b.id ? -1 : 1));
  return summary;
}
