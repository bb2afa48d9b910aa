/**
 * The forward-only family of Sec. 3 side by side (`pepita-ode family`): BP, AFA, PEPITA,
 * PEPITA-Hebbian, PEPITA-time-local and FF on one config (by default the Fig. 2 setting), each
 * simulated and solved from the same initial weights (src/compare/compare.ts), with a table of
 * milestones per rule: εg at t = 10, 100, 1000, 5000 and the first time εg < 0.05, from the ODE
 * and from the seed-mean simulation.
 *
 *   const r = await compare(config, { rules: FAMILY_RULES });
 *   const rows = familyMilestones(r);     // one row per rule
 *
 * Values between output times are interpolated linearly in (log t, log εg): the default grid has
 * 200 log-spaced times, ≈ 5 % apart in t, on which εg is smooth.
 */
import type { LearningRule } from '../core/rules/index.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { formatNumber } from '../io/csv.ts';
import type { CompareResult } from './compare.ts';
import { egOf, seedStats } from './seedStats.ts';

export { FAMILY_RULES } from './ruleList.ts';

/** Times of the milestone table, and its εg threshold. */
export const MILESTONE_TIMES = [10, 100, 1000, 5000] as const;
export const EG_THRESHOLD = 0.05;

export interface Milestones {
  rule: LearningRule;
  /** εg at each MILESTONE_TIMES entry (NaN beyond the last output time or where a run stopped) */
  theoryEg: number[];
  simEg: number[];
  /** first time εg < EG_THRESHOLD (NaN if never by the last output time) */
  theoryBelow: number;
  simBelow: number;
}

/** y(t) by linear interpolation in (log t, log y) between the bracketing samples (t > 0, y > 0). */
export function valueAt(times: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  for (let i = 0; i < times.length; i++) {
    if (times[i] === t) return values[i];
    if (times[i] > t) {
      if (i === 0 || !(times[i - 1] > 0)) return NaN;
      const a = values[i - 1], b = values[i];
      if (!(a > 0 && b > 0)) return NaN;
      const s = Math.log(t / times[i - 1]) / Math.log(times[i] / times[i - 1]);
      return Math.exp(Math.log(a) + s * Math.log(b / a));
    }
  }
  return NaN;
}

/** First time y drops below `level`, interpolated in (log t, log y) (NaN if it never does). */
export function firstTimeBelow(times: ArrayLike<number>, values: ArrayLike<number>, level: number): number {
  for (let i = 0; i < times.length; i++) {
    if (!(values[i] < level)) continue;
    if (i === 0 || !(times[i - 1] > 0) || !(values[i - 1] > 0) || !(values[i] > 0)) return times[i];
    const a = values[i - 1], b = values[i];
    const s = Math.log(level / a) / Math.log(b / a);
    return times[i - 1] * Math.pow(times[i] / times[i - 1], s);
  }
  return NaN;
}

function curveMilestones(times: ArrayLike<number>, eg: ArrayLike<number>) {
  return { eg: MILESTONE_TIMES.map((t) => valueAt(times, eg, t)), below: firstTimeBelow(times, eg, EG_THRESHOLD) };
}

function theoryMilestones(s: TheorySolution | undefined) {
  return s ? curveMilestones(s.times, s.eg) : { eg: MILESTONE_TIMES.map(() => NaN), below: NaN };
}

function simMilestones(s: SimSolution | undefined) {
  if (!s) return { eg: MILESTONE_TIMES.map(() => NaN), below: NaN };
  const st = seedStats(s, egOf);
  return curveMilestones(st.times, st.mean);
}

/** One row per rule of a comparison: ODE and seed-mean simulation milestones. */
export function familyMilestones(r: CompareResult): Milestones[] {
  return r.rules.map((rule) => {
    const th = theoryMilestones(r.theory[rule.id]);
    const sm = simMilestones(r.sims[rule.id]);
    return { rule, theoryEg: th.eg, simEg: sm.eg, theoryBelow: th.below, simBelow: sm.below };
  });
}

/** Column names of the milestone table (CSV and terminal). */
export function milestoneHeader(): string[] {
  const eg = MILESTONE_TIMES.flatMap((t) => [`eg_theory_t${t}`, `eg_sim_t${t}`]);
  return ['rule', 'label', ...eg, `t_eg_below_${EG_THRESHOLD}_theory`, `t_eg_below_${EG_THRESHOLD}_sim`];
}

/** The milestone table as CSV (empty cells for NaN). */
export function milestonesCsv(rows: readonly Milestones[]): string {
  const cell = (x: number) => (Number.isFinite(x) ? formatNumber(x) : '');
  const lines = [milestoneHeader().join(',')];
  for (const m of rows) {
    const eg = MILESTONE_TIMES.flatMap((_, i) => [cell(m.theoryEg[i]), cell(m.simEg[i])]);
    lines.push([m.rule.id, m.rule.label, ...eg, cell(m.theoryBelow), cell(m.simBelow)].join(','));
  }
  return lines.join('\n') + '\n';
}

/** JSON-friendly rows (NaN → null). */
export function milestonesJson(rows: readonly Milestones[]): unknown[] {
  const n = (x: number) => (Number.isFinite(x) ? x : null);
  return rows.map((m) => ({
    rule: m.rule.id,
    label: m.rule.label,
    eg: Object.fromEntries(MILESTONE_TIMES.map((t, i) => [String(t), { theory: n(m.theoryEg[i]), sim: n(m.simEg[i]) }])),
    firstTimeBelow: { level: EG_THRESHOLD, theory: n(m.theoryBelow), sim: n(m.simBelow) },
  }));
}
