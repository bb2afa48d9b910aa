/**
 * The one Cholesky factorisation of the package, C = L Lᵀ for a symmetric positive semi-definite
 * n×n row-major C, with what its pivots said (`CholeskyInfo`): how many were tiny (≤ tol·scale,
 * scale = max_i |C_ii|), how many negative beyond that (C indefinite), the first negative one, and
 * the first non-finite entry met. Two orders, one arithmetic (every Schur-complement entry is
 * C_ab − Σ_k L_ak L_bk, subtracted in the order of the steps):
 *
 *   - in field order (no `perm`): L lower triangular, the map z → fields of the Gaussian averages
 *     (src/core/montecarlo.ts, src/core/cubature/backend.ts; wrapped by `choleskyPsd`, the PSD check
 *     of a running solve, below);
 *   - with diagonal pivoting (`perm` given): at each step the largest remaining diagonal of the
 *     Schur complement (ties: the earliest in perm order, or the smallest field with `ties: 'field'`; perm[k] and perm[p] swapped when p wins;
 *     a NaN diagonal is caught when it is the pivot); column k of L belongs to field perm[k], rows
 *     stay in field order. Rank-revealing: once the largest remaining pivot is tiny, so are all the
 *     others (PSD ⇒ |S_ab| ≤ max S_aa). Used for εg (src/core/eg.ts) and for realising overlaps
 *     (src/core/init.ts).
 *
 * A tiny pivot gets a zero column below the diagonal (for a PSD C those entries are rounding noise,
 * |S_ij|² ≤ S_ii·S_jj) and the diagonal √(max(d, 0) + jitter·scale), or 0 when `jitter` is 0 (the
 * field is then dropped: rank-revealing use). Allocation-free; hand-written loops.
 */
import { NumericalError } from '../errors.ts';

/** What the pivots of one factorisation said; reusable (every field is reset by `cholesky`). */
export class CholeskyInfo {
  /** max_i |C_ii| */
  scale = 0;
  /** pivots above tol·scale (the numerical rank) */
  rank = 0;
  /** pivots ≤ tol·scale, negative ones included */
  tiny = 0;
  /** pivots < −tol·scale: C is indefinite beyond rounding */
  negative = 0;
  /** the field of the first negative pivot (−1 when none) and its value */
  firstNegative = -1;
  firstNegativeValue = Number.NaN;
  /**
   * the first non-finite thing met, where the factorisation stopped: "variance" (C[badRow][badRow]),
   * "entry" (C[badRow][badCol]), "pivot" (a pivot of field badRow is NaN); null when none
   */
  nonFinite: 'variance' | 'entry' | 'pivot' | null = null;
  badRow = -1;
  badCol = -1;
}

export interface CholeskyOptions {
  /** pivots ≤ tol·scale count as tiny (zero, up to rounding); < −tol·scale as negative */
  tol: number;
  /** a tiny pivot's diagonal: √(max(d, 0) + jitter·scale); 0 drops the field (diagonal 0) */
  jitter: number;
  /** stop at the first negative pivot (L then holds the columns before it) instead of treating it as tiny */
  stopAtNegative?: boolean;
  /** diagonal pivoting: perm[k] ← the field of step k (n entries). Absent: field order. */
  perm?: Int32Array;
  /**
   * equal pivots, pivoted order: 'position' (default) takes the earliest in perm order, 'field' the
   * smallest field index (the order realised overlaps have always used: the same weights from the same seed)
   */
  ties?: 'position' | 'field';
  /** work matrix for the pivoted order (n×n; overwritten with the Schur complements); allocated when absent */
  work?: Float64Array;
  /** pivots[k] ← the pivot d of step k before its square root (n entries), when given */
  pivots?: Float64Array;
  /** swaps[k] ← the position p swapped with k at step k (pivoted order; n entries), when given: replaying them gives the order at each step */
  swaps?: Int32Array;
}

/**
 * Factor C (n×n, row-major) into L (n×n, row-major, rows in field order; entries above the
 * diagonal of the in-order factor and the columns of dropped or unreached steps are 0). Returns `info`.
 * In field order the work is done in L itself (left-looking); pivoted, in `opts.work` (right-looking).
 */
