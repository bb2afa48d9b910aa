/**
 * Initial conditions shared by theory and simulation, so that both start from the same
 * order parameters at t = 0.
 *   - `weights`: seeded sampling of W̃1, W̃2, W1, W2(0), F (docs/model.md "Initial states").
 *   - `overlaps`: given order parameters, realised exactly at finite D (see realiseOverlaps).
 * Random draws come from one Rng(init.seed) in a fixed order: W̃1, W1, F (with a mirror: W̃1, W1, F1, F2).
 */
import type { Config } from './config.ts';
import { ConfigError } from './errors.ts';
import { cholesky } from './linalg/cholesky.ts';
import { checkCovariancePsd, checkMirrorCovariancePsd } from './checks.ts';
import { productFeedback, type MirrorOverlaps } from './mirror.ts';
import { covarianceOf, mirrorCovarianceOf, overlapsFromJson, overlapsFromWeights, type Overlaps, type OverlapsJson, type Weights } from './overlaps.ts';
import { Rng } from './rng.ts';
import { deepNet, sampleHead, type DeepHead } from './deep.ts';

/** Orthogonalise the rows of an m×D matrix in place (modified Gram–Schmidt), then scale each to norm √D. */
export function orthogonaliseRows(a: Float64Array, m: number, D: number): void {
  for (let i = 0; i < m; i++) {
    for (let pass = 0; pass < 2; pass++) {
      // two passes: re-orthogonalisation keeps |row_i·row_j| at rounding level
      for (let j = 0; j < i; j++) {
        let d = 0;
        for (let x = 0; x < D; x++) d += a[i * D + x] * a[j * D + x];
        d /= D; // rows j < i already have norm² = D
        for (let x = 0; x < D; x++) a[i * D + x] -= d * a[j * D + x];
      }
    }
    let n2 = 0;
    for (let x = 0; x < D; x++) n2 += a[i * D + x] * a[i * D + x];
    const s = Math.sqrt(D / n2);
    for (let x = 0; x < D; x++) a[i * D + x] *= s;
  }
}

/** Sample the weights of a `weights` init at dimension D. */
export function sampleWeights(config: Config): Weights {
  const init = config.init;
  if (init.kind !== 'weights') throw new Error('sampleWeights needs init.kind = "weights"');
  const { K, M, D } = config;
  const rng = new Rng(init.seed);
  const W1t = new Float64Array(M * D);
  rng.fillNormal(W1t, 0, M * D);
  if (init.teacher.W1 === 'orthogonal') {
    if (M > D) throw new Error(`init.teacher.W1 = "orthogonal" needs M ≤ D (M = ${M}, D = ${D})`);
    orthogonaliseRows(W1t, M, D);
  }
  const W1 = new Float64Array(K * D);
  rng.fillNormal(W1, 0, K * D);
  const s1 = init.student.W1std;
  for (let i = 0; i < W1.length; i++) W1[i] *= s1;
  const W2 = init.student.W2 === 'zeros' ? new Float64Array(K) : Float64Array.from(init.student.W2);
  const W2t = Float64Array.from(init.teacher.W2 ?? new Array(M).fill(1));
  // a deeper student's head from a child stream: W̃1, W1, F are the same as without it
  const deep: { deep?: DeepHead } = config.hidden === null ? {} : {
    deep: { hidden: [...config.hidden], head: sampleHead(deepNet(config.hidden), init.seed, init.student.Wmid === 'gaussian' ? 'gaussian' : [init.student.Wmid], init.student.W3) },
  };
  const sF = init.feedback.std;
  if (config.mirror !== null) {
    // F = F1 F2 with i.i.d. N(0, s²) factors, s⁴K = std², so F has the scale it has without a mirror
    const s = Math.sqrt(sF / Math.sqrt(K));
    const F1 = new Float64Array(K * D);
    rng.fillNormal(F1, 0, K * D);
    for (let i = 0; i < F1.length; i++) F1[i] *= s;
    const F2 = new Float64Array(K);
    rng.fillNormal(F2, 0, K);
    for (let j = 0; j < K; j++) F2[j] *= s;
    return { K, M, D, W1, W1t, W2, W2t, F: productFeedback(F1, F2, K, D), F1, F2 };
  }
  const F = new Float64Array(D);
  rng.fillNormal(F, 0, D);
  for (let i = 0; i < D; i++) F[i] *= sF;
  return { K, M, D, W1, W1t, W2, W2t, F, ...deep };
}

/**
 * The order parameters at t = 0 that theory and simulation share: those of the sampled weights
 * (`init.kind` "weights"), or the given overlaps.
 * @example
 * ```ts
 * const o = initialOverlaps(parseConfig({ K: 3, M: 2 }));
 * o.Q; o.R; o.f; o.qf   // Float64Arrays (row-major) and a number
 * ```
 */
