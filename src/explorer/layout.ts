/**
 * Plotly layout pieces of the explorer's panels, with readable log axes:
 *   - two decades or more: one labelled tick per decade, written as powers of ten (10⁻³, 10⁻², …),
 *     unlabelled minor ticks between — instead of plotly's mix of decimals and small "2 5" digits;
 *   - a third of a decade to two decades: ticks at 1, 2, 3, 5 (under one decade 1…9) times a power of
 *     ten, labelled as short decimals (0.02, 0.05, 0.1) or m×10ⁿ beyond 10^±3;
 *   - narrower: plotly's own ticks (they are plain decimals there).
 */

/** Range of the positive finite values ([NaN, NaN] when there are none). */
function positiveRange(values: Iterable<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi >= lo ? [lo, hi] : [NaN, NaN];
}

/** Decades spanned by the positive finite values (0 when there are none). */
export function decadesSpanned(values: Iterable<number>): number {
  const [lo, hi] = positiveRange(values);
  return hi >= lo ? Math.log10(hi / lo) : 0;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** m·10^k as a short label: "0.02", "500", "2×10⁻⁵". */
export function tickLabel(m: number, k: number): string {
  if (k >= -3 && k <= 3) return String(Number(`${m}e${k}`));
  const exp = String(k).split('').map((c) => SUPERSCRIPT[c]).join('');
  return m === 1 ? `10${exp}` : `${m}×10${exp}`;
}

/** Tick values and labels m·10^k (m from `mantissas`) inside [lo, hi]. */
export function logTicks(lo: number, hi: number, mantissas: readonly number[]): { tickvals: number[]; ticktext: string[] } {
  const tickvals: number[] = [], ticktext: string[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of mantissas) {
      const v = Number(`${m}e${k}`); // the double nearest m·10^k (m * 10 ** k may be off by an ulp)
      if (v < lo * (1 - 1e-12) || v > hi * (1 + 1e-12)) continue;
      tickvals.push(v);
      ticktext.push(tickLabel(m, k));
    }
  }
  return { tickvals, ticktext };
}

export function logAxis(title: string, values: Iterable<number>): Record<string, unknown> {
  const [lo, hi] = positiveRange(values);
  const span = hi >= lo ? Math.log10(hi / lo) : 0;
  const base = { type: 'log', title: { text: title }, exponentformat: 'power', showexponent: 'all' };
  if (span >= 2) return { ...base, dtick: 1, minor: { dtick: 'D1', ticks: 'inside', ticklen: 3, showgrid: false } };
  if (span >= 1 / 3) return { ...base, tickmode: 'array', ...logTicks(lo, hi, span >= 1 ? [1, 2, 3, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9]) };
  return base;
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