export function cholesky(C: Float64Array, n: number, L: Float64Array, opts: CholeskyOptions, info: CholeskyInfo = new CholeskyInfo()): CholeskyInfo {
  info.rank = 0;
  info.tiny = 0;
  info.negative = 0;
  info.firstNegative = -1;
  info.firstNegativeValue = Number.NaN;
  info.nonFinite = null;
  info.badRow = -1;
  info.badCol = -1;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const c = C[i * n + i];
    if (!Number.isFinite(c)) {
      info.scale = Number.NaN;
      info.nonFinite = 'variance';
      info.badRow = info.badCol = i;
      return info;
    }
    if (Math.abs(c) > scale) scale = Math.abs(c);
  }
  info.scale = scale;
  L.fill(0, 0, n * n);
  if (scale === 0) {
    // every field is identically zero: L = 0 is exact
    info.tiny = n;
    if (opts.perm) for (let k = 0; k < n; k++) opts.perm[k] = k;
    if (opts.pivots) opts.pivots.fill(0, 0, n);
    return info;
  }
  return opts.perm ? pivoted(C, n, L, opts, info, opts.perm) : inOrder(C, n, L, opts, info);
}

/** Field order, left-looking (Cholesky–Crout): column j from the columns before it. */
function inOrder(C: Float64Array, n: number, L: Float64Array, opts: CholeskyOptions, info: CholeskyInfo): CholeskyInfo {
  const scale = info.scale;
  const tol = opts.tol * scale;
  const jitter = opts.jitter * scale;
  for (let j = 0; j < n; j++) {
    let d = C[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (opts.pivots) opts.pivots[j] = d;
    if (Number.isNaN(d)) return badPivot(info, j);
    if (d <= tol) {
      if (d < -tol) {
        countNegative(info, j, d);
        if (opts.stopAtNegative) return info;
      }
      // tiny: the field is a combination of the previous ones (or dropped); keep that part, no
      // coupling to later fields
      L[j * n + j] = tinyDiagonal(d, jitter);
      for (let i = j + 1; i < n; i++) {
        if (!Number.isFinite(C[i * n + j])) return badEntry(info, i, j);
        L[i * n + j] = 0;
      }
      info.tiny++;
      continue;
    }
    const pivot = Math.sqrt(d);
    L[j * n + j] = pivot;
    info.rank++;
    for (let i = j + 1; i < n; i++) {
      let s = C[i * n + j];
      if (!Number.isFinite(s)) return badEntry(info, i, j);
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / pivot;
    }
  }
  return info;
}

/** Diagonal pivoting, right-looking: the Schur complement S (field indices) updated after each step. */
function pivoted(C: Float64Array, n: number, L: Float64Array, opts: CholeskyOptions, info: CholeskyInfo, perm: Int32Array): CholeskyInfo {
  const scale = info.scale;
  const tol = opts.tol * scale;
  const jitter = opts.jitter * scale;
  const S = opts.work ?? new Float64Array(n * n);
  const byField = opts.ties === 'field';
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(C[i])) return badEntry(info, Math.floor(i / n), i % n);
    S[i] = C[i];
  }
  for (let k = 0; k < n; k++) perm[k] = k;
  for (let k = 0; k < n; k++) {
    // the largest remaining diagonal; ties go to the earliest step position (perm order) or field
    let p = k;
    for (let m = k + 1; m < n; m++) {
      const a = perm[m], b = perm[p];
      const sa = S[a * n + a], sb = S[b * n + b];
      if (sa > sb || (byField && sa === sb && a < b)) p = m;
    }
    const piv = perm[p];
    perm[p] = perm[k];
    perm[k] = piv;
    if (opts.swaps) opts.swaps[k] = p;
    const d = S[piv * n + piv];
    if (opts.pivots) opts.pivots[k] = d;
    if (Number.isNaN(d)) return badPivot(info, piv);
    if (d <= tol) {
      // every remaining pivot is tiny too (d is the largest): zero columns, the jitter on the diagonal
      for (let m = k; m < n; m++) {
        const a = perm[m];
        const da = S[a * n + a];
        if (m > k && opts.pivots) opts.pivots[m] = da;
        if (da < -tol) countNegative(info, a, da);
        L[a * n + m] = tinyDiagonal(da, jitter);
        info.tiny++;
      }
      return info;
    }
    const r = Math.sqrt(d);
    info.rank++;
    // column k = S[:, piv]/√d, the pivot's own entry included (d/√d, within an ulp of √d)
    for (let m = k; m < n; m++) {
      const a = perm[m];
      L[a * n + k] = S[a * n + piv] / r;
    }
    // Schur complement of the remaining fields (both triangles, each S_ab − L_ak L_bk)
    for (let m = k + 1; m < n; m++) {
      const a = perm[m];
      const la = L[a * n + k];
      for (let m2 = k + 1; m2 < n; m2++) {
        const b = perm[m2];
        S[a * n + b] -= la * L[b * n + k];
      }
    }
  }
  return info;
}

