/**
 * Closed-form Gaussian averages for `erf` units (g(x) = erf(x/√2)) and `linear` units
 * (g(x) = x), docs/averages.md (Saad & Solla 1995; paper eq. 26 for I2).
 *
 * Every function takes the flat covariance C (n×n row-major, n = K+M+1, from `covarianceOf`)
 * and indices into it; unit kinds say which nonlinearity sits on which field.
 *
 *   I2(a,b)     = E[g_a(a) g_b(b)]
 *   I3(a,b,c)   = E[g_a'(a) b g_c(c)]          (b is a linear field: λ, ν or ρ)
 *   I4(a,b,c,d) = E[g_a'(a) g_b'(b) g_c(c) g_d(d)]
 *   J2(a,b)     = E[g_a'(a) g_b'(b)]           (the output-noise term, × σ²)
 *
 * Derivation used for every mixed case ("tilting"): for erf, g'(x) = √(2/π) e^{−x²/2}, and
 * multiplying a centred Gaussian density of covariance C by e^{−x_S²/2} (S a set of fields)
 * gives, after normalisation by E[e^{−x_S²/2}] = det(I + C_SS)^{−1/2}, a centred Gaussian with
 * covariance C' = C − C_{·S} (I + C_SS)^{−1} C_{S·}. So an average with g' factors on S is
 * (2/π)^{|S|/2} det(I + C_SS)^{−1/2} times the average without them under C'. Then
 *   E[erf·erf] = (2/π) asin(C_ab/√((1+C_aa)(1+C_bb))),  E[erf(a)·b] = C_ab √(2/π)/√(1+C_aa)
 * (Stein's lemma), E[a·b] = C_ab. For erf–erf this reproduces the I3 and I4 of docs/averages.md exactly:
 * Λ4 = det(I + C_ab-block), Λ0 = Λ4 C'_cd, Λ1 = Λ4 (1 + C'_cc), Λ2 = Λ4 (1 + C'_dd), and for
 * I3, Λ3 = (1+C_aa)(1 + C'_cc).
 *
 * Rounding guards: asin arguments are clamped to [−1, 1], square-root arguments to ≥ 0.
 */
import type { Activation } from './activations.ts';

/** Unit kinds with closed forms. */
export const UNIT_ERF = 0;
export const UNIT_LINEAR = 1;
export type UnitKind = typeof UNIT_ERF | typeof UNIT_LINEAR;

const TWO_OVER_PI = 2 / Math.PI;
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

/** The closed-form kind of an activation, or null when it has none (relu, tanh → numerical averages). */
export function unitKind(a: Activation): UnitKind | null {
  return a.closedForm === null ? null : a.closedForm === 'erf' ? UNIT_ERF : UNIT_LINEAR;
}

/** asin with its argument clamped to [−1, 1] (rounding can push |x| a hair above 1). */
export function safeAsin(x: number): number {
  return Math.asin(x > 1 ? 1 : x < -1 ? -1 : x);
}

/** √max(0, x). */
export function safeSqrt(x: number): number {
  return Math.sqrt(x > 0 ? x : 0);
}

/**
 * E[g_a(a) g_b(b)] for a centred Gaussian pair with variances caa, cbb and covariance cab.
 * The building block of every closed form here.
 */
export function pairAverage(caa: number, cbb: number, cab: number, ka: UnitKind, kb: UnitKind): number {
  if (ka === UNIT_ERF) {
    if (kb === UNIT_ERF) return TWO_OVER_PI * safeAsin(cab / safeSqrt((1 + caa) * (1 + cbb))); // eq. 26
    return (cab * SQRT_TWO_OVER_PI) / safeSqrt(1 + caa);
  }
  if (kb === UNIT_ERF) return (cab * SQRT_TWO_OVER_PI) / safeSqrt(1 + cbb);
  return cab;
}

/** I2(a,b) = E[g_a(λ_a) g_b(λ_b)] (eq. 25; eq. 26 for erf). */
export function I2(C: Float64Array, n: number, a: number, b: number, ka: UnitKind = UNIT_ERF, kb: UnitKind = UNIT_ERF): number {
  return pairAverage(C[a * n + a], C[b * n + b], C[a * n + b], ka, kb);
}

