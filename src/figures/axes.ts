/**
 * Axes shared by the figures. A log axis is labelled at every decade: its range is widened to
 * whole decades around the values drawn on it (at least two, so a curve that spans 0.015–0.33 reads
 * 10⁻², 10⁻¹, 10⁰ instead of one lonely 10⁻¹), one "10ⁿ" label per decade (dtick 1, power
 * format) and unlabelled minor ticks at 2…9·10ⁿ.
 *
 *   layout.yaxis = logAxis(axisValues(data, 'y'), { title: { text: 'εg' } });
 */
import type { Trace } from './html.ts';

/** Positive finite values of the traces drawn on axis `id` ('x', 'y', 'x2', 'y3', …). */
export function axisValues(data: readonly Trace[], id: string): number[] {
  const letter = id[0] as 'x' | 'y';
  const key = letter === 'x' ? 'xaxis' : 'yaxis';
  const out: number[] = [];
  for (const tr of data) {
    if (((tr[key] as string | undefined) ?? letter) !== id || tr.visible === 'legendonly') continue;
    const vals = tr[letter] as ArrayLike<number | null>;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (typeof v === 'number' && v > 0 && Number.isFinite(v)) out.push(v);
    }
  }
  return out;
}

/** [floor, ceil] of log10 over the values, at least one decade apart; null when there are none. */
export function decadeRange(values: readonly number[]): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(lo <= hi)) return null;
  // 1e-9 slack: a value at exactly 10ⁿ (up to rounding) sits on the boundary decade
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.max(a + 1, Math.ceil(Math.log10(hi) - 1e-9));
  return [a + 0, b + 0]; // never −0
}

/** Layout of a log axis labelled at every decade (see the top of the file), plus `extra` keys. */
export function logAxis(values: readonly number[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const range = decadeRange(values);
  return {
    type: 'log', dtick: 1, exponentformat: 'power',
    minor: { ticks: 'outside', ticklen: 3, showgrid: false },
    ...(range ? { range } : {}),
    ...extra,
  };
}
