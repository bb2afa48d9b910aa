/**
 * The paper's Sec. 6 questions in the solvable model (docs/rules.md "Weight mirroring"): one rule
 * (PEPITA by default) from the same initial weights — F = F1F2 sampled once — in four variants,
 *
 *   fixed    F fixed (a mirror that never runs: the same F as the others)
 *   wm       weight mirroring during learning
 *   wm-pre   pre-mirroring for t_pre, then weight mirroring during learning
 *   pre      pre-mirroring only, F fixed afterwards
 *
 * each by its ODE and (optionally) by simulations at the config's D, with per-variant summaries:
 * the plateau-escape time (first t with εg below half its t = 0 value, interpolated), εg at t = 1000 and at
 * t_max, and the alignment of F with W_tot = W1ᵀW2 (Fig. 3c's angle) and of f with W2.
 * What `pepita-ode mirror` runs.
 */
import { parseConfig, type Config } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import type { MirrorSpec } from '../core/mirror.ts';
import { PRE_RANGE } from '../core/mirror.ts';
import type { Overlaps } from '../core/overlaps.ts';
import { checkRange } from '../core/ranges.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { simulateManyOf, solveTheoryOf } from '../app/fromConfig.ts';
import { angleDeg } from './angles.ts';
import { realisedTimes } from './compare.ts';
import { firstTimeBelow, valueAt } from './family.ts';
import { seedStats, type RowScalar } from './seedStats.ts';

/** The four variants of a mirror study (see the top of this file). */
export type MirrorVariantId = 'fixed' | 'wm' | 'wm-pre' | 'pre';

/** One variant: its id, its legend label and the mirror block its config gets. */
export interface MirrorVariant {
  readonly id: MirrorVariantId;
  readonly label: string;
  readonly mirror: MirrorSpec;
}

/**
 * The mirror used when the config has none: η_m = 1, σ_n = 1, no decay, normalised (the Fig. 2 study of the README).
 * @example
 * ```ts
 * parseConfig({ rule: 'pepita', mirror: DEFAULT_MIRROR });   // WM with η_m = σ_n = 1
 * ```
 */
export const DEFAULT_MIRROR: MirrorSpec = { rate: 1, noise: 1, decay: 0, normalise: true, pre: 0, during: true };

/**
 * The four variants of a mirror block with pre-mirroring time `pre` (> 0).
 * @example
 * ```ts
 * mirrorVariants(DEFAULT_MIRROR, 5).map((v) => [v.id, v.mirror.pre, v.mirror.during]);
 * // [['fixed', 0, false], ['wm', 0, true], ['wm-pre', 5, true], ['pre', 5, false]]
 * ```
 */
export function mirrorVariants(m: MirrorSpec, pre: number): MirrorVariant[] {
  return [
    { id: 'fixed', label: 'fixed F (no mirroring)', mirror: { ...m, pre: 0, during: false } },
    { id: 'wm', label: 'WM during learning', mirror: { ...m, pre: 0, during: true } },
    { id: 'wm-pre', label: `pre-mirroring (t_pre = ${pre}) + WM`, mirror: { ...m, pre, during: true } },
    { id: 'pre', label: `pre-mirroring only (t_pre = ${pre})`, mirror: { ...m, pre, during: false } },
  ];
}

/**
 * ∠(F, W_tot) in degrees, W_tot = W1ᵀW2: cos = W2·f / √(q_f · W2ᵀQW2) (F·W_tot/D = W2·f). NaN while W2 = 0.
 * The angle of the paper's Fig. 3c, from order parameters.
 * @example
 * ```ts
 * const sol = solveTheoryOf(parseConfig({ rule: 'pepita', mirror: DEFAULT_MIRROR, tmax: 100 }));
 * feedbackTotalAngleOf(sol.states.at(-1)!, sol.eg.at(-1)!);   // degrees
 * ```
 */
export const feedbackTotalAngleOf: RowScalar = (o: Overlaps) => {
  const { K, Q, W2, f } = o;
  let wf = 0, wqw = 0;
  for (let k = 0; k < K; k++) {
    wf += W2[k] * f[k];
    for (let l = 0; l < K; l++) wqw += W2[k] * Q[k * K + l] * W2[l];
  }
  const den = Math.sqrt(o.qf * wqw);
  if (!(den > 0)) return NaN;
  const c = Math.max(-1, Math.min(1, wf / den));
  return (Math.acos(c) * 180) / Math.PI;
};

/**
 * ∠(f, W2) in degrees (NaN while either is 0): AFA's alignment of the adaptive feedback with the second layer.
 * @example
 * ```ts
 * feedbackW2AngleOf(sol.states.at(-1)!, sol.eg.at(-1)!);   // sol from solveTheoryOf
 * ```
 */
export const feedbackW2AngleOf: RowScalar = (o: Overlaps) => angleDeg(o.f, o.W2);

/** What the summary table reports of one curve (an ODE solution or a simulation's seed mean). */
export interface CurveSummary {
  /** first time with εg < εg(0)/2, interpolated in (log t, log εg) between the output times; NaN if none by t_max */
  tEscape: number;
  /** εg at t = 1000, interpolated likewise (NaN when the curve ends before t = 1000) */
  eg1000: number;
  egEnd: number;
  angleFWtotEnd: number;
  angleFW2End: number;
  feedbackNormEnd: number;
}

