/**
 * Fixed points of a config's ODEs, for the `fixedpoint` command, sweeps (as metrics) and
 * notebooks: integrate to the end of the run (or take the initial state), Newton's method on
 * RHS = 0 from there, the eigenvalues of the Jacobian at the result, and what that makes the state.
 *
 *   const fp = fixedPointOf(parseConfig({ rule: 'bp', K: 3, M: 2, eta: 0.2, tmax: 1e6 }));
 *   fp.converged, fp.eg, fp.classification, fp.eigenvalues, fp.slowestTimeConstant
 *   fixedPointMetrics(config)   // flat numbers for a sweep row
 */
import type { Config } from '../core/config.ts';
import { egEvaluator } from '../core/eg.ts';
import { overlapsToJson, type OverlapsJson } from '../core/overlaps.ts';
import type { Failure } from '../core/trajectory.ts';
import { outputTimes } from '../core/times.ts';
import { findFixedPoint, stabilityAt, type Stability } from '../../theory/fixedPoint.ts';
import { escapeSlope, escapeTime } from '../../theory/plateau.ts';
import { effectiveTolerances } from '../../theory/solve.ts';
import { integratorByName } from '../../theory/stiff/integrators.ts';
import { rhsOf, type RhsOfConfig } from './fromConfig.ts';

export type FixedPointStart = 'end' | 'initial';

/** What `fixedPointOf` found: the fixed point, its εg, the Jacobian's spectrum and its classification. */
export interface FixedPointReport {
  /** where Newton started: the state at the run's last output time, or the initial state */
  from: FixedPointStart;
  start: { t: number; eg: number; failure: Failure | null };
  converged: boolean;
  /** Newton's own words: "converged in 3 Newton steps (‖f‖∞ = 2e-17)" or why it did not */
  message: string;
  iterations: number;
  /** ‖RHS‖∞ at the result */
  residual: number;
  /** zero singular values of the Jacobian at the result (a continuum of fixed points, a conserved quantity) */
  singularDirections: number;
  eg: number;
  overlaps: OverlapsJson;
  /** eigenvalues of ∂RHS/∂y, largest real part first */
  eigenvalues: { re: number; im: number }[];
  unstable: number;
  neutral: number;
  stable: number;
  /** |Re λ| at or below this counted as neutral */
  neutralTol: number;
  /** 1/min|Re λ| over the stable directions: the slowest relaxation time */
  slowestTimeConstant: number;
  leadingUnstable: { re: number; im: number } | null;
  /** "stable fixed point", "stable manifold of fixed points (12 neutral directions)", "saddle (1 unstable direction)", … */
  classification: string;
  rhsEvals: number;
  seconds: number;
  /** the fixed point and its stability, for further analysis (escape times); not in JSON output */
  detail: { y: Float64Array; stability: Stability; rhs: RhsOfConfig };
}

/** What a fixed point with these direction counts is, in words. */
export function classify(converged: boolean, unstable: number, neutral: number): string {
  if (!converged) return 'not a fixed point (Newton did not converge)';
  const plural = (n: number, w: string) => `${n} ${w} direction${n === 1 ? '' : 's'}`;
  if (unstable === 0 && neutral === 0) return 'stable fixed point';
  if (unstable === 0) return `stable manifold of fixed points, or a conserved quantity (${plural(neutral, 'neutral')})`;
  const kind = `saddle (${plural(unstable, 'unstable')}${neutral ? `, ${plural(neutral, 'neutral')}` : ''})`;
  return kind;
}

/**
 * Newton from the end of the run (default) or from the initial state, then stability.
 *
 * @example
 * ```ts
 * import { fixedPointOf, parseConfig } from 'pepita-ode';
 * const fp = fixedPointOf(parseConfig({ rule: 'afa', K: 3, M: 2, eta: 0.2, tmax: 2e5 }));
 * fp.classification;   // 'stable manifold of fixed points, or a conserved quantity (12 neutral directions)'
 * fp.eg;               // 0.03895
 * ```
 */
