import { deepNet, headFromJson, headToJson, type DeepHead } from './deep.ts';
import { emptyMirrorOverlaps, feedbackFromMirror, type MirrorOverlaps } from './mirror.ts';

/**
 * Order parameters (scaled convention, docs/model.md "Order parameters"): Q = W1W1ᵀ/D (K×K), R = W1W̃1ᵀ/D (K×M),
 * T = W̃1W̃1ᵀ/D (M×M), f = W1F/D (K), f̃ = W̃1F/D (M), q_f = F·F/D, plus W2 and W̃2; with weight
 * mirroring also P, P̃, G, F2 (`mirror`). Matrices are flat row-major Float64Arrays.
 */
export interface Overlaps {
  readonly K: number;
  readonly M: number;
  /** K×K row-major, symmetric */
  readonly Q: Float64Array;
  /** K×M row-major */
  readonly R: Float64Array;
  /** M×M row-major, symmetric */
  readonly T: Float64Array;
  /** student second layer W2 (K) */
  readonly W2: Float64Array;
  /** teacher second layer W̃2 (M) */
  readonly W2t: Float64Array;
  /** adaptive feedback f = W1F/D (K) */
  readonly f: Float64Array;
  /** teacher–feedback overlap f̃ = W̃1F/D (M) */
  readonly ft: Float64Array;
  /** q_f = F·F/D */
  qf: number;
  /**
   * with weight mirroring (src/core/mirror.ts): P, P̃, G, F2; f, f̃ and q_f are then derived from
   * them (f = P F2, f̃ = P̃ F2, q_f = F2ᵀ G F2). Absent with a fixed F.
   */
  mirror?: MirrorOverlaps;
  /**
   * a deeper student (src/core/deep.ts): its hidden widths and the head (W_mid, W3, …) that takes
   * the place of W2, which then stays zero and unused. Absent with one hidden layer.
   */
  deep?: DeepHead;
}

/** JSON form, the same keys as the `overlaps` form of `init` in a config. */
export interface OverlapsJson {
  Q: number[][];
  R: number[][];
  T: number[][];
  /** one hidden layer */
  W2?: number[];
  W2t: number[];
  /** a student with hidden [K1, K2], in place of W2: W_mid (K2×K1) and the output weights W3 (K2) */
  Wmid?: number[][];
  W3?: number[];
  /** with a fixed F */
  f?: number[];
  ft?: number[];
  qf?: number;
  /** with weight mirroring, in place of f, ft, qf: P = W1F1/D (K×K), Pt = W̃1F1/D (M×K), G = F1ᵀF1/D (K×K), F2 (K) */
  P?: number[][];
  Pt?: number[][];
  G?: number[][];
  F2?: number[];
}

/** The raw weights of one teacher–student pair plus the PEPITA/AFA feedback vector F. */
export interface Weights {
  readonly K: number;
  readonly M: number;
  readonly D: number;
  /** student first layer, K×D row-major */
  readonly W1: Float64Array;
  /** teacher first layer W̃1, M×D row-major */
  readonly W1t: Float64Array;
  /** student second layer (K) */
  readonly W2: Float64Array;
  /** teacher second layer (M) */
  readonly W2t: Float64Array;
  /** feedback vector (D); with weight mirroring F = F1 F2 */
  readonly F: Float64Array;
  /** with weight mirroring: the factor F1 stored as K rows of length D (row j is column j of the paper's D×K F1) */
  readonly F1?: Float64Array;
  /** with weight mirroring: the factor F2 (K) */
  readonly F2?: Float64Array;
  /** a deeper student: its head (W2 is then zero and unused) */
  readonly deep?: DeepHead;
}

export function emptyOverlaps(K: number, M: number): Overlaps {
  return {
    K, M,
    Q: new Float64Array(K * K), R: new Float64Array(K * M), T: new Float64Array(M * M),
    W2: new Float64Array(K), W2t: new Float64Array(M), f: new Float64Array(K), ft: new Float64Array(M), qf: 0,
  };
}

