/**
 * Fixed points (theory/fixedPoint.ts) and the linear algebra under them: the eigenvalue routine
 * against mathjs `eigs` and Newton's identities, the truncated-SVD step on a singular system, Newton
 * on problems with known answers, and the BP teacher solution found stable with εg = 0.
 */
import { eigs } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { rhsOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { generalisationError } from '../../src/core/eg.ts';
import { findFixedPoint, stabilityAt } from '../../theory/fixedPoint.ts';
import type { RhsFunction } from '../../theory/state.ts';
import { eigenvalues } from '../../src/core/linalg/eigenvalues.ts';
import { integrateAuto } from '../../theory/stiff/integrateAuto.ts';
import { solveTruncated, svd } from '../../src/core/linalg/svd.ts';

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647 - 0.5;
  };
}

describe('eigenvalues of a nonsymmetric matrix', () => {
  it('match mathjs eigs on small random matrices (where mathjs converges)', () => {
    const rnd = lcg(11);
    let compared = 0;
    for (const n of [2, 3, 3, 4, 5, 5, 6, 6]) {
      const A = Array.from({ length: n }, () => Array.from({ length: n }, rnd));
      const ours = eigenvalues(Float64Array.from(A.flat()), n);
      let values: unknown[];
      try {
        values = (eigs(A, { eigenvectors: false } as never) as unknown as { values: unknown[] }).values;
      } catch {
        continue; // mathjs' own QR sometimes fails to converge: nothing to compare against
      }
      compared++;
      const ref = values.map((z) => (typeof z === 'number' ? { re: z, im: 0 } : (z as { re: number; im: number })));
      for (const z of ref) {
        const d = Math.min(...ours.map((w) => Math.hypot(w.re - z.re, w.im - z.im)));
        expect(d).toBeLessThan(1e-10);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('recover the eigenvalues of S·diag(blocks)·S⁻¹ (a complex pair, a double root, a zero)', () => {
    // blocks: [[−1, 2], [−2, −1]] (−1 ± 2i), −3, −3, 0, 0.5
    const n = 6;
    const D = new Float64Array(n * n);
    D[0] = -1; D[1] = 2; D[n] = -2; D[n + 1] = -1;
    D[2 * n + 2] = -3; D[3 * n + 3] = -3; D[4 * n + 4] = 0; D[5 * n + 5] = 0.5;
    const rnd = lcg(5);
    const S = Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 2 : 0) + rnd());
    // A = S D S⁻¹: solve Sᵀ Aᵀ = (S D)ᵀ column by column with Gauss–Jordan on S
    const SD = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < n; l++) s += S[i * n + l] * D[l * n + j]; SD[i * n + j] = s; }
    const inv = invert(S, n);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < n; l++) s += SD[i * n + l] * inv[l * n + j]; A[i * n + j] = s; }
    const ev = eigenvalues(A, n).sort((a, b) => a.re - b.re || a.im - b.im);
    const want = [[-3, 0], [-3, 0], [-1, -2], [-1, 2], [0, 0], [0.5, 0]];
    for (let i = 0; i < n; i++) {
      // a double root splits by √(rounding) ≈ 1e-8 at most
      expect(Math.hypot(ev[i].re - want[i][0], ev[i].im - want[i][1])).toBeLessThan(1e-7);
    }
  });

  it("satisfy Newton's identities Σλᵏ = tr(Aᵏ), k = 1..3, on 20×20 (mathjs eigs does not converge there)", () => {
    const rnd = lcg(3);
    const n = 20;
    const A = Float64Array.from({ length: n * n }, rnd);
    const ev = eigenvalues(A, n);
    let P = A.slice();
    for (let k = 1; k <= 3; k++) {
      let tr = 0;
      for (let i = 0; i < n; i++) tr += P[i * n + i];
      let sRe = 0, sIm = 0;
      for (const z of ev) {
        // z^k
        let re = 1, im = 0;
        for (let j = 0; j < k; j++) [re, im] = [re * z.re - im * z.im, re * z.im + im * z.re];
        sRe += re;
        sIm += im;
      }
      expect(Math.abs(sRe - tr)).toBeLessThan(1e-10 * n);
      expect(Math.abs(sIm)).toBeLessThan(1e-10 * n);
      const Q = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let l = 0; l < n; l++) s += P[i * n + l] * A[l * n + j]; Q[i * n + j] = s; }
      P = Q;
    }
  });
});

/** Inverse of a row-major n×n matrix by Gauss–Jordan with partial pivoting (test helper). */
function invert(M: Float64Array, n: number): Float64Array {
  const a = M.slice();
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
    for (let j = 0; j < n; j++) {
      [a[k * n + j], a[p * n + j]] = [a[p * n + j], a[k * n + j]];
      [inv[k * n + j], inv[p * n + j]] = [inv[p * n + j], inv[k * n + j]];
    }
    const d = a[k * n + k];
    for (let j = 0; j < n; j++) { a[k * n + j] /= d; inv[k * n + j] /= d; }
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = a[i * n + k];
      for (let j = 0; j < n; j++) { a[i * n + j] -= f * a[k * n + j]; inv[i * n + j] -= f * inv[k * n + j]; }
    }
  }
  return inv;
}

