/**
 * Eigenvalues of a small real nonsymmetric matrix (the Jacobian at a fixed point): Householder
 * reduction to Hessenberg form, then the shifted QR algorithm in complex arithmetic with
 * Wilkinson shifts and deflation (Golub & Van Loan, Sect. 7.4–7.5, single-shift complex variant).
 * Why not mathjs `eigs`: mathjs is a development dependency only (and costs a second to import);
 * it stays the independent check of this routine in test/core/linalg.test.ts. The Householder
 * reduction (`hessenberg`) is also the first half of the symmetric eigen-solver (symmetricEigen.ts).
 */

export interface Complex {
  re: number;
  im: number;
}

/** Eigenvalues of a row-major n×n real matrix, in no particular order. Throws if QR does not converge. */
export function eigenvalues(A: Float64Array, n: number): Complex[] {
  const H = A.slice(0, n * n);
  hessenberg(H, n);
  const re = H;
  const im = new Float64Array(n * n);
  const out: Complex[] = new Array(n);
  const cs = new Float64Array(n);
  const snRe = new Float64Array(n);
  const snIm = new Float64Array(n);
  let hi = n - 1;
  let iter = 0;
  let total = 0;
  while (hi >= 0) {
    if (hi === 0) {
      out[0] = { re: re[0], im: im[0] };
      break;
    }
    // deflate at the lowest negligible subdiagonal entry
    let lo = hi;
    while (lo > 0) {
      const sub = Math.hypot(re[lo * n + lo - 1], im[lo * n + lo - 1]);
      const diag = Math.hypot(re[lo * n + lo], im[lo * n + lo]) + Math.hypot(re[(lo - 1) * n + lo - 1], im[(lo - 1) * n + lo - 1]);
      if (sub <= Number.EPSILON * diag || sub < Number.MIN_VALUE * 1e10) {
        re[lo * n + lo - 1] = 0;
        im[lo * n + lo - 1] = 0;
        break;
      }
      lo--;
    }
    if (lo === hi) {
      out[hi] = { re: re[hi * n + hi], im: im[hi * n + hi] };
      hi--;
      iter = 0;
      continue;
    }
    if (++total > 200 * n) throw new Error('eigenvalues: QR iteration did not converge');
    iter++;
    // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to its last diagonal entry;
    // every 10th iteration an exceptional shift breaks cycles
    let muRe: number, muIm: number;
    if (iter % 10 === 0) {
      muRe = re[hi * n + hi] + Math.abs(re[hi * n + hi - 1]) * 0.75;
      muIm = im[hi * n + hi];
    } else {
      const aRe = re[(hi - 1) * n + hi - 1], aIm = im[(hi - 1) * n + hi - 1];
      const bRe = re[(hi - 1) * n + hi], bIm = im[(hi - 1) * n + hi];
      const cRe = re[hi * n + hi - 1], cIm = im[hi * n + hi - 1];
      const dRe = re[hi * n + hi], dIm = im[hi * n + hi];
      // μ = (a + d)/2 ± √(((a − d)/2)² + bc)
      const hRe = (aRe - dRe) / 2, hIm = (aIm - dIm) / 2;
      const radRe = hRe * hRe - hIm * hIm + (bRe * cRe - bIm * cIm);
      const radIm = 2 * hRe * hIm + (bRe * cIm + bIm * cRe);
      const [sRe, sIm] = complexSqrt(radRe, radIm);
      const mRe = (aRe + dRe) / 2, mIm = (aIm + dIm) / 2;
      const p1Re = mRe + sRe, p1Im = mIm + sIm, p2Re = mRe - sRe, p2Im = mIm - sIm;
      if (Math.hypot(p1Re - dRe, p1Im - dIm) <= Math.hypot(p2Re - dRe, p2Im - dIm)) { muRe = p1Re; muIm = p1Im; } else { muRe = p2Re; muIm = p2Im; }
    }
    // one QR step on the active block [lo, hi]: H − μI = QR, H ← RQ + μI
    for (let k = lo; k <= hi; k++) {
      re[k * n + k] -= muRe;
      im[k * n + k] -= muIm;
    }
    for (let k = lo; k < hi; k++) {
      const aRe = re[k * n + k], aIm = im[k * n + k];
      const bRe = re[(k + 1) * n + k], bIm = im[(k + 1) * n + k];
      const absA = Math.hypot(aRe, aIm), absB = Math.hypot(bRe, bIm);
      const r = Math.hypot(absA, absB);
      let c: number, sR: number, sI: number;
      if (r === 0) { c = 1; sR = 0; sI = 0; }
      else if (absA === 0) { c = 0; sR = bRe / absB; sI = -bIm / absB; }
      else {
        // c = |a|/r, s = (a/|a|)·conj(b)/r: [c s; −s̄ c]·[a; b] = [·; 0]
        c = absA / r;
        const uRe = aRe / absA, uIm = aIm / absA;
        sR = (uRe * bRe + uIm * bIm) / r;
        sI = (uIm * bRe - uRe * bIm) / r;
      }
      cs[k] = c; snRe[k] = sR; snIm[k] = sI;
      for (let j = k; j <= hi; j++) {
        const xRe = re[k * n + j], xIm = im[k * n + j];
        const yRe = re[(k + 1) * n + j], yIm = im[(k + 1) * n + j];
        re[k * n + j] = c * xRe + (sR * yRe - sI * yIm);
        im[k * n + j] = c * xIm + (sR * yIm + sI * yRe);
        re[(k + 1) * n + j] = -(sR * xRe + sI * xIm) + c * yRe;
        im[(k + 1) * n + j] = -(sR * xIm - sI * xRe) + c * yIm;
      }
    }
    for (let k = lo; k < hi; k++) {
      const c = cs[k], sR = snRe[k], sI = snIm[k];
      const top = Math.min(k + 2, hi);
      for (let i = lo; i <= top; i++) {
        const xRe = re[i * n + k], xIm = im[i * n + k];
        const yRe = re[i * n + k + 1], yIm = im[i * n + k + 1];
        // [x y]·[c −s; s̄ c]
        re[i * n + k] = c * xRe + (sR * yRe + sI * yIm);
        im[i * n + k] = c * xIm + (sR * yIm - sI * yRe);
        re[i * n + k + 1] = -(sR * xRe - sI * xIm) + c * yRe;
        im[i * n + k + 1] = -(sR * xIm + sI * xRe) + c * yIm;
      }
    }
    for (let k = lo; k <= hi; k++) {
      re[k * n + k] += muRe;
      im[k * n + k] += muIm;
    }
  }
  return out;
}