export function cloneOverlaps(o: Overlaps): Overlaps {
  const c: Overlaps = {
    K: o.K, M: o.M, Q: o.Q.slice(), R: o.R.slice(), T: o.T.slice(), W2: o.W2.slice(), W2t: o.W2t.slice(),
    f: o.f.slice(), ft: o.ft.slice(), qf: o.qf,
  };
  if (o.mirror) c.mirror = { P: o.mirror.P.slice(), Pt: o.mirror.Pt.slice(), G: o.mirror.G.slice(), F2: o.mirror.F2.slice() };
  if (o.deep) c.deep = { hidden: o.deep.hidden, head: o.deep.head.slice() };
  return c;
}


function rows(a: Float64Array, r: number, c: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r; i++) out.push(Array.from(a.subarray(i * c, (i + 1) * c)));
  return out;
}

/**
 * The JSON form of overlaps (the keys of an `overlaps` init), e.g. to start a config from a state.
 * @example
 * ```ts
 * const init = { kind: 'overlaps', ...overlapsToJson(sol.states.at(-1)!) };
 * ```
 */
export function overlapsToJson(o: Overlaps): OverlapsJson {
  const second: Pick<OverlapsJson, 'W2' | 'Wmid' | 'W3'> = o.deep ? deepJson(o.deep) : { W2: Array.from(o.W2) };
  const base = { Q: rows(o.Q, o.K, o.K), R: rows(o.R, o.K, o.M), T: rows(o.T, o.M, o.M), ...second, W2t: Array.from(o.W2t) };
  // with mirroring the factors' overlaps stand in for f, f̃, q_f (which they determine)
  if (o.mirror) {
    const m = o.mirror;
    return { ...base, P: rows(m.P, o.K, o.K), Pt: rows(m.Pt, o.M, o.K), G: rows(m.G, o.K, o.K), F2: Array.from(m.F2) };
  }
  return { ...base, f: Array.from(o.f), ft: Array.from(o.ft), qf: o.qf };
}

/**
 * Overlaps from their JSON form (shapes are assumed checked, as `parseConfig` does).
 * @example
 * ```ts
 * const o = overlapsFromJson({ Q: [[1]], R: [[0]], T: [[1]], W2: [0], W2t: [1], f: [0.2], ft: [0], qf: 1 });
 * ```
 */
export function overlapsFromJson(j: OverlapsJson): Overlaps {
  const K = j.Q.length;
  const M = j.W2t.length;
  const o = emptyOverlaps(K, M);
  o.Q.set(j.Q.flat());
  o.R.set(j.R.flat());
  o.T.set(j.T.flat());
  if (j.Wmid !== undefined && j.W3 !== undefined) {
    const hidden = [K, j.W3.length];
    o.deep = { hidden, head: headFromJson(deepNet(hidden), [j.Wmid], j.W3) };
  } else o.W2.set(j.W2 ?? []);
  o.W2t.set(j.W2t);
  if (j.P !== undefined && j.Pt !== undefined && j.G !== undefined && j.F2 !== undefined) {
    const m = emptyMirrorOverlaps(K, M);
    m.P.set(j.P.flat());
    m.Pt.set(j.Pt.flat());
    m.G.set(j.G.flat());
    m.F2.set(j.F2);
    o.mirror = m;
    o.qf = feedbackFromMirror(m, K, M, o.f, o.ft);
    return o;
  }
  o.f.set(j.f ?? []);
  o.ft.set(j.ft ?? []);
  o.qf = j.qf ?? 0;
  return o;
}

/** Wmid and W3 of a two-hidden-layer head (the JSON keys of an overlaps init). */
function deepJson(d: DeepHead): { Wmid: number[][]; W3: number[] } {
  if (d.hidden.length !== 2) throw new Error(`the JSON form of overlaps has keys for two hidden layers (got ${d.hidden.length})`);
  const { mids, out } = headToJson(deepNet(d.hidden), d.head);
  return { Wmid: mids[0], W3: out };
}

function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ia + i] * b[ib + i];
  return s;
}

/**
 * All order parameters of a set of weights (one K·D and one M·D pass per overlap row).
 * @example
 * ```ts
 * const o = overlapsFromWeights(initialWeights(config));   // Q = W1W1ᵀ/D, R = W1W̃1ᵀ/D, f = W1F/D, …
 * ```
 */
