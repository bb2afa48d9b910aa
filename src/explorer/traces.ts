/**
 * The plotly traces of the explorer's four panels for any set of rules, each rule in its own
 * colour (the figures' per-rule style, src/figures/traces.ts), theory as lines and the simulation's
 * seed mean ± sd as markers with error bars — the same builders as the CLI figures:
 *   #eg-plot        εg(t)
 *   #angles-plot    Fig. 2c: ∠(W2, W̃2) (solid), ∠(W2, closest degenerate solution) (dashed) and,
 *                   for rules that use the feedback vector, ∠(W2, f) (dotted)
 *   #overlaps-plot  Q_k_l (k ≤ l, solid), R_k_m (dashed), W2_k (dotted)
 *   #f-plot         ‖f‖ (solid) and f_k (dotted), only for rules with `usesFeedbackVector`
 * Every trace carries `meta = {rule, series, kind}` so that tests and the CSV export can tell them
 * apart without parsing names. Pure (no DOM, no plotly import).
 */
import { degenerateCopies } from '../compare/angles.ts';
import { egOf, feedbackNormOf, type RowScalar } from '../compare/seedStats.ts';
import type { LearningRule } from '../core/rules/index.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { angleScalars, FIG2C_TRACES } from '../figures/fig2c.ts';
import type { Trace } from '../figures/html.ts';
import { component, ruleStyle, simMarkers, theoryLine } from '../figures/traces.ts';

/** What is drawn for one rule: its theory solution and, when simulated for these inputs, its runs. */
export interface RuleCurves {
  rule: LearningRule;
  theory: TheorySolution;
  sim: SimSolution | null;
}

export type PanelId = 'eg' | 'angles' | 'overlaps' | 'f';

export interface TraceMeta {
  /** rule id */
  rule: string;
  /** the quantity, e.g. "εg", "Q_1_2", "∠(W2, W̃2)", "‖f‖" */
  series: string;
  kind: 'theory' | 'sim';
}

export type PanelTrace = Trace & { meta: TraceMeta };

interface Series {
  series: string;
  scalar: RowScalar;
  dash?: string;
  /** also drawn from the simulation (markers) */
  simulated: boolean;
}

/** Options of every panel: `logT` drops t = 0 (the time axis is logarithmic). */
export interface PanelOptions { logT: boolean }

function seriesTraces(c: RuleCurves, list: Series[], o: PanelOptions): PanelTrace[] {
  const { color, symbol } = ruleStyle(c.rule);
  const out: PanelTrace[] = [];
  for (const s of list) {
    const line = theoryLine(c.theory, s.scalar, `${c.rule.label} ${s.series}`, color, { dash: s.dash, logX: o.logT });
    out.push({ ...line, legendgroup: c.rule.id, meta: { rule: c.rule.id, series: s.series, kind: 'theory' } });
  }
  if (c.sim) {
    for (const s of list) {
      if (!s.simulated) continue;
      // every simulated row (the page's CSV download is exactly what is drawn)
      const m = simMarkers(c.sim, s.scalar, `${c.rule.label} ${s.series} simulation`, color, symbol, { logX: o.logT, maxMarkers: Infinity });
      out.push({ ...m, legendgroup: c.rule.id, meta: { rule: c.rule.id, series: s.series, kind: 'sim' } });
    }
  }
  return out;
}

export function egPanel(curves: RuleCurves[], o: PanelOptions): PanelTrace[] {
  return curves.flatMap((c) => seriesTraces(c, [{ series: 'εg', scalar: egOf, simulated: true }], o));
}

export function anglesPanel(curves: RuleCurves[], o: PanelOptions): PanelTrace[] {
  return curves.flatMap((c) => {
    const init = c.theory.initial;
    const a = angleScalars(degenerateCopies(init.W2t, init.K));
    const list: Series[] = [
      { series: FIG2C_TRACES.teacher, scalar: a.teacher, simulated: true },
      { series: FIG2C_TRACES.degenerate, scalar: a.degenerate, dash: 'dash', simulated: true },
    ];
    if (c.rule.usesFeedbackVector) list.push({ series: FIG2C_TRACES.feedback, scalar: a.feedback, dash: 'dot', simulated: true });
    return seriesTraces(c, list, o);
  });
}

export function overlapsPanel(curves: RuleCurves[], o: PanelOptions): PanelTrace[] {
  return curves.flatMap((c) => {
    const { K, M } = c.theory.initial;
    const list: Series[] = [];
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) list.push({ series: `Q_${k + 1}_${l + 1}`, scalar: component('Q', k * K + l), simulated: false });
    }
    for (let k = 0; k < K; k++) {
      for (let m = 0; m < M; m++) list.push({ series: `R_${k + 1}_${m + 1}`, scalar: component('R', k * M + m), dash: 'dash', simulated: false });
    }
    for (let k = 0; k < K; k++) list.push({ series: `W2_${k + 1}`, scalar: component('W2', k), dash: 'dot', simulated: false });
    return seriesTraces(c, list, o);
  });
}

/** ‖f‖ and f_k for the rules that use the feedback vector (none for the others). */
export function feedbackPanel(curves: RuleCurves[], o: PanelOptions): PanelTrace[] {
  return curves.filter((c) => c.rule.usesFeedbackVector).flatMap((c) => {
    const list: Series[] = [{ series: '‖f‖', scalar: feedbackNormOf, simulated: true }];
    for (let k = 0; k < c.theory.initial.K; k++) list.push({ series: `f_${k + 1}`, scalar: component('f', k), dash: 'dot', simulated: false });
    return seriesTraces(c, list, o);
  });
}
