/**
 * early.html: the early-time expansions of Supp. E.1 overlaid on the theory (AFA ODE) and the
 * simulations at small t, one panel each for R^km(t), W2^k(t) and f^k(t):
 *   R^km(t) ≈ t·R'^km(0)              (eq. 27)
 *   W2^k(t) ≈ ½t²·W2''^k(0)           (eq. 28 integrated)
 *   f^k(t) ≈ f^k(0) + t·f'^k(0)       (eq. 30 as printed, and corrected)
 */
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import type { EarlyCurves } from '../../theory/early.ts';
import type { FigureSpec, Trace } from './html.ts';
import { component, legendKey, markerNote, ruleOf, ruleStyle, seedsNote, simMarkers, theoryLine } from './traces.ts';

export interface EarlyFigureInput {
  theory: TheorySolution;
  sims: SimSolution[];
  curves: EarlyCurves;
}

const PANEL_TITLES = { R: 'R^km(t)', W2: 'W2^k(t)', f: 'f^k(t)' } as const;
const KEY_GREY = '#555555';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

/**
 * The early-time figure: R, W2 and f from the ODE and the simulations with the expansions of eqs. 27–30 (printed and corrected) overlaid.
 * @example
 * ```ts
 * figureHtml(earlyFigureSpec(await earlyStudy(parseConfig(E1_DEFAULT_CONFIG))));
 * ```
 */
export function earlyFigureSpec(input: EarlyFigureInput): FigureSpec {
  const { theory, sims, curves } = input;
  const { K, M } = theory.states[0];
  const ts = Array.from(theory.times);
  const data: Trace[] = [];
  const panel = (axis: number) => (axis === 1 ? {} : { xaxis: `x${axis}`, yaxis: `y${axis}` });
  // legend: one entry per component (its colour; a click toggles its ODE, expansions and markers)
  // and a key of the line styles, instead of one entry per trace (27 at K = M = 2)
  const addPanel = (axis: number, key: 'R' | 'W2' | 'f', idx: number, label: string, color: string, expansions: { name: string; fn: (t: number) => number; dash: string }[]) => {
    const ax = panel(axis);
    const group = { legendgroup: label, showlegend: false };
    const line = theoryLine(theory, component(key, idx), `${label} theory: ${ruleOf(theory).label} ODE`, color, { logX: false, ...(ax as object) });
    data.push({ ...line, legendgroup: label, ...(idx === 0 ? { legendgrouptitle: { text: PANEL_TITLES[key] } } : {}) });
    for (const e of expansions) {
      data.push({ name: `${label} ${e.name}`, type: 'scatter', mode: 'lines', x: ts, y: ts.map(e.fn), line: { color, dash: e.dash, width: 1.5 }, ...ax, ...group });
    }
    for (const s of sims) {
      data.push({ ...simMarkers(s, component(key, idx), `${label} simulation: ${ruleOf(s).label}`, color, ruleStyle(ruleOf(s)).symbol, { logX: false, ...(ax as object) }), ...group });
    }
  };
  let c = 0;
  for (let k = 0; k < K; k++) {
    for (let m = 0; m < M; m++) {
      const i = k * M + m;
      addPanel(1, 'R', i, `R_${k + 1}_${m + 1}`, PALETTE[c++ % PALETTE.length], [{ name: 'eq. 27: t·dR/dt(0)', fn: (t) => curves.R(t)[i], dash: 'dash' }]);
    }
  }
  c = 0;
  for (let k = 0; k < K; k++) {
    addPanel(2, 'W2', k, `W2_${k + 1}`, PALETTE[c++ % PALETTE.length], [{ name: 'eq. 28: ½t²·d²W2/dt²(0)', fn: (t) => curves.W2(t)[k], dash: 'dash' }]);
  }
  c = 0;
  for (let k = 0; k < K; k++) {
    addPanel(3, 'f', k, `f_${k + 1}`, PALETTE[c++ % PALETTE.length], [
      { name: 'eq. 30 as printed', fn: (t) => curves.fPaper(t)[k], dash: 'dot' },
      { name: 'eq. 30 corrected', fn: (t) => curves.fCorrected(t)[k], dash: 'dash' },
    ]);
  }
  const key = (name: string, style: Record<string, unknown>, first = false) => data.push(legendKey(name, {
    legendgroup: 'styles', ...(first ? { legendgrouptitle: { text: 'line styles' } } : {}), ...style,
  }));
  key(`full: ${ruleOf(theory).label} ODE`, { mode: 'lines', line: { color: KEY_GREY, width: 2 } }, true);
  key('dashed: eqs. 27, 28, 30 corrected', { mode: 'lines', line: { color: KEY_GREY, dash: 'dash', width: 1.5 } });
  key('dotted: eq. 30 as printed', { mode: 'lines', line: { color: KEY_GREY, dash: 'dot', width: 1.5 } });
  for (const sm of sims) key(`markers: ${ruleOf(sm).label} simulation (seed mean ± sd)`, { mode: 'markers', marker: { color: KEY_GREY, symbol: ruleStyle(ruleOf(sm)).symbol, size: 7 } });
  const note = sims.length ? `; markers: simulations, seed mean ± sd, ${seedsNote(sims[0])}${markerNote(sims[0])}` : '';
  return {
    title: 'Early-time expansion (Supp. E.1, eqs. 27–30)',
    data,
    layout: {
      title: { text: `Early-time expansion (Supp. E.1): lines = AFA ODE, dashed/dotted = eqs. 27, 28, 30${note}`, font: { size: 13 } },
      grid: { rows: 1, columns: 3, pattern: 'independent' },
      xaxis: { title: { text: 't' }, domain: [0, 0.3] },
      yaxis: { title: { text: 'R^km(t)' } },
      xaxis2: { title: { text: 't' }, domain: [0.35, 0.65] },
      yaxis2: { title: { text: 'W2^k(t)' }, anchor: 'x2' },
      xaxis3: { title: { text: 't' }, domain: [0.7, 1] },
      yaxis3: { title: { text: 'f^k(t)' }, anchor: 'x3' },
      // one column at the right: per panel its components (a title above the first), then the key
      legend: { x: 1.02, y: 1, xanchor: 'left', font: { size: 11 }, tracegroupgap: 3 },
    },
    width: 1600,
    height: 620,
  };
}
