/**
 * The figure of a merged sweep (sweep.html / sweep.png / sweep.svg), two panels:
 *   left   εg(t) of every point (theory lines; simulations as the seed mean when there is no
 *          theory), coloured by one swept key (spec.figure.color, default the first swept key);
 *          with metrics.vsRule that rule's curves dashed in the same colours
 *   right  a heatmap of one metric column over two swept keys (spec.figure.heatmap, default the
 *          first two swept keys and the first metric column); the other swept keys are held at
 *          their first value (zip keys travel with x or y when one of them is a zip key); cells
 *          are equal-sized, one per swept value, with their values written in them
 *          (spec.figure.cellValues, default up to 144 cells); the colour bar is titled with the
 *          metric in words and its unit (metricLabel). With a single swept key, the metric against
 *          it as a line (logX/logY set its axes).
 * Axis titles name the swept keys in words (keyLabel); log axes are labelled at every decade.
 */
import { axisValues, logAxis } from '../figures/axes.ts';
import type { FigureSpec, Trace } from '../figures/html.ts';
import { legendKey } from '../figures/traces.ts';
import { ruleById, type RuleId } from '../core/rules/index.ts';
import { metricLabel } from './metrics.ts';
import { sweptKeys, type SweepPoint } from './points.ts';
import type { SweepSpec } from './spec.ts';

export interface PointCurves {
  point: SweepPoint;
  theory: { t: number[]; eg: number[] } | null;
  /** the metrics.vsRule solution of the point */
  other?: { rule: string; t: number[]; eg: number[] } | null;
  sim: { t: number[]; eg: number[] }[];
  metrics: Record<string, number | null>;
}

// viridis, 9 stops
const VIRIDIS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'];

function paletteColor(rank: number, count: number): string {
  return VIRIDIS[count <= 1 ? 0 : Math.round((rank * (VIRIDIS.length - 1)) / (count - 1))];
}

const label = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Words for the config keys most often swept (axis and legend titles); others as their path. */
const KEY_WORDS: Record<string, string> = {
  eta: 'learning rate η',
  eta2: 'second-layer rate η₂',
  noise: 'label noise σ',
  K: 'student hidden units K',
  M: 'teacher hidden units M',
  D: 'input dimension D',
  rule: 'learning rule',
  activation: 'activation g',
  tmax: 't_max',
  'init.feedback.std': 'feedback std s_F',
  'init.student.W1std': 'initial student W1 std',
  'init.seed': 'init seed',
  'sim.seed': 'data-stream seed',
  'mirror.rate': 'mirror rate η_m',
  'mirror.noise': 'mirror noise σ_n',
  'mirror.decay': 'mirror decay λ_m',
  'mirror.pre': 'pre-mirroring time t_pre',
  'weightDecay.W1': 'weight decay λ₁ of W1',
  'weightDecay.W2': 'weight decay λ₂ of W2',
};

/** A swept key in words, e.g. "init.feedback.std" → "feedback std s_F". */
export function keyLabel(key: string): string {
  return KEY_WORDS[key] ?? key;
}

/** Heatmaps with at most this many cells get their values written in (default of figure.cellValues). */
const MAX_LABELLED_CELLS = 144;

/** Distinct values of a swept key in spec order. */
function distinct(points: SweepPoint[], key: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const p of points) {
    const k = JSON.stringify(p.values[key]);
    if (!seen.has(k)) seen.set(k, p.values[key]);
  }
  return [...seen.values()];
}

const ruleName = (id: string) => ruleById(id as RuleId)?.label ?? id;

