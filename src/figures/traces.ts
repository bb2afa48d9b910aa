/**
 * Trace builders shared by the figures: theory lines, simulation markers with error bars across
 * seeds, trace names and styles per rule (from the rule objects), and the colours of the paper
 * (PEPITA blue dots, AFA purple crosses, theory full lines).
 */
import type { Overlaps } from '../core/overlaps.ts';
import { LEARNING_RULES, ruleById, type LearningRule, type RuleId } from '../core/rules/index.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { seedStats, type RowScalar } from '../compare/seedStats.ts';
import type { Trace } from './html.ts';

export const COLORS = {
  pepita: '#1f5fbf',
  afa: '#7b3fa0',
  teacherAngle: '#1b5e20',
  degenerateAngle: '#66bb6a',
  feedbackAngle: '#ef6c00',
  teacher: '#000000',
  grey: '#888888',
} as const;

/** Names of a rule's traces: its ODE line and its simulation markers (labels from the rule object). */
export const traceName = {
  theory: (rule: LearningRule): string => `theory: ${rule.label} ODE`,
  sim: (rule: LearningRule): string => `simulation: ${rule.label}`,
};

/**
 * Colour and marker of each rule, by its place in the registry (LEARNING_RULES order: BP, DFA,
 * AFA, PEPITA, PEPITA-Hebbian, PEPITA-time-local, FF, DRTP, PEPITA with e_mod), so AFA and PEPITA
 * keep the paper's colours.
 */
const RULE_STYLES: readonly { color: string; symbol: string }[] = [
  { color: '#444444', symbol: 'square' },
  { color: '#8c564b', symbol: 'triangle-down' },
  { color: COLORS.afa, symbol: 'x' },
  { color: COLORS.pepita, symbol: 'circle' },
  { color: '#2ca02c', symbol: 'diamond' },
  { color: '#d62728', symbol: 'triangle-up' },
  { color: '#ef9f00', symbol: 'star' },
  { color: '#17becf', symbol: 'hexagon' },
  { color: '#9467bd', symbol: 'circle-open' },
];

/** The rule object of a solution (its `rule` id looked up in the registry). */
export function ruleOf(solution: { rule: RuleId }): LearningRule {
  return ruleById(solution.rule)!;
}

export function ruleStyle(rule: LearningRule): { color: string; symbol: string } {
  const i = LEARNING_RULES.indexOf(rule);
  return RULE_STYLES[(i < 0 ? 0 : i) % RULE_STYLES.length];
}

/** Keep points with x > 0 when the x axis is logarithmic. */
function keep(x: number, logX: boolean): boolean {
  return Number.isFinite(x) && (!logX || x > 0);
}

/** A theory curve of `scalar` as a line. */
export function theoryLine(sol: TheorySolution, scalar: RowScalar, name: string, color: string, opts: { logX?: boolean; dash?: string; xaxis?: string; yaxis?: string } = {}): Trace {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < sol.times.length; i++) {
    if (!keep(sol.times[i], opts.logX ?? true)) continue;
    x.push(sol.times[i]);
    y.push(scalar(sol.states[i], sol.eg[i]));
  }
  return {
    name, type: 'scatter', mode: 'lines', x, y,
    line: { color, width: 2, ...(opts.dash ? { dash: opts.dash } : {}) },
    ...(opts.xaxis ? { xaxis: opts.xaxis, yaxis: opts.yaxis } : {}),
  };
}

/**
 * Most markers per simulation curve: 200 output times over 5 decades drew a solid band of markers
 * and error bars that hid the ODE line of the same colour; ≈ 10 per decade leave it visible.
 */
export const MAX_MARKERS = 50;

/**
 * Rows to draw of a curve at `times` (the kept ones, in order): all when there are at most `max`,
 * else the rows nearest `max` targets evenly spaced in log t (in t for a linear axis), first and
 * last included.
 */
export function thinRows(times: ArrayLike<number>, logX: boolean, max = MAX_MARKERS): number[] {
  const rows: number[] = [];
  for (let i = 0; i < times.length; i++) if (keep(times[i], logX)) rows.push(i);
  if (rows.length <= max) return rows;
  const coord = (i: number) => (logX ? Math.log(times[i]) : times[i]);
  const a = coord(rows[0]), b = coord(rows[rows.length - 1]);
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k < max; k++) {
    const target = a + ((b - a) * k) / (max - 1);
    while (j + 1 < rows.length && Math.abs(coord(rows[j + 1]) - target) <= Math.abs(coord(rows[j]) - target)) j++;
    if (out[out.length - 1] !== rows[j]) out.push(rows[j]);
  }
  return out;
}

/**
 * Simulation markers: seed mean of `scalar` with ± sample sd error bars, at most `maxMarkers`
 * (default MAX_MARKERS) of them (thinRows; the explorer, which draws every row, passes Infinity).
 */
export function simMarkers(sim: SimSolution, scalar: RowScalar, name: string, color: string, symbol: string, opts: { logX?: boolean; xaxis?: string; yaxis?: string; maxMarkers?: number } = {}): Trace {
  const st = seedStats(sim, scalar);
  const x: number[] = [], y: number[] = [], e: number[] = [];
  for (const i of thinRows(st.times, opts.logX ?? true, opts.maxMarkers)) {
    x.push(st.times[i]);
    y.push(st.mean[i]);
    e.push(Number.isFinite(st.sd[i]) ? st.sd[i] : 0);
  }
  return {
    name, type: 'scatter', mode: 'markers', x, y,
    marker: { color, symbol, size: 6, ...(symbol === 'x' ? {} : { opacity: 0.8 }) },
    error_y: { type: 'data', array: e, visible: true, color, thickness: 1, width: 2 },
    ...(opts.xaxis ? { xaxis: opts.xaxis, yaxis: opts.yaxis } : {}),
  };
}

/**
 * A legend entry without data (a key to line styles, or one entry for many traces): one NaN point
 * (plotly lists a trace with no points in no legend; the figure CSV skips it).
 */
export function legendKey(name: string, style: Record<string, unknown>): Trace {
  return { name, type: 'scatter', x: [NaN], y: [NaN], hoverinfo: 'skip', ...style };
}

/** Row scalar of one component of an order parameter, e.g. component('f', 0). */
export function component(key: 'Q' | 'R' | 'W2' | 'f', i: number): RowScalar {
  return (o: Overlaps) => o[key][i];
}

/** ", at 50 of the 200 times" when the markers of `sim` are thinned, else "". */
export function markerNote(sim: SimSolution): string {
  const n = sim.runs[0]?.times.length ?? 0;
  return n > MAX_MARKERS ? `, at ${MAX_MARKERS} of the ${n} times` : '';
}

export function seedsNote(sim: SimSolution): string {
  return `${sim.runs.length} seed${sim.runs.length === 1 ? '' : 's'}, D = ${sim.D}`;
}