/** I3(a,b,c) = E[g_a'(a) · b · g_c(c)], b a linear field. */
export function I3(C: Float64Array, n: number, a: number, b: number, c: number, ka: UnitKind = UNIT_ERF, kc: UnitKind = UNIT_ERF): number {
  const cbc = C[b * n + c];
  if (ka === UNIT_LINEAR) {
    // g' = 1: E[b g(c)] = C_bc E[g'(c)]
    return kc === UNIT_ERF ? (cbc * SQRT_TWO_OVER_PI) / safeSqrt(1 + C[c * n + c]) : cbc;
  }
  const s = 1 + C[a * n + a];
  const cab = C[a * n + b];
  const cac = C[a * n + c];
  if (kc === UNIT_ERF) {
    // (2/π) (C_bc(1+C_aa) − C_ab C_ac) / ((1+C_aa) √Λ3), Λ3 = (1+C_aa)(1+C_cc) − C_ac²
    const lambda3 = s * (1 + C[c * n + c]) - cac * cac;
    return (TWO_OVER_PI * (cbc * s - cab * cac)) / (s * safeSqrt(lambda3));
  }
  // tilted by a: √(2/π)/√(1+C_aa) · (C_bc − C_ab C_ac/(1+C_aa))
  return (SQRT_TWO_OVER_PI * (cbc - (cab * cac) / s)) / safeSqrt(s);
}

/** I4(a,b,c,d) = E[g_a'(a) g_b'(b) g_c(c) g_d(d)]. a = b is allowed (the diagonal of dQ). */
export function I4(
  C: Float64Array, n: number, a: number, b: number, c: number, d: number,
  ka: UnitKind = UNIT_ERF, kb: UnitKind = UNIT_ERF, kc: UnitKind = UNIT_ERF, kd: UnitKind = UNIT_ERF,
): number {
  const ccc = C[c * n + c], cdd = C[d * n + d], ccd = C[c * n + d];
  if (ka === UNIT_ERF && kb === UNIT_ERF) {
    const pa = 1 + C[a * n + a], pb = 1 + C[b * n + b], cab = C[a * n + b];
    const lambda4 = pa * pb - cab * cab;
    const cac = C[a * n + c], cbc = C[b * n + c], cad = C[a * n + d], cbd = C[b * n + d];
    // Λ4·C' entries: C'_xy = C_xy − [C_xa C_ya (1+C_bb) − C_ab (C_xa C_yb + C_xb C_ya) + C_xb C_yb (1+C_aa)]/Λ4
    const l0 = lambda4 * ccd - (cac * cad * pb - cab * (cac * cbd + cbc * cad) + cbc * cbd * pa);
    const lcc = lambda4 * ccc - (cac * cac * pb - 2 * cab * cac * cbc + cbc * cbc * pa);
    const ldd = lambda4 * cdd - (cad * cad * pb - 2 * cab * cad * cbd + cbd * cbd * pa);
    const norm = TWO_OVER_PI / safeSqrt(lambda4);
    return norm * pairAverage(lcc / lambda4, ldd / lambda4, l0 / lambda4, kc, kd);
  }
  if (ka === UNIT_ERF || kb === UNIT_ERF) {
    const e = ka === UNIT_ERF ? a : b;
    const s = 1 + C[e * n + e];
    const cec = C[e * n + c], ced = C[e * n + d];
    const norm = SQRT_TWO_OVER_PI / safeSqrt(s);
    return norm * pairAverage(ccc - (cec * cec) / s, cdd - (ced * ced) / s, ccd - (cec * ced) / s, kc, kd);
  }
  return pairAverage(ccc, cdd, ccd, kc, kd);
}

/** J2(a,b) = E[g_a'(a) g_b'(b)]: (2/π)/√((1+C_aa)(1+C_bb) − C_ab²) for erf–erf. */
export function J2(C: Float64Array, n: number, a: number, b: number, ka: UnitKind = UNIT_ERF, kb: UnitKind = UNIT_ERF): number {
  if (ka === UNIT_ERF && kb === UNIT_ERF) {
    const cab = C[a * n + b];
    return TWO_OVER_PI / safeSqrt((1 + C[a * n + a]) * (1 + C[b * n + b]) - cab * cab);
  }
  if (ka === UNIT_ERF) return SQRT_TWO_OVER_PI / safeSqrt(1 + C[a * n + a]);
  if (kb === UNIT_ERF) return SQRT_TWO_OVER_PI / safeSqrt(1 + C[b * n + b]);
  return 1;
}
