/**
 * Metrics of one learning curve (a theory solution or one simulation run), in a fixed column
 * order. Definitions (also in the README, section "Sweep metrics"):
 *
 *   egAt_<t>          εg at time t (the output row nearest t; the theory has a row exactly at t)
 *   egFinal, tFinal   εg at the last row and its time (before a numerical failure, if any)
 *   egMin, tMin       the smallest εg and the first time it is reached
 *   tBelow_<θ>        first time εg ≤ θ: linear interpolation of ln εg in t between the two rows
 *                     that bracket the crossing; t of row 0 if εg(0) ≤ θ; empty if never
 *   plateauHeight     with s_i = Δln εg/Δln t (central difference over rows i−1, i+1, t_{i−1} > 0):
 *                     the plateau row is, among rows with εg_i ≤ drop·εg(0) (the first descent is
 *                     over), min_{j>i} εg_j ≤ drop·εg_i (an escape follows) and |s_i| ≤ flat, the
 *                     one with the smallest |s_i| (the first on ties); plateauHeight is its εg
 *   escapeTime        first time after the plateau row with εg ≤ drop·plateauHeight (interpolated
 *                     as tBelow); both empty when no row qualifies (no plateau)
 *   maxF, tMaxF       max over rows of ‖f‖ = √Σ_k f_k² (the adaptive feedback) and its first time
 *   angleTeacher, angleDegenerate, angleFeedback
 *                     the Fig. 2c angles at the last row (src/compare/angles.ts), degrees
 *   maxAbsLnRatioVs_<rule>
 *                     theory only (metrics.vsRule): max over common rows of |ln(εg/εg_rule)|
 *   onPlateauAtTmax   theory only (metrics.vsRule): 1 when either curve (the point's rule or the
 *                     vsRule) is still on its initial plateau at its last row, else 0. "Still on
 *                     the initial plateau" = εg has never fallen to drop·εg(0) or below (drop =
 *                     metrics.plateau.drop, default ½: the first descent that plateauHeight waits
 *                     for, and the mirror study's t_escape εg < εg(0)/2, has not happened), i.e.
 *                     tBelow_{drop·εg(0)} is empty. A near-zero maxAbsLnRatioVs with this flag set
 *                     says only that neither rule has started to learn by t_max.
 */
import { degenerateCopies, fig2cAngles } from '../compare/angles.ts';
import { ruleById, type RuleId } from '../core/rules/index.ts';
import type { Trajectory } from '../core/trajectory.ts';
import { formatNumber } from '../io/csv.ts';
import type { SweepMetricsSpec } from './spec.ts';

export type MetricValues = Record<string, number | null>;

/** The metric column names of a spec, in order (without the theory./sim. prefix). */
export function metricNames(m: SweepMetricsSpec, withVs: boolean): string[] {
  return [
    ...m.egAt.map((t) => `egAt_${formatNumber(t)}`),
    'egFinal', 'tFinal', 'egMin', 'tMin',
    ...m.egBelow.map((th) => `tBelow_${formatNumber(th)}`),
    'plateauHeight', 'escapeTime', 'maxF', 'tMaxF',
    'angleTeacher', 'angleDegenerate', 'angleFeedback',
    ...(withVs && m.vsRule ? [`maxAbsLnRatioVs_${m.vsRule}`, 'onPlateauAtTmax'] : []),
  ];
}

const T_UNIT = '[t = μ/D]';