/** A negative pivot d of field `field`: counted, and remembered when it is the first. */
function countNegative(info: CholeskyInfo, field: number, d: number): void {
  if (info.negative++ === 0) {
    info.firstNegative = field;
    info.firstNegativeValue = d;
  }
}

/** The diagonal of a tiny pivot d: √(max(d, 0) + jitter) (jitter already scaled), or 0 (the field dropped) without jitter. */
function tinyDiagonal(d: number, jitter: number): number {
  return jitter > 0 ? Math.sqrt((d > 0 ? d : 0) + jitter) : 0;
}

function badPivot(info: CholeskyInfo, field: number): CholeskyInfo {
  info.nonFinite = 'pivot';
  info.badRow = field;
  return info;
}

function badEntry(info: CholeskyInfo, i: number, j: number): CholeskyInfo {
  info.nonFinite = 'entry';
  info.badRow = i;
  info.badCol = j;
  return info;
}

/** Relative pivot threshold below which a covariance counts as singular (negative beyond it: not PSD). */
export const SINGULAR_PIVOT_TOL = 1e-10;
/** Relative jitter put on a singular pivot of a covariance. */
export const SINGULAR_JITTER = 1e-12;

/**
 * The PSD check of a running solve and the map z → fields of the Gaussian averages
 * (docs/averages.md): the in-order lower factor L of the covariance C of the local fields. A
 * pivot below −SINGULAR_PIVOT_TOL·(largest variance) means C is not positive semi-definite: a
 * NumericalError (covariance-not-psd) at time t naming the pivot — unless `clampIndefinite` (the
 * trial stages of an ODE step, which may leave the PSD cone), which treats it like a singular one
 * and counts it in `info.negative`. A pivot within ±SINGULAR_PIVOT_TOL·scale means C is singular up
 * to rounding (ρ a combination of λ's or ν's, two identical student units, a zero field such as
 * W1 = 0): it becomes √(max(d, 0) + SINGULAR_JITTER·scale) with a zero column below it, so the field
 * keeps its dependence on the earlier fields and one variance moves by 1e-12 relative, far below
 * any averaging error. Non-finite entries are a NumericalError too. Returns the number of tiny
 * (jittered) pivots; `info` (reusable: pass one to stay allocation-free) holds the rest.
 */
export function choleskyPsd(C: Float64Array, n: number, L: Float64Array, t = Number.NaN, clampIndefinite = false, info: CholeskyInfo = new CholeskyInfo()): number {
  cholesky(C, n, L, { tol: SINGULAR_PIVOT_TOL, jitter: SINGULAR_JITTER, stopAtNegative: !clampIndefinite }, info);
  if (info.nonFinite !== null) {
    const i = info.badRow, j = info.badCol;
    if (info.nonFinite === 'variance') throw covarianceFailure(t, `non-finite variance C[${i}][${i}] = ${C[i * n + i]}`);
    if (info.nonFinite === 'entry') throw covarianceFailure(t, `non-finite covariance C[${i}][${j}] = ${C[i * n + j]}`);
    throw covarianceFailure(t, 'non-finite entries in the covariance of the local fields');
  }
  if (info.negative > 0 && !clampIndefinite) {
    const d = info.firstNegativeValue;
    throw covarianceFailure(
      t,
      `covariance not positive semi-definite: smallest pivot ${d.toExponential(3)} at field ${info.firstNegative} (relative ${(d / info.scale).toExponential(3)}, tolerance −${SINGULAR_PIVOT_TOL})`,
    );
  }
  return info.tiny;
}

/** The error of a covariance that is not PSD or not finite at time t. */
function covarianceFailure(t: number, message: string): NumericalError {
  return new NumericalError({ code: 'covariance-not-psd', t, quantity: 'covariance', message });
}
