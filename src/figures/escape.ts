/**
 * Escape from a plateau (a saddle of the ODEs): measured escape time against ln(1/δ) for starts a
 * distance δ along the unstable eigenvector, with the prediction (1/λ_u)·ln(1/δ) + c (c fitted).
 */
import type { EscapeStudy } from '../app/fixedPoint.ts';
import type { FigureSpec } from './html.ts';

export const ESCAPE_TRACES = { measured: 'measured escape time', predicted: 'predicted (1/λ_u)·ln(1/δ) + c' } as const;

export function escapeFigure(s: EscapeStudy, title = 'Escape from the plateau'): FigureSpec {
  const x = s.deltas.map((d) => Math.log(1 / d));
  return {
    title,
    data: [
      { name: ESCAPE_TRACES.measured, type: 'scatter', mode: 'markers', x, y: s.measured, marker: { size: 9, color: '#1f77b4' } },
      { name: ESCAPE_TRACES.predicted, type: 'scatter', mode: 'lines', x, y: s.predicted, line: { color: '#d62728', dash: 'dash' } },
    ],
    layout: {
      title: { text: `${title}: slope ${s.measuredSlope.toPrecision(5)} measured vs 1/λ_u = ${s.predictedSlope.toPrecision(5)} predicted (λ_u = ${s.lambdaU.toPrecision(4)})` },
      xaxis: { title: { text: 'ln(1/δ)  (δ: initial distance along the unstable eigenvector)' } },
      yaxis: { title: { text: 'escape time t_esc (εg below half its plateau value)' } },
      legend: { x: 0.02, y: 0.98 },
    },
  };
}
