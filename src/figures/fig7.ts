/**
 * Fig. 7: norm of the adaptive feedback ‖f‖ = ‖W1F‖/D vs t (log t): theory lines (AFA ODE, and the
 * PEPITA ODE when given) and simulation markers (seed mean ± sd).
 */
import { feedbackNormOf } from '../compare/seedStats.ts';
import type { CurvesInput } from './fig2b.ts';
import type { FigureSpec, Trace } from './html.ts';
import { COLORS, seedsNote, simMarkers, theoryLine } from './traces.ts';

export const FIG7_TRACES = {
  theoryAfa: 'theory: AFA ODE',
  theoryPepita: 'theory: PEPITA ODE',
  simPepita: 'simulation: PEPITA',
  simAfa: 'simulation: AFA',
} as const;

export function fig7Spec(input: CurvesInput, subtitle = ''): FigureSpec {
  const data: Trace[] = [];
  // markers first, lines on top: the theory stays visible through dense markers
  if (input.sims.pepita) data.push(simMarkers(input.sims.pepita, feedbackNormOf, FIG7_TRACES.simPepita, COLORS.pepita, 'circle'));
  if (input.sims.afa) data.push(simMarkers(input.sims.afa, feedbackNormOf, FIG7_TRACES.simAfa, COLORS.afa, 'x'));
  if (input.theory.afa) data.push(theoryLine(input.theory.afa, feedbackNormOf, FIG7_TRACES.theoryAfa, COLORS.afa));
  if (input.theory.pepita) data.push(theoryLine(input.theory.pepita, feedbackNormOf, FIG7_TRACES.theoryPepita, COLORS.pepita, { dash: 'dash' }));
  const sim = input.sims.pepita ?? input.sims.afa;
  return {
    title: 'Fig. 7: norm of the adaptive feedback',
    data,
    layout: {
      title: { text: `Fig. 7 — ‖f‖ = ‖W1F‖/D vs t${subtitle ? ` (${subtitle})` : ''}${sim ? `; markers: seed mean ± sd, ${seedsNote(sim)}` : ''}`, font: { size: 14 } },
      xaxis: { type: 'log', title: { text: 't = μ/D' }, exponentformat: 'power' },
      yaxis: { title: { text: '‖f‖' }, rangemode: 'tozero' },
      legend: { x: 0.01, y: 0.99, bgcolor: 'rgba(255,255,255,0.8)' },
    },
    width: 900,
    height: 600,
  };
}