export function fixedPointOf(config: Config, opts: { from?: FixedPointStart; onProgress?: (t: number, tmax: number) => void } = {}): FixedPointReport {
  const t0 = performance.now();
  const from = opts.from ?? 'end';
  const r = rhsOf(config);
  const egOfState = egEvaluator(config.K, config.M, r.system.student, r.system.teacher, {}, r.system.deep?.net ?? null);
  const egOf = (y: Float64Array) => egOfState(r.toOverlaps(y));
  let y = r.y0;
  let start = { t: 0, eg: egOf(y), failure: null as Failure | null };
  let evals = 0;
  if (from === 'end') {
    const times = outputTimes(config);
    const tol = effectiveTolerances(config.theory, r.averages);
    const run = integratorByName(config.theory.solver)(r.rhs, r.y0, times, r.names, { ...tol, onProgress: opts.onProgress });
    evals += run.stats.rhsEvals;
    const last = run.rows.length - 1;
    y = run.rows[last];
    start = { t: times[last], eg: egOf(y), failure: run.failure };
  }
  const fp = findFixedPoint(r.rhs, y);
  const st = stabilityAt(r.rhs, fp.y);
  evals += fp.rhsEvals + 2 * fp.y.length;
  const lead = st.leadingUnstable;
  return {
    from, start,
    converged: fp.converged, message: fp.message, iterations: fp.iterations, residual: fp.residual,
    singularDirections: fp.singularDirections,
    eg: egOf(fp.y),
    overlaps: overlapsToJson(r.toOverlaps(fp.y)),
    eigenvalues: st.eigenvalues.map((z) => ({ re: z.re, im: z.im })),
    unstable: st.unstable, neutral: st.neutral, stable: st.stable, neutralTol: st.neutralTol,
    slowestTimeConstant: st.slowestTimeConstant,
    leadingUnstable: lead ? { re: lead.value.re, im: lead.value.im } : null,
    classification: classify(fp.converged, st.unstable, st.neutral),
    rhsEvals: evals,
    seconds: (performance.now() - t0) / 1000,
    detail: { y: fp.y, stability: st, rhs: r },
  };
}

/**
 * The fixed point of a config as flat sweep metrics (numbers and one string).
 *
 * @example
 * ```ts
 * import { fixedPointMetrics, parseConfig } from 'pepita-ode';
 * fixedPointMetrics(parseConfig({ rule: 'bp', K: 2, M: 2, eta: 0.2, tmax: 1e5 }));
 * // { fp_converged: true, fp_eg: 8e-32, fp_unstable: 0, fp_neutral: 0, fp_stable: 11, fp_slowest_time_constant: 563, … }
 * ```
 */
export function fixedPointMetrics(config: Config, from: FixedPointStart = 'end'): Record<string, number | string | boolean> {
  const f = fixedPointOf(config, { from });
  return {
    fp_converged: f.converged, fp_eg: f.eg, fp_residual: f.residual,
    fp_unstable: f.unstable, fp_neutral: f.neutral, fp_stable: f.stable,
    fp_slowest_time_constant: f.slowestTimeConstant,
    fp_lambda_u: f.leadingUnstable ? f.leadingUnstable.re : Number.NaN,
    fp_classification: f.classification,
  };
}

/** Measured against predicted plateau escape times as the initial distance δ along the unstable direction varies. */
export interface EscapeStudy {
  lambdaU: number;
  deltas: number[];
  /** measured escape times (εg below half the saddle's εg) */
  measured: number[];
  /** (1/λ_u)·ln(1/δ) + c, c fitted */
  predicted: number[];
  measuredSlope: number;
  predictedSlope: number;
  intercept: number;
}

/**
 * For a saddle: escape times from y* + δ·v_u (εg falling below half the saddle's εg) for each δ,
 * and the slope of t_esc against ln(1/δ) next to the predicted 1/λ_u. Null when not a saddle with
 * a real leading unstable eigenvalue.
 *
 * @example
 * ```ts
 * import { escapeStudyOf, fixedPointOf, parseConfig } from 'pepita-ode';
 * const plateau = fixedPointOf(parseConfig(symmetricBpConfig));   // a saddle (the README has the config)
 * const s = escapeStudyOf(plateau)!;
 * s.measuredSlope / s.predictedSlope;   // 1.00004
 * ```
 */
export function escapeStudyOf(report: FixedPointReport, deltas: number[] = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9]): EscapeStudy | null {
  const lead = report.detail.stability.leadingUnstable;
  if (!report.converged || !lead || !lead.vector) return null;
  const r = report.detail.rhs;
  const egOfState = egEvaluator(r.system.K, r.system.M, r.system.student, r.system.teacher, {}, r.system.deep?.net ?? null);
  const egOf = (y: Float64Array) => egOfState(r.toOverlaps(y));
  const lambdaU = lead.value.re;
  const measured = deltas.map((d) => escapeTime(r.rhs, report.detail.y, lead.vector!, d, egOf, { threshold: report.eg / 2, tmax: 50 * Math.log(1 / d) / lambdaU + 1e4 }));
  const ok = deltas.map((_, i) => Number.isFinite(measured[i]));
  const fit = escapeSlope(deltas.filter((_, i) => ok[i]), measured.filter((_, i) => ok[i]));
  // the prediction's constant: the mean offset of the measurements from (1/λ_u)·ln(1/δ)
  const offsets = deltas.map((d, i) => measured[i] - Math.log(1 / d) / lambdaU).filter((_, i) => ok[i]);
  const c = offsets.reduce((a, b) => a + b, 0) / Math.max(1, offsets.length);
  return {
    lambdaU, deltas, measured,
    predicted: deltas.map((d) => Math.log(1 / d) / lambdaU + c),
    measuredSlope: fit.slope, predictedSlope: 1 / lambdaU, intercept: c,
  };
}