export function initialOverlaps(config: Config): Overlaps {
  if (config.init.kind === 'overlaps') return overlapsFromJson(config.init as OverlapsJson);
  return overlapsFromWeights(sampleWeights(config));
}

/**
 * Pivoted Cholesky of a symmetric PSD n×n matrix C (row-major): C = L Lᵀ with L n×r, r = numerical
 * rank (src/core/linalg/cholesky.ts with diagonal pivoting): it stops when the largest remaining
 * pivot is ≤ tol·max_i C_ii (the rest of the Schur complement is then below that level, i.e.
 * rounding of an exactly singular C). Returns L (n×r, row-major, rows in the original order) and r.
 */
export function pivotedCholesky(C: Float64Array, n: number, tol = 1e-14): { L: Float64Array; rank: number } {
  const full = new Float64Array(n * n);
  const { rank } = cholesky(C, n, full, { tol, jitter: 0, perm: new Int32Array(n), ties: 'field' });
  const out = new Float64Array(n * rank);
  for (let i = 0; i < n; i++) for (let j = 0; j < rank; j++) out[i * rank + j] = full[i * n + j];
  return { L: out, rank };
}

/**
 * The exact finite-D realisation of given overlaps (docs/model.md "Initial states"): vectors
 * (W1 rows, W̃1 rows, F) ∈ R^D whose Gram matrix divided by D is C = [[Q,R,f],[Rᵀ,T,f̃],[fᵀ,f̃ᵀ,q_f]].
 * C = L Lᵀ (pivoted Cholesky, so a PSD-singular C is fine), and row i of (W1; W̃1; F) is
 * Σ_j L_ij u_j with u_1..u_r orthogonal of norm √D: the rows of a Gaussian r×D matrix drawn from
 * Rng(seed) and orthogonalised (a uniformly random orthonormal frame). Then v_i·v_k/D = (LLᵀ)_ik.
 * W2 and W̃2 are copied. Throws ConfigError when C is not PSD or its rank exceeds D.
 * @example
 * ```ts
 * const w = realiseOverlaps(overlapsFromJson(json), 500, 1);   // Gram(W1, W̃1, F)/D equals the given C
 * ```
 */
export function realiseOverlaps(o: Overlaps, D: number, seed: number): Weights {
  const { K, M } = o;
  if (o.mirror) {
    // with a mirror the rows are (W1, W̃1, F1) with Gram [[Q,R,P],[Rᵀ,T,P̃],[Pᵀ,P̃ᵀ,G]]·D, and F = F1 F2
    checkMirrorCovariancePsd(o);
    const V = realiseGram(mirrorCovarianceOf(o as Overlaps & { mirror: MirrorOverlaps }), 2 * K + M, D, seed);
    const F1 = V.slice((K + M) * D, (2 * K + M) * D);
    const F2 = o.mirror.F2.slice();
    return { K, M, D, W1: V.slice(0, K * D), W1t: V.slice(K * D, (K + M) * D), F: productFeedback(F1, F2, K, D), F1, F2, W2: o.W2.slice(), W2t: o.W2t.slice() };
  }
  const n = K + M + 1;
  checkCovariancePsd(o);
  const V = realiseGram(covarianceOf(o), n, D, seed);
  return {
    K, M, D,
    W1: V.slice(0, K * D), W1t: V.slice(K * D, (K + M) * D), F: V.slice((K + M) * D, n * D),
    W2: o.W2.slice(), W2t: o.W2t.slice(),
    ...(o.deep ? { deep: { hidden: o.deep.hidden, head: o.deep.head.slice() } } : {}),
  };
}

/** n rows of length D whose Gram matrix /D is the PSD n×n matrix C, in a random orthonormal frame of Rng(seed). */
function realiseGram(C: Float64Array, n: number, D: number, seed: number): Float64Array {
  const { L, rank } = pivotedCholesky(C, n);
  if (rank > D) throw new ConfigError('D', `must be at least the rank ${rank} of the initial overlaps to realise them (got D = ${D})`);
  const U = new Float64Array(rank * D);
  new Rng(seed).fillNormal(U, 0, rank * D);
  orthogonaliseRows(U, rank, D);
  const V = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < rank; j++) {
      const l = L[i * rank + j];
      if (l === 0) continue;
      for (let x = 0; x < D; x++) V[i * D + x] += l * U[j * D + x];
    }
  }
  return V;
}

/**
 * The initial weights of a config at its dimension D: sampled (`weights`) or realised exactly from
 * the given overlaps (`overlaps`); `overlapsFromWeights(initialWeights(c))` equals `initialOverlaps(c)`.
 * @example
 * ```ts
 * const w = initialWeights(parseConfig({ D: 1000 }));
 * w.W1.length === w.K * w.D   // true
 * ```
 */
export function initialWeights(config: Config): Weights {
  if (config.init.kind === 'weights') return sampleWeights(config);
  return realiseOverlaps(initialOverlaps(config), config.D, config.init.seed);
}
