/** Shared by the step-vs-literal tests (newRules, baselines): random weights and a relative max error. */
import type { Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';

/** Weights with i.i.d. normal entries (W2 of std 0.5, F of std 0.8) from `seed`. */
export function randomWeights(K: number, M: number, D: number, seed: number): Weights {
  const r = new Rng(seed);
  const v = (n: number, s: number) => Float64Array.from({ length: n }, () => s * r.normal());
  return { K, M, D, W1: v(K * D, 1), W1t: v(M * D, 1), W2: v(K, 0.5), W2t: v(M, 1), F: v(D, 0.8) };
}

/** max_i |a_i − b_i| / max_i |b_i| */
export function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-300);
}

/** max_i |a_i − b_i| / √(sa_i² + sb_i²) over components with a standard error (the power checks of the mean-step tests). */
export function maxZ(a: ArrayLike<number>, sa: ArrayLike<number>, b: ArrayLike<number>, sb: ArrayLike<number>): number {
  let z = 0;
  for (let i = 0; i < a.length; i++) {
    const den = Math.hypot(sa[i], sb[i]);
    if (den > 0) z = Math.max(z, Math.abs(a[i] - b[i]) / den);
  }
  return z;
}

/** The components where |a − b| ≥ k·√(sa² + sb²), named: the agreement checks of the mean-step tests. */
export function disagreements(names: readonly string[], a: ArrayLike<number>, sa: ArrayLike<number>, b: ArrayLike<number>, sb: ArrayLike<number>, k: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) < k * Math.hypot(sa[i], sb[i]))) bad.push(`${names[i]}: sim ${a[i]} ± ${sa[i]}, theory ${b[i]} ± ${sb[i]}`);
  return bad;
}
