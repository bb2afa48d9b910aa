/**
 * Fig. 7: norm of the adaptive feedback ‖f‖ = ‖W1F‖/D vs t (log t): theory lines (AFA ODE, and the
 * PEPITA ODE when given) and simulation markers (seed mean ± sd).
 */
import { feedbackNormOf } from '../compare/seedStats.ts';
import { overlaySpec, type CurvesInput } from './fig2b.ts';
import type { FigureSpec } from './html.ts';

/**
 * Fig. 7: the norm of the adaptive feedback ‖f‖(t), ODE lines and simulation markers.
 * @example
 * ```ts
 * figureHtml(fig7Spec(compareResult));
 * ```
 */
export function fig7Spec(input: CurvesInput, subtitle = ''): FigureSpec {
  return overlaySpec(input, feedbackNormOf, {
    title: 'Fig. 7: norm of the adaptive feedback',
    heading: 'Fig. 7 — ‖f‖ = ‖W1F‖/D vs t',
    subtitle,
    yaxis: { title: { text: '‖f‖' }, rangemode: 'tozero' },
    legend: { x: 0.01, y: 0.99, bgcolor: 'rgba(255,255,255,0.8)' },
  });
}
