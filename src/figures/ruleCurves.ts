/**
 * Learning curves of several rules side by side (the `family` figure, and the figure of
 * `compare`): left, εg vs t (log–log); right, the adaptive feedback ‖f‖ = ‖W1F‖/D vs t (log t)
 * for the rules whose update involves the feedback vector (`usesFeedbackVector`). Per rule, its
 * simulation as markers (seed mean ± sd) and its ODE as a line drawn over them, one colour and
 * marker per rule (traces.ts ruleStyle). Trace names: traceName.theory/sim(rule) in the εg panel,
 * the same prefixed by FEEDBACK_PREFIX in the ‖f‖ panel (one legend entry per rule and kind).
 */
import type { LearningRule, RuleId } from '../core/rules/index.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { egOf, feedbackNormOf } from '../compare/seedStats.ts';
import type { FigureSpec, Trace } from './html.ts';
import { axisValues, logAxis } from './axes.ts';
import { markerNote, ruleStyle, simMarkers, theoryLine, traceName } from './traces.ts';

export interface RuleCurvesInput {
  /** the rules, in legend order */
  rules: readonly LearningRule[];
  theory: Partial<Record<RuleId, TheorySolution>>;
  sims: Partial<Record<RuleId, SimSolution>>;
}

/** Prefix of the ‖f‖-panel trace names. */
export const FEEDBACK_PREFIX = '‖f‖ — ';

export function ruleCurvesSpec(input: RuleCurvesInput, text: { title: string; subtitle?: string }): FigureSpec {
  const markers: Trace[] = [];
  const lines: Trace[] = [];
  const panels = [
    { value: egOf, prefix: '', axes: {}, show: (_r: LearningRule) => true, legend: true },
    { value: feedbackNormOf, prefix: FEEDBACK_PREFIX, axes: { xaxis: 'x2', yaxis: 'y2' }, show: (r: LearningRule) => r.usesFeedbackVector, legend: false },
  ];
  for (const p of panels) {
    for (const rule of input.rules) {
      if (!p.show(rule)) continue;
      const { color, symbol } = ruleStyle(rule);
      const group = { legendgroup: rule.id, showlegend: p.legend };
      const sim = input.sims[rule.id];
      if (sim) markers.push({ ...simMarkers(sim, p.value, p.prefix + traceName.sim(rule), color, symbol, p.axes), ...group });
      const th = input.theory[rule.id];
      if (th) lines.push({ ...theoryLine(th, p.value, p.prefix + traceName.theory(rule), color, p.axes), ...group });
    }
  }
  const anySim = input.rules.map((r) => input.sims[r.id]).find((s) => s);
  const seeds = anySim ? anySim.runs.length : 0;
  const note = anySim ? `; markers: simulation at D = ${anySim.D}, mean ± sd of ${seeds} seed${seeds === 1 ? '' : 's'}${markerNote(anySim)}; lines: ODE (D → ∞)` : '; lines: ODE (D → ∞)';
  // markers first, then every ODE line on top so the theory stays visible through the markers
  const data = [...markers, ...lines];
  return {
    title: text.title,
    data,
    layout: {
      title: { text: `${text.title}${text.subtitle ? ` (${text.subtitle})` : ''}${note}`, font: { size: 13 } },
      xaxis: logAxis(axisValues(data, 'x'), { title: { text: 't = μ/D' }, domain: [0, 0.46] }),
      yaxis: logAxis(axisValues(data, 'y'), { title: { text: 'εg' } }),
      xaxis2: logAxis(axisValues(data, 'x2'), { title: { text: 't = μ/D' }, domain: [0.56, 1], anchor: 'y2' }),
      yaxis2: { title: { text: '‖f‖ = ‖W1F‖/D' }, rangemode: 'tozero', anchor: 'x2' },
      legend: { orientation: 'h', x: 0, y: -0.14, xanchor: 'left', yanchor: 'top' },
      margin: { t: 60, b: 130 },
    },
    width: 1300,
    height: 650,
  };
}