describe('Newton on RHS = 0', () => {
  it('truncated SVD gives the minimum-norm solution of a singular system', () => {
    // rank 1: [[1, 1], [1, 1]] x = [2, 2] → minimum-norm x = [1, 1]
    const d = svd(new Float64Array([1, 1, 1, 1]), 2);
    const { x, dropped } = solveTruncated(d, new Float64Array([2, 2]), 1e-12);
    expect(dropped).toBe(1);
    expect(Math.abs(x[0] - 1)).toBeLessThan(1e-14);
    expect(Math.abs(x[1] - 1)).toBeLessThan(1e-14);
  });

  it('finds a saddle of a nonlinear system and classifies it', () => {
    // y₁' = y₁ − y₁³ − y₂, y₂' = y₁ − 2y₂: fixed points 0 and ±(1/√2)(1, 1/2)… the origin has
    // J = [[1, −1], [1, −2]], eigenvalues (−1 ± √5)/2 → one unstable (0.618), one stable (−1.618)
    const rhs: RhsFunction = (_t, y, dy) => {
      dy[0] = y[0] - y[0] ** 3 - y[1];
      dy[1] = y[0] - 2 * y[1];
    };
    const fp = findFixedPoint(rhs, new Float64Array([0.05, -0.03]));
    expect(fp.converged).toBe(true);
    expect(Math.hypot(fp.y[0], fp.y[1])).toBeLessThan(1e-12);
    const st = stabilityAt(rhs, fp.y);
    expect([st.unstable, st.neutral, st.stable]).toEqual([1, 0, 1]);
    expect(Math.abs(st.eigenvalues[0].re - (Math.sqrt(5) - 1) / 2)).toBeLessThan(1e-9);
    expect(Math.abs(st.slowestTimeConstant - 2 / (1 + Math.sqrt(5)))).toBeLessThan(1e-9);
    // eigenvector of 0.618 for J: (J − λ)v = 0 → v ∝ (1, 1 − λ)·… check J v = λ v
    const v = st.leadingUnstable!.vector!;
    const lam = st.leadingUnstable!.value.re;
    expect(Math.abs(v[0] - v[1] - lam * v[0])).toBeLessThan(1e-8);
  });

  it('a continuum of fixed points (singular Jacobian) converges onto it, with a neutral direction', () => {
    // y' = −(y₁ + y₂ − 1)·(1, 1): every point of the line y₁ + y₂ = 1 is a fixed point
    const rhs: RhsFunction = (_t, y, dy) => {
      const s = y[0] + y[1] - 1;
      dy[0] = -s;
      dy[1] = -s;
    };
    const fp = findFixedPoint(rhs, new Float64Array([3, 0.5]));
    expect(fp.converged).toBe(true);
    expect(fp.singularDirections).toBe(1);
    expect(Math.abs(fp.y[0] + fp.y[1] - 1)).toBeLessThan(1e-12);
    // the minimum-norm step moves perpendicular to the line: y₁ − y₂ is kept
    // (up to the finite-difference Jacobian's error, measured 2.9e-11)
    expect(Math.abs(fp.y[0] - fp.y[1] - 2.5)).toBeLessThan(1e-9);
    const st = stabilityAt(rhs, fp.y);
    expect([st.unstable, st.neutral, st.stable]).toEqual([0, 1, 1]);
  });

  it('says plainly when it does not converge (no fixed point)', () => {
    const rhs: RhsFunction = (_t, y, dy) => {
      dy[0] = 1 + y[0] * y[0]; // never zero
    };
    const fp = findFixedPoint(rhs, new Float64Array([0.3]));
    expect(fp.converged).toBe(false);
    expect(fp.message).toMatch(/^did not converge/);
  });
});

describe('BP teacher solution', () => {
  it('K = M = 2, η = 0.2: Newton from the end of a run to t = 10⁵ finds it stable with εg = 0', () => {
    const config = parseConfig({ rule: 'bp', K: 2, M: 2, eta: 0.2, tmax: 1e5 });
    const r = rhsOf(config);
    const a = integrateAuto(r.rhs, r.y0, new Float64Array([0, 1e5]), r.names, { rtol: 1e-11, atol: 1e-14 });
    expect(a.failure).toBeNull();
    const fp = findFixedPoint(r.rhs, a.rows[1]);
    expect(fp.converged).toBe(true);
    const o = r.toOverlaps(fp.y);
    expect(generalisationError(o, r.system.student, r.system.teacher)).toBeLessThan(1e-20);
    // the teacher solution: each student unit a (sign-flipped) copy of one teacher unit, |W2| = W̃2 = 1
    for (let k = 0; k < 2; k++) expect(Math.abs(Math.abs(o.W2[k]) - 1)).toBeLessThan(1e-9);
    const st = stabilityAt(r.rhs, fp.y);
    expect(st.unstable).toBe(0);
    expect(st.neutral).toBe(0);
    expect(st.stable).toBe(r.y0.length);
    // slowest decay ≈ 1.78e-3 (the issue saw −0.002 along the run): time constant ≈ 563
    expect(st.slowestTimeConstant).toBeGreaterThan(300);
    expect(st.slowestTimeConstant).toBeLessThan(1000);
  });

  it('K = 3, M = 2: from a perturbed teacher solution Newton lands on the continuum (singular Jacobian), stable or neutral, εg = 0', () => {
    const config = parseConfig({ rule: 'bp', K: 3, M: 2, eta: 0.2, tmax: 1e6 });
    const r = rhsOf(config);
    const a = integrateAuto(r.rhs, r.y0, new Float64Array([0, 1e6]), r.names, { rtol: 1e-11, atol: 1e-14 });
    const y = a.rows[1].slice();
    for (let i = 0; i < y.length; i++) y[i] += 1e-4 * Math.sin(3 * i + 1); // off the manifold
    const fp = findFixedPoint(r.rhs, y);
    expect(fp.converged).toBe(true);
    expect(fp.singularDirections).toBeGreaterThan(0);
    expect(generalisationError(r.toOverlaps(fp.y), r.system.student, r.system.teacher)).toBeLessThan(1e-20);
    const st = stabilityAt(r.rhs, fp.y);
    expect(st.unstable).toBe(0);
    expect(st.neutral).toBeGreaterThan(0);
  });
});
