/**
 * Fig. 2b: generalisation error εg vs training time t = μ/D, log–log. Theory lines (AFA ODE and
 * the exact PEPITA ODE), PEPITA simulations (blue dots) and AFA simulations (purple crosses) as
 * seed means with ± sd error bars across seeds.
 */
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { egOf } from '../compare/seedStats.ts';
import type { FigureSpec, Trace } from './html.ts';
import { COLORS, seedsNote, simMarkers, theoryLine } from './traces.ts';

export interface CurvesInput {
  theory: { afa?: TheorySolution; pepita?: TheorySolution };
  sims: { pepita?: SimSolution; afa?: SimSolution };
}

export const FIG2B_TRACES = {
  theoryAfa: 'theory: AFA ODE',
  theoryPepita: 'theory: PEPITA ODE',
  simPepita: 'simulation: PEPITA',
  simAfa: 'simulation: AFA',
} as const;

export function fig2bSpec(input: CurvesInput, subtitle = ''): FigureSpec {
  const data: Trace[] = [];
  // markers first, lines on top: the theory stays visible through dense markers
  if (input.sims.pepita) data.push(simMarkers(input.sims.pepita, egOf, FIG2B_TRACES.simPepita, COLORS.pepita, 'circle'));
  if (input.sims.afa) data.push(simMarkers(input.sims.afa, egOf, FIG2B_TRACES.simAfa, COLORS.afa, 'x'));
  if (input.theory.afa) data.push(theoryLine(input.theory.afa, egOf, FIG2B_TRACES.theoryAfa, COLORS.afa));
  if (input.theory.pepita) data.push(theoryLine(input.theory.pepita, egOf, FIG2B_TRACES.theoryPepita, COLORS.pepita, { dash: 'dash' }));
  const sim = input.sims.pepita ?? input.sims.afa;
  return {
    title: 'Fig. 2b: generalisation error',
    data,
    layout: {
      title: { text: `Fig. 2b — εg vs t${subtitle ? ` (${subtitle})` : ''}${sim ? `; markers: seed mean ± sd, ${seedsNote(sim)}` : ''}`, font: { size: 14 } },
      xaxis: { type: 'log', title: { text: 't = μ/D' }, exponentformat: 'power' },
      yaxis: { type: 'log', title: { text: 'εg' }, exponentformat: 'power' },
      legend: { x: 0.01, y: 0.01, xanchor: 'left', yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.8)' },
    },
    width: 900,
    height: 600,
  };
}