function complexSqrt(a: number, b: number): [number, number] {
  const r = Math.hypot(a, b);
  if (r === 0) return [0, 0];
  const x = Math.sqrt((r + Math.abs(a)) / 2);
  if (a >= 0) return [x, b / (2 * x)];
  return [Math.abs(b) / (2 * x), b >= 0 ? x : -x];
}

/**
 * In place: H ← QᵀAQ upper Hessenberg, by Householder reflections (row-major n×n); tridiagonal
 * (to rounding) when A is symmetric. `Q` (n×n, row-major), when given, receives the orthogonal Q.
 */
export function hessenberg(H: Float64Array, n: number, Q?: Float64Array): void {
  const v = new Float64Array(n);
  if (Q) {
    Q.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  }
  for (let k = 0; k < n - 2; k++) {
    let alpha = 0;
    for (let i = k + 1; i < n; i++) alpha += H[i * n + k] * H[i * n + k];
    alpha = Math.sqrt(alpha);
    if (alpha === 0) continue;
    if (H[(k + 1) * n + k] > 0) alpha = -alpha;
    v.fill(0);
    for (let i = k + 1; i < n; i++) v[i] = H[i * n + k];
    v[k + 1] -= alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    // H ← (I − 2vvᵀ/vᵀv) H (I − 2vvᵀ/vᵀv)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i] * H[i * n + j];
      s = (2 * s) / vv;
      for (let i = k + 1; i < n; i++) H[i * n + j] -= s * v[i];
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += H[i * n + j] * v[j];
      s = (2 * s) / vv;
      for (let j = k + 1; j < n; j++) H[i * n + j] -= s * v[j];
    }
    for (let i = k + 2; i < n; i++) H[i * n + k] = 0;
    if (Q) {
      // Q ← Q (I − 2vvᵀ/vᵀv)
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = k + 1; j < n; j++) s += Q[i * n + j] * v[j];
        s = (2 * s) / vv;
        for (let j = k + 1; j < n; j++) Q[i * n + j] -= s * v[j];
      }
    }
  }
}