/** Words (with units) for each metric name; `rest` is the part after the name's underscore. */
const METRIC_WORDS: Record<string, (rest: string) => string> = {
  egAt: (t) => `εg at t = ${t}`,
  egFinal: () => 'εg at the last time',
  tFinal: () => `last time ${T_UNIT}`,
  egMin: () => 'smallest εg',
  tMin: () => `time of the smallest εg ${T_UNIT}`,
  tBelow: (th) => `first time with εg ≤ ${th} ${T_UNIT}`,
  plateauHeight: () => 'plateau height (εg)',
  escapeTime: () => `plateau escape time ${T_UNIT}`,
  maxF: () => 'largest ‖f‖',
  tMaxF: () => `time of the largest ‖f‖ ${T_UNIT}`,
  angleTeacher: () => '∠(W2, W̃2) at the last time [deg]',
  angleDegenerate: () => '∠(W2, closest degenerate solution) at the last time [deg]',
  angleFeedback: () => '∠(W2, f) at the last time [deg]',
  maxAbsLnRatioVs: (rule) => `max over t of |ln(εg / εg of ${ruleById(rule as RuleId)?.label ?? rule})|`,
  onPlateauAtTmax: () => 'still on the initial plateau at t_max (1 = yes)',
};

/**
 * A sweep.csv metric column in words with its unit, for figure titles and colour bars:
 * "theory.escapeTime" → "plateau escape time [t = μ/D] (theory)", "sim.egAt_100.se" → "standard
 * error of εg at t = 100 (simulation, seed mean)". A column that is not a metric comes back as it is.
 */
export function metricLabel(column: string): string {
  const m = /^(theory|sim)\.([A-Za-z]+)(?:_(.+?))?(\.se)?$/.exec(column);
  const words = m ? METRIC_WORDS[m[2]] : undefined;
  if (!m || !words) return column;
  const text = words(m[3] ?? '');
  return `${m[4] ? `standard error of ${text}` : text} (${m[1] === 'theory' ? 'theory' : 'simulation, seed mean'})`;
}

/** Index of the row nearest t (first on ties); −1 when the curve is empty or ended before t. */
export function rowAt(times: ArrayLike<number>, t: number): number {
  const n = times.length;
  if (n === 0) return -1;
  let best = 0;
  for (let i = 1; i < n; i++) if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) best = i;
  // a curve cut short by a failure has no value at later times
  if (t > times[n - 1] && Math.abs(times[n - 1] - t) > 1e-9 * Math.max(1, t)) return -1;
  return best;
}

/** First time at or after row `from` where εg ≤ θ (ln εg interpolated linearly in t); null if never. */
export function firstTimeBelow(times: ArrayLike<number>, eg: ArrayLike<number>, theta: number, from = 0): number | null {
  if (from >= eg.length) return null;
  if (eg[from] <= theta) return times[from];
  for (let i = from + 1; i < eg.length; i++) {
    if (eg[i] <= theta) {
      const a = eg[i - 1], b = eg[i];
      if (!(b > 0)) return times[i - 1] + (times[i] - times[i - 1]) * ((a - theta) / (a - b));
      const frac = Math.log(a / theta) / Math.log(a / b);
      return times[i - 1] + frac * (times[i] - times[i - 1]);
    }
  }
  return null;
}

/**
 * Whether a curve is still on its initial plateau at its last row: εg never fell to drop·εg(0) or
 * below (definition at the top); null for an empty curve.
 */
export function onInitialPlateau(times: ArrayLike<number>, eg: ArrayLike<number>, drop: number): boolean | null {
  if (eg.length === 0) return null;
  return firstTimeBelow(times, eg, drop * eg[0]) === null;
}

/** Plateau row, height and escape time (definitions above); nulls when there is no plateau. */
export function plateauOf(times: ArrayLike<number>, eg: ArrayLike<number>, drop: number, flat: number): { row: number; height: number | null; escape: number | null } {
  const n = eg.length;
  // suffix minima: minAfter[i] = min_{j > i} εg_j
  const minAfter = new Float64Array(n + 1).fill(Infinity);
  for (let i = n - 1; i >= 0; i--) minAfter[i] = Math.min(minAfter[i + 1], i + 1 < n ? eg[i + 1] : Infinity);
  let row = -1;
  let best = Infinity;
  for (let i = 1; i < n - 1; i++) {
    if (!(times[i - 1] > 0) || !(eg[i] > 0) || !(eg[i - 1] > 0) || !(eg[i + 1] > 0)) continue;
    if (!(eg[i] <= drop * eg[0]) || !(minAfter[i] <= drop * eg[i])) continue;
    const slope = Math.abs(Math.log(eg[i + 1] / eg[i - 1]) / Math.log(times[i + 1] / times[i - 1]));
    if (slope <= flat && slope < best) {
      best = slope;
      row = i;
    }
  }
  if (row < 0) return { row, height: null, escape: null };
  const height = eg[row];
  return { row, height, escape: firstTimeBelow(times, eg, drop * height, row) };
}