/** What `mirrorStudy` returns: the variants, their ODE solutions and simulations on shared output times, and the summaries. */
export interface MirrorStudy {
  config: Config;
  rule: string;
  pre: number;
  variants: MirrorVariant[];
  /** the validated config of each variant (the config with the variant's mirror) */
  configs: Record<MirrorVariantId, Config>;
  times: Float64Array;
  theory: Record<MirrorVariantId, TheorySolution>;
  /** null with `sim: false` */
  sims: Record<MirrorVariantId, SimSolution> | null;
  summary: { variant: MirrorVariant; theory: CurveSummary; sim: CurveSummary | null }[];
  timings: { theorySeconds: number; simSeconds: number };
}

/** Summary of one curve: its times and εg, and any state scalar at its last time (`atEnd`). */
export function summariseCurve(times: ArrayLike<number>, eg: ArrayLike<number>, atEnd: (scalar: RowScalar) => number): CurveSummary {
  const n = eg.length;
  const empty = n === 0;
  return {
    tEscape: empty ? NaN : firstTimeBelow(times, eg, eg[0] / 2),
    eg1000: valueAt(times, eg, 1000),
    egEnd: empty ? NaN : eg[n - 1],
    angleFWtotEnd: empty ? NaN : atEnd(feedbackTotalAngleOf),
    angleFW2End: empty ? NaN : atEnd(feedbackW2AngleOf),
    feedbackNormEnd: empty ? NaN : atEnd((o) => Math.hypot(...o.f)),
  };
}

function theorySummary(s: TheorySolution): CurveSummary {
  const last = s.eg.length - 1;
  return summariseCurve(s.times, s.eg, (f) => f(s.states[last], s.eg[last]));
}

/** The same of the seed mean of a simulation (scalars averaged over seeds at the last time). */
function simSummary(s: SimSolution): CurveSummary {
  const eg = seedStats(s, (_o, e) => e);
  return summariseCurve(eg.times, eg.mean, (f) => seedStats(s, f).mean.at(-1) ?? NaN);
}

/** The variants of a config and their validated configs: ConfigError (naming --pre or mirror.*) before anything runs. */
export function mirrorPlan(config: Config, pre: number): { variants: MirrorVariant[]; configs: Config[] } {
  checkRange('--pre', pre, PRE_RANGE);
  if (!(pre > 0)) throw new ConfigError('--pre', `must be > 0 (the pre-mirroring time; got ${pre})`);
  const variants = mirrorVariants(config.mirror ?? DEFAULT_MIRROR, pre);
  // each variant validated as a config of its own (a rule without F is refused, naming `mirror`)
  return { variants, configs: variants.map((v) => parseConfig({ ...config, mirror: v.mirror })) };
}

/**
 * Solve (and simulate, unless `sim` is false) the four variants of `config` (its `mirror`, or
 * DEFAULT_MIRROR when null) with pre-mirroring time `pre`. The simulations of every variant share
 * one worker pool; the ODEs are solved meanwhile.
 * @example
 * ```ts
 * const study = await mirrorStudy(parseConfig({ rule: 'pepita', tmax: 1000 }), { pre: 5, sim: false });
 * study.summary.map((r) => [r.variant.id, r.theory.tEscape, r.theory.eg1000]);
 * figureHtml(mirrorFigure(study));
 * ```
 */
export async function mirrorStudy(config: Config, opts: { pre: number; sim?: boolean; threads?: number; onProgress?: (phase: string, fraction: number) => void }): Promise<MirrorStudy> {
  const { variants, configs } = mirrorPlan(config, opts.pre);
  const times = realisedTimes(config);
  const progress = opts.onProgress ?? (() => undefined);
  const t0 = performance.now();
  let started!: () => void;
  const poolStarted = new Promise<void>((resolve) => (started = resolve));
  const simRun = opts.sim === false ? null : simulateManyOf(configs, {
    times, threads: opts.threads ?? config.sim.threads, onStarted: started,
    onProgress: (done, total) => progress('simulations', total > 0 ? done / total : 1),
  });
  if (simRun) {
    simRun.catch(() => undefined);
    await Promise.race([poolStarted, simRun.then(() => undefined, () => undefined)]);
  }
  const theory = {} as Record<MirrorVariantId, TheorySolution>;
  let theorySeconds = 0;
  const tmax = times[times.length - 1];
  variants.forEach((v, i) => {
    const ts = performance.now();
    progress(`theory ${v.id}`, 0);
    theory[v.id] = solveTheoryOf(configs[i], { times, onProgress: (t) => progress(`theory ${v.id}`, tmax > 0 ? t / tmax : 1) });
    theorySeconds += (performance.now() - ts) / 1000;
  });
  let sims: Record<MirrorVariantId, SimSolution> | null = null;
  if (simRun) {
    const list = await simRun;
    sims = {} as Record<MirrorVariantId, SimSolution>;
    variants.forEach((v, i) => (sims![v.id] = list[i]));
  }
  const simSeconds = simRun ? (performance.now() - t0) / 1000 : 0;
  const summary = variants.map((v) => ({ variant: v, theory: theorySummary(theory[v.id]), sim: sims ? simSummary(sims[v.id]) : null }));
  const byId = Object.fromEntries(variants.map((v, i) => [v.id, configs[i]])) as Record<MirrorVariantId, Config>;
  return { config, rule: config.rule, pre: opts.pre, variants, configs: byId, times, theory, sims, summary, timings: { theorySeconds, simSeconds } };
}