export function overlapsFromWeights(w: Weights): Overlaps {
  const { K, M, D } = w;
  const o = emptyOverlaps(K, M);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      const q = dot(w.W1, k * D, w.W1, l * D, D) / D;
      o.Q[k * K + l] = q;
      o.Q[l * K + k] = q;
    }
    for (let m = 0; m < M; m++) o.R[k * M + m] = dot(w.W1, k * D, w.W1t, m * D, D) / D;
    o.f[k] = dot(w.W1, k * D, w.F, 0, D) / D;
  }
  for (let m = 0; m < M; m++) {
    for (let n = m; n < M; n++) {
      const t = dot(w.W1t, m * D, w.W1t, n * D, D) / D;
      o.T[m * M + n] = t;
      o.T[n * M + m] = t;
    }
    o.ft[m] = dot(w.W1t, m * D, w.F, 0, D) / D;
  }
  o.qf = dot(w.F, 0, w.F, 0, D) / D;
  o.W2.set(w.W2);
  o.W2t.set(w.W2t);
  if (w.F1 && w.F2) o.mirror = mirrorOverlapsFromWeights(w, w.F1, w.F2);
  if (w.deep) o.deep = { hidden: w.deep.hidden, head: w.deep.head.slice() };
  return o;
}

/** P = W1F1/D, P̃ = W̃1F1/D, G = F1ᵀF1/D and F2 of mirrored weights (F1 as K rows of length D). */
function mirrorOverlapsFromWeights(w: Weights, F1: Float64Array, F2: Float64Array): MirrorOverlaps {
  const { K, M, D } = w;
  const m = emptyMirrorOverlaps(K, M);
  for (let j = 0; j < K; j++) {
    for (let k = 0; k < K; k++) m.P[k * K + j] = dot(w.W1, k * D, F1, j * D, D) / D;
    for (let n = 0; n < M; n++) m.Pt[n * K + j] = dot(w.W1t, n * D, F1, j * D, D) / D;
    for (let i = j; i < K; i++) {
      const g = dot(F1, i * D, F1, j * D, D) / D;
      m.G[i * K + j] = g;
      m.G[j * K + i] = g;
    }
  }
  m.F2.set(F2);
  return m;
}

/**
 * Covariance of the fields of (W1, W̃1, F1) with mirroring, n = 2K + M, row-major:
 * [[Q, R, P], [Rᵀ, T, P̃], [Pᵀ, P̃ᵀ, G]] — the Gram matrix /D the weights must realise.
 */
export function mirrorCovarianceOf(o: Overlaps & { mirror: MirrorOverlaps }): Float64Array {
  const { K, M } = o;
  const { P, Pt, G } = o.mirror;
  const n = 2 * K + M;
  const C = new Float64Array(n * n);
  const put = (i: number, j: number, v: number) => {
    C[i * n + j] = v;
    C[j * n + i] = v;
  };
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) put(k, l, o.Q[k * K + l]);
  for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) put(k, K + m, o.R[k * M + m]);
  for (let m = 0; m < M; m++) for (let p = 0; p < M; p++) put(K + m, K + p, o.T[m * M + p]);
  for (let j = 0; j < K; j++) {
    for (let k = 0; k < K; k++) put(k, K + M + j, P[k * K + j]);
    for (let m = 0; m < M; m++) put(K + m, K + M + j, Pt[m * K + j]);
    for (let i = 0; i < K; i++) put(K + M + i, K + M + j, G[i * K + j]);
  }
  return C;
}

/**
 * Covariance C of the local fields (λ_1..λ_K, ν_1..ν_M, ρ), n = K+M+1, row-major:
 * C = [[Q, R, f], [Rᵀ, T, f̃], [fᵀ, f̃ᵀ, q_f]]. Writes into `out` when given (no allocation).
 */
export function covarianceOf(o: Overlaps, out?: Float64Array): Float64Array {
  const { K, M } = o;
  const n = K + M + 1;
  const C = out ?? new Float64Array(n * n);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) C[k * n + l] = o.Q[k * K + l];
    for (let m = 0; m < M; m++) {
      C[k * n + K + m] = o.R[k * M + m];
      C[(K + m) * n + k] = o.R[k * M + m];
    }
    C[k * n + K + M] = o.f[k];
    C[(K + M) * n + k] = o.f[k];
  }
  for (let m = 0; m < M; m++) {
    for (let p = 0; p < M; p++) C[(K + m) * n + K + p] = o.T[m * M + p];
    C[(K + m) * n + K + M] = o.ft[m];
    C[(K + M) * n + K + m] = o.ft[m];
  }
  C[n * n - 1] = o.qf;
  return C;
}