/** Break a long colour-bar title at spaces into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('<br>');
}

function meanCurve(runs: { t: number[]; eg: number[] }[]): { t: number[]; eg: number[] } | null {
  if (!runs.length) return null;
  const n = Math.min(...runs.map((r) => r.t.length));
  const t = runs[0].t.slice(0, n);
  const eg = t.map((_, i) => runs.reduce((s, r) => s + r.eg[i], 0) / runs.length);
  return { t, eg };
}

export function sweepFigure(spec: SweepSpec, curves: PointCurves[], metricCols: string[]): FigureSpec {
  const keys = sweptKeys(spec);
  const points = curves.map((c) => c.point);
  const colorKey = spec.figure.color && keys.includes(spec.figure.color) ? spec.figure.color : keys[0];
  const colorValues = distinct(points, colorKey);
  const data: Trace[] = [];
  const shown = new Set<string>();
  const positive = (curve: { t: number[]; eg: number[] }) => {
    const keep = curve.t.map((t, i) => t > 0 && curve.eg[i] > 0);
    return { x: curve.t.filter((_, i) => keep[i]), y: curve.eg.filter((_, i) => keep[i]) };
  };
  const others: Trace[] = [];
  for (const c of curves) {
    const curve = c.theory ?? meanCurve(c.sim);
    if (!curve) continue;
    const v = JSON.stringify(c.point.values[colorKey]);
    const rank = colorValues.findIndex((x) => JSON.stringify(x) === v);
    const color = paletteColor(rank, colorValues.length);
    data.push({
      name: `${keyLabel(colorKey)} = ${label(c.point.values[colorKey])}`,
      legendgroup: v,
      showlegend: !shown.has(v),
      type: 'scatter', mode: 'lines', ...positive(curve),
      line: { color, width: 1.5 },
      hovertext: c.point.id,
    });
    shown.add(v);
    if (c.other) {
      others.push({
        name: `${c.point.id} ${ruleName(c.other.rule)} ODE`, legendgroup: v, showlegend: false,
        type: 'scatter', mode: 'lines', ...positive(c.other), line: { color, width: 1.2, dash: 'dash' }, hovertext: `${c.point.id} (${ruleName(c.other.rule)})`,
      });
    }
  }
  if (others.length) {
    // after the point's own curves, with one legend entry saying what the dashes are
    data.push(...others, legendKey(`dashed: ${ruleName(curves.find((c) => c.other)!.other!.rule)} ODE (metrics.vsRule)`, { mode: 'lines', line: { color: '#555555', dash: 'dash', width: 1.2 } }));
  }

  const hm = spec.figure.heatmap;
  const metric = hm?.metric ?? metricCols[0];
  const xKey = hm?.x ?? keys[0];
  const yKey = hm?.y ?? keys[1];
  const metricText = metric === undefined ? '' : metricLabel(metric);
  const layout: Record<string, unknown> = {
    title: { text: `Sweep: εg(t) by ${keyLabel(colorKey)}${metricText ? `; ${metricText}` : ''}`, font: { size: 14 } },
    xaxis: logAxis(axisValues(data, 'x'), { title: { text: 't = μ/D' }, domain: [0, 0.42] }),
    yaxis: logAxis(axisValues(data, 'y'), { title: { text: 'εg' } }),
    // below the curves, so that long entries never run into the right panel
    legend: { orientation: 'h', x: 0, y: -0.22, xanchor: 'left', yanchor: 'top', font: { size: 10 } },
    margin: { t: 60, b: 130 },
  };
  // the point of each (x, y) cell: other swept keys at their first value (zip keys move together,
  // so when x or y is a zip key every zip key is free)
  const zipKeys = Object.keys(spec.zip);
  const free = new Set([xKey, yKey, ...(zipKeys.includes(xKey) || zipKeys.includes(yKey) ? zipKeys : [])]);
  const firstOf = Object.fromEntries(keys.map((k) => [k, JSON.stringify(distinct(points, k)[0])]));
  const cellPoints = curves.filter((c) => keys.every((k) => free.has(k) || JSON.stringify(c.point.values[k]) === firstOf[k]));
  const axisValuesOf = (key: string) => {
    const vals = distinct(points, key);
    const numeric = vals.every((v) => typeof v === 'number');
    return { vals, numeric, coord: (v: unknown) => (numeric ? (v as number) : vals.findIndex((x) => JSON.stringify(x) === JSON.stringify(v))) };
  };
  const ax = axisValuesOf(xKey);
  const axisLayout = (key: string, a: ReturnType<typeof axisValuesOf>, log: boolean) => (
    log && a.numeric
      ? logAxis(a.vals as number[], { title: { text: keyLabel(key) } })
      : { title: { text: keyLabel(key) }, ...(a.numeric ? {} : { tickvals: a.vals.map((_, i) => i), ticktext: a.vals.map(label) }) });
  if (yKey !== undefined && yKey !== xKey) {
    const xv = distinct(points, xKey), yv = distinct(points, yKey);
    const cell = (x: unknown, y: unknown) => cellPoints.find((p) => JSON.stringify(p.point.values[xKey]) === JSON.stringify(x) && JSON.stringify(p.point.values[yKey]) === JSON.stringify(y));
    const num = (m: number | null | undefined) => (m === null || m === undefined ? NaN : m);
    const z = yv.map((y) => xv.map((x) => num(cell(x, y)?.metrics[metric])));
    const values = spec.figure.cellValues ?? xv.length * yv.length <= MAX_LABELLED_CELLS;
    // a vsRule gap on a point where a curve has not left its plateau by t_max is marked "*"
    const flagged = metric.startsWith('theory.maxAbsLnRatioVs_') ? yv.map((y) => xv.map((x) => cell(x, y)?.metrics['theory.onPlateauAtTmax'] === 1)) : null;
    const text = yv.map((y, i) => xv.map((x, j) => {
      const v = z[i][j];
      return Number.isFinite(v) ? `${Number(v.toPrecision(3))}${flagged?.[i][j] ? ' *' : ''}` : '';
    }));
    if (flagged?.some((r) => r.some(Boolean))) {
      layout.annotations = [{ text: '* a curve is still on its initial plateau at t_max (either rule)', xref: 'x2 domain', yref: 'y2 domain', x: 0, y: 1.01, xanchor: 'left', yanchor: 'bottom', showarrow: false, font: { size: 11 } }];
    }
    data.push({
      name: metric, type: 'heatmap', xaxis: 'x2', yaxis: 'y2', colorscale: 'Viridis',
      x: xv.map((_, i) => i), y: yv.map((_, i) => i), z,
      colorbar: { title: { text: wrap(metricText, 40), side: 'right' }, x: 1.0 },
      ...(values ? { text, texttemplate: '%{text}', textfont: { size: 10 } } : {}),
      hovertemplate: `${keyLabel(xKey)} = %{customdata[0]}<br>${keyLabel(yKey)} = %{customdata[1]}<br>${metricText} = %{z}<extra></extra>`,
      customdata: yv.map((y) => xv.map((x) => [label(x), label(y)])),
    });
    const cat = (key: string, vals: unknown[]) => ({ title: { text: keyLabel(key) }, tickvals: vals.map((_, i) => i), ticktext: vals.map(label) });
    layout.xaxis2 = { ...cat(xKey, xv), domain: [0.58, 0.95], anchor: 'y2' };
    layout.yaxis2 = { ...cat(yKey, yv), anchor: 'x2' };
  } else {
    const xs: number[] = [], ys: number[] = [];
    for (const c of cellPoints) {
      const m = c.metrics[metric];
      xs.push(ax.coord(c.point.values[xKey]));
      ys.push(m === null || m === undefined ? NaN : m);
    }
    data.push({ name: metric, type: 'scatter', mode: 'lines+markers', xaxis: 'x2', yaxis: 'y2', x: xs, y: ys, line: { color: '#1f5fbf' }, showlegend: false });
    layout.xaxis2 = { ...axisLayout(xKey, ax, hm?.logX ?? false), domain: [0.58, 1], anchor: 'y2' };
    layout.yaxis2 = hm?.logY ? logAxis(ys, { title: { text: metricText }, anchor: 'x2' }) : { title: { text: metricText }, anchor: 'x2' };
  }
  return { title: 'pepita-ode sweep', data, layout, width: 1200, height: 600 };
}