/** Metrics of one curve. `other`: the vsRule curve on the same times (theory only). */
export function curveMetrics(traj: Trajectory, m: SweepMetricsSpec, other?: Trajectory | null): MetricValues {
  const { times, eg, states } = traj;
  const n = times.length;
  const out: MetricValues = {};
  for (const t of m.egAt) {
    const i = rowAt(times, t);
    out[`egAt_${formatNumber(t)}`] = i < 0 ? null : eg[i];
  }
  out.egFinal = n ? eg[n - 1] : null;
  out.tFinal = n ? times[n - 1] : null;
  let iMin = -1;
  for (let i = 0; i < n; i++) if (iMin < 0 || eg[i] < eg[iMin]) iMin = i;
  out.egMin = iMin < 0 ? null : eg[iMin];
  out.tMin = iMin < 0 ? null : times[iMin];
  for (const th of m.egBelow) out[`tBelow_${formatNumber(th)}`] = firstTimeBelow(times, eg, th);
  const p = plateauOf(times, eg, m.plateau.drop, m.plateau.flat);
  out.plateauHeight = p.height;
  out.escapeTime = p.escape;
  let fMax = -1, tF = 0;
  for (let i = 0; i < n; i++) {
    const f = states[i].f;
    let s = 0;
    for (let k = 0; k < f.length; k++) s += f[k] * f[k];
    const norm = Math.sqrt(s);
    if (norm > fMax) {
      fMax = norm;
      tF = times[i];
    }
  }
  out.maxF = n ? fMax : null;
  out.tMaxF = n ? tF : null;
  if (n) {
    const last = states[n - 1];
    const a = fig2cAngles(last.W2, last.W2t, last.f, degenerateCopies(last.W2t, last.K));
    out.angleTeacher = a.teacher;
    out.angleDegenerate = a.degenerate;
    out.angleFeedback = a.feedback;
  } else {
    out.angleTeacher = out.angleDegenerate = out.angleFeedback = null;
  }
  if (m.vsRule && other !== undefined) {
    let worst: number | null = null;
    if (other) {
      const rows = Math.min(n, other.times.length);
      for (let i = 0; i < rows; i++) {
        const r = Math.abs(Math.log(eg[i] / other.eg[i]));
        if (Number.isFinite(r) && (worst === null || r > worst)) worst = r;
      }
    }
    out[`maxAbsLnRatioVs_${m.vsRule}`] = worst;
    const flags = [onInitialPlateau(times, eg, m.plateau.drop), other ? onInitialPlateau(other.times, other.eg, m.plateau.drop) : null];
    out.onPlateauAtTmax = flags.some((f) => f === true) ? 1 : flags.every((f) => f === false) ? 0 : null;
  }
  return out;
}

/** Seed mean and standard error (sample sd/√n) of per-run metrics; null when any run lacks it. */
export function seedMeanMetrics(perRun: MetricValues[], names: string[]): MetricValues {
  const out: MetricValues = {};
  for (const name of names) {
    const xs = perRun.map((r) => r[name]);
    const n = xs.length;
    if (n === 0 || xs.some((x) => x === null || !Number.isFinite(x))) {
      out[name] = null;
      out[`${name}.se`] = null;
      continue;
    }
    let mean = 0;
    for (const x of xs) mean += x as number;
    mean /= n;
    let ss = 0;
    for (const x of xs) ss += ((x as number) - mean) ** 2;
    out[name] = mean;
    out[`${name}.se`] = n > 1 ? Math.sqrt(ss / (n - 1) / n) : null;
  }
  return out;
}
