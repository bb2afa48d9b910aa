/**
 * The weight-mirroring figure (`pepita-ode mirror`, src/compare/mirrorStudy.ts): three panels vs t
 * (log t) — εg (log), the angle ∠(F, W_tot) of Fig. 3c with W_tot = W1ᵀW2, and ‖f‖ (log) — one colour
 * per variant (fixed F, WM, pre-mirroring + WM, pre-mirroring only): ODE lines, simulation
 * markers (seed mean ± sd) when simulated. Trace names: `<panel> — theory: <variant>` and
 * `<panel> — simulation: <variant>`, panel ∈ {εg, ∠(F, W_tot), ‖f‖}.
 */
import { egOf, feedbackNormOf, type RowScalar } from '../compare/seedStats.ts';
import { feedbackTotalAngleOf, type MirrorStudy, type MirrorVariantId } from '../compare/mirrorStudy.ts';
import type { FigureSpec, Trace } from './html.ts';
import { logAxis } from './axes.ts';
import { markerNote, simMarkers, theoryLine } from './traces.ts';

const VARIANT_STYLE: Record<MirrorVariantId, { color: string; symbol: string; dash?: string }> = {
  fixed: { color: '#444444', symbol: 'square' },
  wm: { color: '#1f5fbf', symbol: 'circle' },
  'wm-pre': { color: '#d62728', symbol: 'diamond' },
  pre: { color: '#2ca02c', symbol: 'triangle-up', dash: 'dot' },
};

export const MIRROR_PANELS = ['εg', '∠(F, W_tot)', '‖f‖'] as const;

/**
 * The figure of a mirror study (three panels, see the top of this file).
 * @example
 * ```ts
 * writeFileSync('mirror.html', figureHtml(mirrorFigure(await mirrorStudy(config, { pre: 5 }))));
 * ```
 */
export function mirrorFigure(study: MirrorStudy): FigureSpec {
  const panels: { name: (typeof MIRROR_PANELS)[number]; value: RowScalar; axes: { xaxis?: string; yaxis?: string } }[] = [
    { name: 'εg', value: egOf, axes: {} },
    { name: '∠(F, W_tot)', value: feedbackTotalAngleOf, axes: { xaxis: 'x2', yaxis: 'y2' } },
    { name: '‖f‖', value: feedbackNormOf, axes: { xaxis: 'x3', yaxis: 'y3' } },
  ];
  const markers: Trace[] = [];
  const lines: Trace[] = [];
  panels.forEach((p, pi) => {
    for (const v of study.variants) {
      const st = VARIANT_STYLE[v.id];
      const group = { legendgroup: v.id, showlegend: pi === 0 };
      const sim = study.sims?.[v.id];
      if (sim) markers.push({ ...simMarkers(sim, p.value, `${p.name} — simulation: ${v.label}`, st.color, st.symbol, { logX: true, ...p.axes }), ...group });
      lines.push({ ...theoryLine(study.theory[v.id], p.value, `${p.name} — theory: ${v.label}`, st.color, { logX: true, dash: st.dash, ...p.axes }), ...group });
    }
  });
  const c = study.config;
  const m = study.variants[1].mirror;
  const sim = study.sims?.wm;
  const note = sim ? `; markers: simulation at D = ${sim.D}, mean ± sd of ${sim.runs.length} seeds${markerNote(sim)}; lines: ODE` : '; lines: ODE (D → ∞)';
  const title = `Weight mirroring (${study.rule}): K = ${c.K}, M = ${c.M}, η = ${c.eta}, ${c.activation}; η_m = ${m.rate}, σ_n = ${m.noise}, λ_m = ${m.decay}${m.normalise ? ', normalised' : ''}${note}`;
  const dom = [[0, 0.29], [0.355, 0.645], [0.71, 1]];
  // axes fitted to the curves that did not fail, so that a diverging variant runs off the top
  // (it stays in the CSV and in the hover data) instead of flattening the others
  const ok = study.variants.filter((v) => study.theory[v.id].failure === null).map((v) => study.theory[v.id]);
  // whole decades around those curves, every decade labelled (axes.ts)
  const values = (value: RowScalar) => ok.flatMap((th) => Array.from(th.times, (t, i) => (t > 0 ? value(th.states[i], th.eg[i]) : NaN)));
  const egValues = values(egOf), fValues = values(feedbackNormOf);
  const times = ok.flatMap((th) => Array.from(th.times));
  const tAxis = (extra: Record<string, unknown>) => logAxis(times, { title: { text: 't = μ/D' }, ...extra });
  return {
    title: 'Weight mirroring',
    data: [...markers, ...lines],
    layout: {
      title: { text: title, font: { size: 13 } },
      xaxis: tAxis({ domain: dom[0] }),
      yaxis: logAxis(egValues, { title: { text: 'εg' } }),
      xaxis2: tAxis({ domain: dom[1], anchor: 'y2' }),
      yaxis2: { title: { text: '∠(F, W_tot = W1ᵀW2) [deg]' }, range: [0, 180], anchor: 'x2' },
      xaxis3: tAxis({ domain: dom[2], anchor: 'y3' }),
      yaxis3: logAxis(fValues, { title: { text: '‖f‖ = ‖W1F‖/D' }, anchor: 'x3' }),
      legend: { orientation: 'h', x: 0, y: -0.16, xanchor: 'left', yanchor: 'top' },
      margin: { t: 60, b: 130 },
    },
    width: 1500,
    height: 600,
  };
}
