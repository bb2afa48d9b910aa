/**
 * The figure of a merged sweep (sweep.html / sweep.png), two panels:
 *   left   εg(t) of every point (theory lines; simulations as the seed mean when there is no
 *          theory), coloured by one swept key (spec.figure.color, default the first swept key)
 *   right  a heatmap of one metric column over two swept keys (spec.figure.heatmap, default the
 *          first two swept keys and the first metric column); the other swept keys are held at
 *          their first value (zip keys travel with x or y when one of them is a zip key); cells are equal-sized, one per swept value. With a single swept key, the
 *          metric against it as a line (logX/logY set its axes).
 */
import type { FigureSpec, Trace } from '../figures/html.ts';
import { sweptKeys, type SweepPoint } from './points.ts';
import type { SweepSpec } from './spec.ts';

export interface PointCurves {
  point: SweepPoint;
  theory: { t: number[]; eg: number[] } | null;
  sim: { t: number[]; eg: number[] }[];
  metrics: Record<string, number | null>;
}

// viridis, 9 stops
const VIRIDIS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'];

function paletteColor(rank: number, count: number): string {
  return VIRIDIS[count <= 1 ? 0 : Math.round((rank * (VIRIDIS.length - 1)) / (count - 1))];
}

const label = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Distinct values of a swept key in spec order. */
function distinct(points: SweepPoint[], key: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const p of points) {
    const k = JSON.stringify(p.values[key]);
    if (!seen.has(k)) seen.set(k, p.values[key]);
  }
  return [...seen.values()];
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
  for (const c of curves) {
    const curve = c.theory ?? meanCurve(c.sim);
    if (!curve) continue;
    const v = JSON.stringify(c.point.values[colorKey]);
    const rank = colorValues.findIndex((x) => JSON.stringify(x) === v);
    const keep = curve.t.map((t, i) => t > 0 && curve.eg[i] > 0);
    data.push({
      name: `${colorKey} = ${label(c.point.values[colorKey])}`,
      legendgroup: v,
      showlegend: !shown.has(v),
      type: 'scatter', mode: 'lines',
      x: curve.t.filter((_, i) => keep[i]), y: curve.eg.filter((_, i) => keep[i]),
      line: { color: paletteColor(rank, colorValues.length), width: 1.5 },
      hovertext: c.point.id,
    });
    shown.add(v);
  }

  const hm = spec.figure.heatmap;
  const metric = hm?.metric ?? metricCols[0];
  const xKey = hm?.x ?? keys[0];
  const yKey = hm?.y ?? keys[1];
  const layout: Record<string, unknown> = {
    title: { text: `Sweep: εg(t) by ${colorKey}; ${metric}` },
    xaxis: { type: 'log', title: { text: 't' }, domain: [0, 0.42], dtick: 1, exponentformat: 'power' },
    yaxis: { type: 'log', title: { text: 'εg' }, dtick: 1, exponentformat: 'power' },
    legend: { x: 0.43, y: 1, font: { size: 10 } },
  };
  // the point of each (x, y) cell: other swept keys at their first value (zip keys move together,
  // so when x or y is a zip key every zip key is free)
  const zipKeys = Object.keys(spec.zip);
  const free = new Set([xKey, yKey, ...(zipKeys.includes(xKey) || zipKeys.includes(yKey) ? zipKeys : [])]);
  const firstOf = Object.fromEntries(keys.map((k) => [k, JSON.stringify(distinct(points, k)[0])]));
  const cellPoints = curves.filter((c) => keys.every((k) => free.has(k) || JSON.stringify(c.point.values[k]) === firstOf[k]));
  const axisValues = (key: string) => {
    const vals = distinct(points, key);
    const numeric = vals.every((v) => typeof v === 'number');
    return { vals, numeric, coord: (v: unknown) => (numeric ? (v as number) : vals.findIndex((x) => JSON.stringify(x) === JSON.stringify(v))) };
  };
  const ax = axisValues(xKey);
  const axisLayout = (key: string, a: ReturnType<typeof axisValues>, log: boolean) => ({
    title: { text: key },
    ...(log ? { type: 'log' } : {}),
    ...(a.numeric ? {} : { tickvals: a.vals.map((_, i) => i), ticktext: a.vals.map(label) }),
  });
  if (yKey !== undefined && yKey !== xKey) {
    const xv = distinct(points, xKey), yv = distinct(points, yKey);
    const z = yv.map((y) => xv.map((x) => {
      const c = cellPoints.find((p) => JSON.stringify(p.point.values[xKey]) === JSON.stringify(x) && JSON.stringify(p.point.values[yKey]) === JSON.stringify(y));
      const m = c?.metrics[metric];
      return m === null || m === undefined ? NaN : m;
    }));
    data.push({
      name: metric, type: 'heatmap', xaxis: 'x2', yaxis: 'y2', colorscale: 'Viridis',
      x: xv.map((_, i) => i), y: yv.map((_, i) => i), z,
      colorbar: { title: { text: metric, side: 'right' }, x: 1.0 },
      hovertemplate: `${xKey} = %{customdata[0]}<br>${yKey} = %{customdata[1]}<br>${metric} = %{z}<extra></extra>`,
      customdata: yv.map((y) => xv.map((x) => [label(x), label(y)])),
    });
    const cat = (key: string, vals: unknown[]) => ({ title: { text: key }, tickvals: vals.map((_, i) => i), ticktext: vals.map(label) });
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
    layout.yaxis2 = { title: { text: metric }, anchor: 'x2' };
  }
  return { title: 'pepita-ode sweep', data, layout, width: 1200, height: 520 };
}
