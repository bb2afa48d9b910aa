/**
 * Fig. 2c (and the unit-vector panel 2d): angles in degrees vs t between the student's W2 and
 *   – the teacher's W̃2 (dark green),
 *   – the closest degenerate solution: min over G = {P S W̃2} of the angle (light green; the
 *     definition, including K ≠ M, is in src/compare/angles.ts),
 *   – the adaptive feedback f = W1F/D (orange),
 * from a theory (lines; the AFA ODE in the Fig. 2 job), optionally a second theory (dashed; the
 * PEPITA ODE) and a simulation (markers: seed mean ± sd of each run's angle; the AFA simulation,
 * so that markers and full lines describe the same rule). At small t the simulated W2 is
 * dominated by finite-D noise (its drift ∝ t·R(0) with R(0) = O(1/√D)), so its angles scatter. Vertical dashed lines mark the snapshot times; below, for K = 2, one panel per
 * snapshot with the unit vectors of W2, f, W̃2 and the other degenerate copies (from the ODE).
 * At t = 0, W2 = 0 in the default setting and the angles are undefined (not drawn).
 */
import type { Overlaps } from '../core/overlaps.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { angleDeg, closestDegenerate, degenerateCopies, type DegenerateCopy } from '../compare/angles.ts';
import type { RowScalar } from '../compare/seedStats.ts';
import type { FigureSpec, Trace } from './html.ts';
import { axisValues, logAxis } from './axes.ts';
import { COLORS, legendKey, markerNote, ruleOf, seedsNote, simMarkers, theoryLine } from './traces.ts';

export interface Fig2cInput {
  /** the theory whose angles are drawn as lines and whose states give the snapshots */
  theory: TheorySolution;
  /** a second theory drawn as dashed lines (e.g. the PEPITA ODE) */
  otherTheory?: TheorySolution;
  /** optional simulation markers (seed mean ± sd of each run's angle) */
  sim?: SimSolution;
  /** snapshot times (default: tmax·{1e-3, 1e-2, 1e-1, 1}); snapped to the nearest output time */
  snapshots?: number[];
  /** label of the theory in trace names, e.g. "AFA ODE" */
  theoryLabel?: string;
}

export const FIG2C_TRACES = {
  teacher: '∠(W2, W̃2)',
  degenerate: '∠(W2, closest degenerate solution)',
  feedback: '∠(W2, f)',
} as const;

/** Row scalars of the three angles (degrees). */
export function angleScalars(copies: DegenerateCopy[]): Record<keyof typeof FIG2C_TRACES, RowScalar> {
  return {
    teacher: (o: Overlaps) => (o.K === o.M ? angleDeg(o.W2, o.W2t) : NaN),
    degenerate: (o: Overlaps) => closestDegenerate(o.W2, copies).angle,
    feedback: (o: Overlaps) => angleDeg(o.W2, o.f),
  };
}

/** Default snapshot times: tmax·10^{−3..0}. */
export function defaultSnapshots(tmax: number): number[] {
  return [1e-3, 1e-2, 1e-1, 1].map((s) => s * tmax);
}

function nearestIndex(times: Float64Array, t: number): number {
  let best = 0;
  for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) best = i;
  return best;
}

function unit(v: ArrayLike<number>): [number, number] | null {
  const n = Math.hypot(v[0], v[1]);
  return n > 0 ? [v[0] / n, v[1] / n] : null;
}

/** The vectors of the Fig. 2d panels: legend name, colour, tip label (below the tip when `below` and it points up), dash. */
const ARROWS = [
  { name: 'other degenerate solutions', color: COLORS.degenerateAngle, tip: '', dash: 'dot', below: false },
  { name: 'W̃2 (teacher)', color: COLORS.teacher, tip: 'W̃2', dash: '', below: false },
  // f aligns with W2 late in training: its label goes on the other side of the tip
  { name: 'f (adaptive feedback)', color: COLORS.feedbackAngle, tip: 'f', dash: '', below: true },
  { name: 'W2 (student)', color: COLORS.teacherAngle, tip: 'W2', dash: '', below: false },
] as const;

