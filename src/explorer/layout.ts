/**
 * Plotly layout pieces of the explorer's panels. Log axes are labelled one decade per tick as
 * powers of ten (10⁻³, 10⁻², …) with unlabelled minor ticks between, instead of plotly's default
 * mix of decimals and small "2 5" digits; a span under two decades keeps plotly's automatic
 * 1-2-5 ticks, also written in powers of ten, so short ranges still have labels.
 */

/** Decades spanned by the positive finite values (0 when there are none). */
export function decadesSpanned(values: Iterable<number>): number {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi >= lo ? Math.log10(hi / lo) : 0;
}

export function logAxis(title: string, values: Iterable<number>): Record<string, unknown> {
  const wide = decadesSpanned(values) >= 2;
  return {
    type: 'log', title: { text: title }, exponentformat: 'power', showexponent: 'all',
    ...(wide ? { dtick: 1, minor: { dtick: 'D1', ticks: 'inside', ticklen: 3, showgrid: false } } : {}),
  };
}

export function linearAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'linear', title: { text: title }, exponentformat: 'power', ...extra };
}

/** All x and y values of some traces (for axis decisions). */
export function valuesOf(traces: readonly { x: ArrayLike<number>; y: ArrayLike<number> }[], axis: 'x' | 'y'): number[] {
  const out: number[] = [];
  for (const t of traces) for (let i = 0; i < t[axis].length; i++) out.push(t[axis][i]);
  return out;
}
