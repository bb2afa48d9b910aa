/**
 * Fig. 2b: generalisation error εg vs training time t = μ/D, log–log. Theory lines (AFA ODE and
 * the exact PEPITA ODE), PEPITA simulations (blue dots) and AFA simulations (purple crosses) as
 * seed means with ± sd error bars across seeds.
 */
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { AFA, PEPITA } from '../core/rules/index.ts';
import { egOf } from '../compare/seedStats.ts';
import type { FigureSpec, Trace } from './html.ts';
import { axisValues, logAxis } from './axes.ts';
import { COLORS, markerNote, seedsNote, simMarkers, theoryLine, traceName } from './traces.ts';

/** The PEPITA and AFA solutions of a comparison (a CompareResult that ran both fits). */
export interface CurvesInput {
  theory: { afa?: TheorySolution; pepita?: TheorySolution };
  sims: { pepita?: SimSolution; afa?: SimSolution };
}

type Quantity = Parameters<typeof simMarkers>[1];

/**
 * One quantity of both rules vs t: PEPITA and AFA simulation markers (seed mean ± sd, at most
 * MAX_MARKERS per curve), then the AFA ODE (full) and PEPITA ODE (dashed) lines on top so the
 * theory stays visible. Shared by Fig. 2b (εg) and Fig. 7 (‖f‖). `yaxis` "log" draws a log axis
 * labelled at every decade (axes.ts).
 */
export function overlaySpec(
  input: CurvesInput,
  valueOf: Quantity,
  text: { title: string; heading: string; subtitle: string; yaxis: Record<string, unknown> | { log: true; title: string }; legend: Record<string, unknown> },
): FigureSpec {
  const data: Trace[] = [];
  if (input.sims.pepita) data.push(simMarkers(input.sims.pepita, valueOf, traceName.sim(PEPITA), COLORS.pepita, 'circle'));
  if (input.sims.afa) data.push(simMarkers(input.sims.afa, valueOf, traceName.sim(AFA), COLORS.afa, 'x'));
  if (input.theory.afa) data.push(theoryLine(input.theory.afa, valueOf, traceName.theory(AFA), COLORS.afa));
  if (input.theory.pepita) data.push(theoryLine(input.theory.pepita, valueOf, traceName.theory(PEPITA), COLORS.pepita, { dash: 'dash' }));
  const sim = input.sims.pepita ?? input.sims.afa;
  return {
    title: text.title,
    data,
    layout: {
      title: { text: `${text.heading}${text.subtitle ? ` (${text.subtitle})` : ''}${sim ? `; markers: seed mean ± sd, ${seedsNote(sim)}${markerNote(sim)}` : ''}`, font: { size: 14 } },
      xaxis: logAxis(axisValues(data, 'x'), { title: { text: 't = μ/D' } }),
      yaxis: 'log' in text.yaxis ? logAxis(axisValues(data, 'y'), { title: { text: text.yaxis.title } }) : text.yaxis,
      legend: text.legend,
    },
    width: 900,
    height: 600,
  };
}

/**
 * Fig. 2b: εg(t) of the ODEs (lines) and the simulations (markers, seed mean ± sd) of a comparison.
 * @example
 * ```ts
 * writeFileSync('fig2b.html', figureHtml(fig2bSpec(await compare(config, { rules: ['pepita', 'afa'], cross: true }))));
 * ```
 */
export function fig2bSpec(input: CurvesInput, subtitle = ''): FigureSpec {
  return overlaySpec(input, egOf, {
    title: 'Fig. 2b: generalisation error',
    heading: 'Fig. 2b — εg vs t',
    subtitle,
    yaxis: { log: true, title: 'εg' },
    legend: { x: 0.01, y: 0.01, xanchor: 'left', yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.8)' },
  });
}