function arrowStyle(s: (typeof ARROWS)[number]): Record<string, unknown> {
  return { line: { color: s.color, width: s.dash ? 1 : 2.5, ...(s.dash ? { dash: s.dash } : {}) }, marker: { size: [0, 7], color: s.color } };
}

function fmtT(t: number): string {
  return t >= 100 ? t.toFixed(0) : Number(t.toPrecision(2)).toString();
}

/**
 * Fig. 2c: the angles of W2 to the teacher's W̃2, to the closest degenerate solution and to f against t, with the 2-D snapshots (K = 2).
 * @example
 * ```ts
 * figureHtml(fig2cSpec(compareResult));
 * ```
 */
export function fig2cSpec(input: Fig2cInput): FigureSpec {
  const { theory, sim } = input;
  const o0 = theory.states[0];
  const copies = degenerateCopies(o0.W2t, o0.K);
  const sc = angleScalars(copies);
  const label = input.theoryLabel ?? `${ruleOf(theory).label} ODE`;
  const data: Trace[] = [];
  const colors = { teacher: COLORS.teacherAngle, degenerate: COLORS.degenerateAngle, feedback: COLORS.feedbackAngle };
  // legend: one group per source (its title says how it is drawn), one entry per angle
  const group = (id: string, title: string, first: boolean) => ({ legendgroup: id, ...(first ? { legendgrouptitle: { text: title } } : {}) });
  const keys = ['teacher', 'degenerate', 'feedback'] as const;
  const other = input.otherTheory;
  keys.forEach((key, j) => data.push({ ...theoryLine(theory, sc[key], `${FIG2C_TRACES[key]} — theory: ${label}`, colors[key]), ...group('theory', `lines: ${label}`, j === 0) }));
  if (other) {
    const otherLabel = `${ruleOf(other).label} ODE`;
    keys.forEach((key, j) => data.push({ ...theoryLine(other, sc[key], `${FIG2C_TRACES[key]} — theory: ${otherLabel}`, colors[key], { dash: 'dash' }), ...group('other', `dashed: ${otherLabel}`, j === 0) }));
  }
  if (sim) {
    keys.forEach((key, j) => data.push({ ...simMarkers(sim, sc[key], `${FIG2C_TRACES[key]} — simulation: ${ruleOf(sim).label}`, colors[key], 'circle-open'), ...group('sim', `markers: ${ruleOf(sim).label} simulation (seed mean ± sd)`, j === 0) }));
  }

  const tmax = theory.times[theory.times.length - 1];
  const snapIdx = [...new Set((input.snapshots ?? defaultSnapshots(tmax)).map((t) => nearestIndex(theory.times, t)))].filter((i) => theory.times[i] > 0);
  for (const i of snapIdx) {
    const t = theory.times[i];
    data.push({
      name: `snapshot t=${fmtT(t)}`, type: 'scatter', mode: 'lines', x: [t, t], y: [0, 180],
      line: { color: COLORS.grey, dash: 'dash', width: 1 }, showlegend: false, hoverinfo: 'x',
    });
  }

  const layout: Record<string, unknown> = {
    title: { text: `Fig. 2c — angles of W2 vs t (lines: ${label}${other ? `; dashed: ${ruleOf(other).label} ODE` : ''}${sim ? `; markers: ${ruleOf(sim).label} simulation, seed mean ± sd, ${seedsNote(sim)}${markerNote(sim)}` : ''})`, font: { size: 13 } },
    xaxis: logAxis(axisValues(data.filter((d) => !d.name.startsWith('snapshot')), 'x'), { title: { text: 't = μ/D' }, anchor: 'y' }),
    yaxis: { title: { text: 'angle (degrees)' }, range: [0, 180], dtick: 30, anchor: 'x' },
    legend: { x: 1.02, y: 1, xanchor: 'left', font: { size: 10 }, groupclick: 'toggleitem', tracegroupgap: 12 },
    annotations: [] as unknown[],
  };

  const twoD = o0.K === 2 && snapIdx.length > 0;
  let height = 600;
  if (twoD) {
    // panel 2d: unit vectors at the snapshot times, one square panel each
    (layout.yaxis as Record<string, unknown>).domain = [0.5, 1];
    height = 900;
    const n = snapIdx.length;
    const gap = 0.03;
    const w = (1 - gap * (n - 1)) / n;
    const teacherKey = (v: number[]) => v.map((x) => x.toFixed(12)).join(',');
    const seen = new Set<string>([teacherKey(Array.from(o0.W2t))]);
    const others = copies.filter((c) => {
      const k = teacherKey(c.W2);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    // a caption over the row of panels says what they show
    (layout.annotations as unknown[]).push({
      text: `Fig. 2d — unit vectors at the dashed times above (${label}): W2 (student), f (adaptive feedback), W̃2 (teacher); dotted: the other degenerate solutions`,
      xref: 'paper', yref: 'paper', x: 0, xanchor: 'left', y: 0.395, showarrow: false, font: { size: 12 },
    });
    // the legend of the panels: one entry per kind of vector, without data (no CSV rows)
    ARROWS.forEach((style, k) => data.push(legendKey(style.name, {
      mode: 'lines+markers', xaxis: 'x2', yaxis: 'y2', ...arrowStyle(style), marker: { size: 7, color: style.color },
      legendgroup: 'snapshots', ...(k === 0 ? { legendgrouptitle: { text: 'Fig. 2d panels (unit vectors)' } } : {}),
    })));
    snapIdx.forEach((i, j) => {
      const ax = j + 2;
      const xa = `x${ax}`, ya = `y${ax}`;
      const o = theory.states[i];
      const t = theory.times[i];
      const box = { range: [-1.4, 1.4], showticklabels: false, zeroline: true, zerolinecolor: '#ccc', showgrid: false, showline: true, mirror: true, linecolor: '#999' };
      layout[`xaxis${ax}`] = { ...box, domain: [j * (w + gap), j * (w + gap) + w], anchor: ya };
      layout[`yaxis${ax}`] = { ...box, domain: [0, 0.32], anchor: xa, scaleanchor: xa };
      (layout.annotations as unknown[]).push({ text: `t = ${fmtT(t)}`, xref: `${xa} domain`, yref: `${ya} domain`, x: 0.5, y: 1.1, showarrow: false, font: { size: 12 } });
      // each vector labelled at its tip (the legend has one entry per kind, above)
      const arrow = (v: ArrayLike<number>, name: string, style: (typeof ARROWS)[number]) => {
        const u = unit(v);
        if (!u) return;
        data.push({
          name, type: 'scatter', mode: style.tip ? 'lines+markers+text' : 'lines+markers', x: [0, u[0]], y: [0, u[1]], xaxis: xa, yaxis: ya,
          ...arrowStyle(style),
          ...(style.tip ? { text: ['', style.tip], textposition: `${(u[1] >= 0) !== style.below ? 'top' : 'bottom'} ${u[0] >= 0 ? 'right' : 'left'}`, textfont: { color: style.color, size: 12 }, cliponaxis: false } : {}),
          showlegend: false, legendgroup: 'snapshots',
        });
      };
      const tl = `t=${fmtT(t)}`;
      for (const c of others) arrow(c.W2, `${tl} degenerate copy ${c.W2.map((x) => x.toFixed(2)).join(',')}`, ARROWS[0]);
      arrow(o.W2t, `${tl} ${ARROWS[1].name}`, ARROWS[1]);
      arrow(o.f, `${tl} ${ARROWS[2].name}`, ARROWS[2]);
      arrow(o.W2, `${tl} ${ARROWS[3].name}`, ARROWS[3]);
    });
  } else if (o0.K !== 2) {
    (layout.annotations as unknown[]).push({ text: `unit-vector snapshots are drawn for K = 2 only (K = ${o0.K})`, xref: 'paper', yref: 'paper', x: 0, y: -0.15, showarrow: false });
  }
  return { title: 'Fig. 2c: alignment angles', data, layout, width: 1100, height };
}
