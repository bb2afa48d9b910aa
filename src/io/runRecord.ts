/**
 * The shared builder of `run.json` (docs/outputs.md), used by every command:
 *   config   the resolved config
 *   initial  the initial order parameters actually used (keys of the `overlaps` form of init)
 *   timings  theorySeconds / simSeconds: the engines' own wall time, without process start-up
 *   versions pepita-ode, node, odex
 *   solver   theory statistics (RHS evaluations, steps accepted/rejected, averages, tolerances)
 *   sim      simulation statistics (steps, threads, runs, failures)
 *   failure  the numerical failure that stopped the run, or null
 *   times    the output times asked for: spacing, how many, and — when a simulation ran — how many
 *            distinct steps μ = round(t·D) they map to (times closer than 1/D are merged)
 * plus any `extra` keys. Solution objects may be passed as they are: their statistics are taken,
 * never their trajectories (those live in the CSV files). A new section (e.g. averaging
 * statistics) is one optional field of RunRecordArgs with its own summary function below, listed
 * here, so run.json stays one documented object.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { averagerAccuracyOf, type AveragedSolveStats } from '../core/averagingAccuracy.ts';
import type { Config } from '../core/config.ts';
import { overlapsToJson, type Overlaps } from '../core/overlaps.ts';
import { outputTimes, stepMerges } from '../core/times.ts';
import type { Failure } from '../core/trajectory.ts';

export interface RunRecordArgs {
  command: string;
  config: Config;
  initial: Overlaps;
  timings: { theorySeconds?: number; simSeconds?: number };
  /** a TheorySolution or any statistics object */
  solver?: object;
  /** a SimSolution or any statistics object */
  sim?: object;
  failure?: Failure | null;
  extra?: Record<string, unknown>;
}

let cachedVersions: Record<string, string> | null = null;

/** Versions of this package, node and odex (read once). */
export function runVersions(): Record<string, string> {
  if (cachedVersions) return { ...cachedVersions };
  const out: Record<string, string> = { 'pepita-ode': 'unknown', node: process.version, odex: 'unknown' };
  // the package root is two folders up from src/io (three from dist/src/io when compiled)
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8'));
      if (pkg.name === 'pepita-ode') {
        out['pepita-ode'] = pkg.version;
        break;
      }
    } catch {
      // try the next candidate; keep 'unknown' if none
    }
  }
  try {
    const require = createRequire(import.meta.url);
    out.odex = JSON.parse(readFileSync(require.resolve('odex/package.json'), 'utf8')).version;
  } catch {
    // keep 'unknown'
  }
  cachedVersions = out;
  return { ...out };
}

/** A JSON-friendly copy: typed arrays become arrays, functions are dropped. */
function plain(x: unknown, depth = 0): unknown {
  if (x === null || x === undefined) return null;
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map((v) => plain(v, depth + 1));
  if (typeof x === 'function') return undefined;
  if (typeof x === 'object' && depth < 8) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      const p = plain(v, depth + 1);
      if (p !== undefined) o[k] = p;
    }
    return o;
  }
  return x;
}

type WithStats = { stats: Record<string, unknown>; [k: string]: unknown };
const hasStats = (x: object): x is WithStats => 'stats' in x && typeof (x as WithStats).stats === 'object';

/** Statistics of a theory solution (or a plain statistics object as given): run.json's `solver` section. */
export function solverSummary(s: object, config: Config): unknown {
  if (!hasStats(s)) return plain(s);
  return {
    rule: s.rule ?? config.rule,
    averages: s.averages ?? null,
    // the integrator reports itself in stats.solver (method, and where "auto" switched)
    method: (s.stats as { solver?: { method?: string } }).solver?.method ?? config.theory.solver,
    ...(typeof s.tolerances === 'object' && s.tolerances !== null ? (s.tolerances as object) : { rtol: config.theory.rtol, atol: config.theory.atol }),
    ...(plain(s.stats) as object),
    averagerAccuracy: averagerAccuracyOf(s.stats as AveragedSolveStats),
    outputTimes: Array.isArray(s.times) || ArrayBuffer.isView(s.times) ? (s.times as ArrayLike<number>).length : null,
  };
}

/** Statistics of a simulation (or a plain statistics object as given). */
function simSummary(s: object): unknown {
  if (!hasStats(s)) return plain(s);
  const runs = Array.isArray(s.runs) ? (s.runs as { seed?: number; failure?: Failure | null }[]) : [];
  return {
    ...(plain(s.stats) as object),
    runs: runs.length,
    failures: runs.filter((r) => r.failure).map((r) => ({ seed: r.seed ?? null, ...r.failure })),
  };
}

/** The output times a config asks for; with a simulation, the distinct steps they map to. */
function timesSummary(config: Config, simulated: boolean): Record<string, unknown> {
  const times = outputTimes(config);
  const base = { spacing: config.times ? 'explicit' : (config.spacing ?? 'log'), requested: times.length };
  if (!simulated) return base;
  const m = stepMerges(times, config.D);
  return { ...base, distinctSteps: m.distinctSteps, merged: m.merged, lastMergedTime: m.lastMergedTime };
}

/** The run.json object (docs/outputs.md "run.json"). */
export function buildRunRecord(args: RunRecordArgs): Record<string, unknown> {
  const { command, config, initial, timings } = args;
  let failure: Failure | null = args.failure ?? null;
  if (failure === null && args.solver && 'failure' in args.solver) failure = ((args.solver as { failure?: Failure | null }).failure) ?? null;
  return {
    command,
    config,
    initial: overlapsToJson(initial),
    timings: { theorySeconds: timings.theorySeconds ?? null, simSeconds: timings.simSeconds ?? null },
    versions: runVersions(),
    solver: args.solver ? solverSummary(args.solver, config) : null,
    sim: args.sim ? simSummary(args.sim) : null,
    failure,
    times: timesSummary(config, args.sim !== undefined),
    ...(args.extra ? (plain(args.extra) as object) : {}),
  };
}
