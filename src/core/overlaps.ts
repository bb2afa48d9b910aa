/**
 * Order parameters (scaled convention, docs/model.md "Order parameters"): Q = W1W1ᵀ/D (K×K), R = W1W̃1ᵀ/D (K×M),
 * T = W̃1W̃1ᵀ/D (M×M), f = W1F/D (K), f̃ = W̃1F/D (M), q_f = F·F/D, plus W2 and W̃2.
 * Matrices are flat row-major Float64Arrays.
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
}

/** JSON form, the same keys as the `overlaps` form of `init` in a config. */
export interface OverlapsJson {
  Q: number[][];
  R: number[][];
  T: number[][];
  W2: number[];
  W2t: number[];
  f: number[];
  ft: number[];
  qf: number;
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
  /** feedback vector (D) */
  readonly F: Float64Array;
}

export function emptyOverlaps(K: number, M: number): Overlaps {
  return {
    K, M,
    Q: new Float64Array(K * K), R: new Float64Array(K * M), T: new Float64Array(M * M),
    W2: new Float64Array(K), W2t: new Float64Array(M), f: new Float64Array(K), ft: new Float64Array(M), qf: 0,
  };
}

export function cloneOverlaps(o: Overlaps): Overlaps {
  return {
    K: o.K, M: o.M, Q: o.Q.slice(), R: o.R.slice(), T: o.T.slice(), W2: o.W2.slice(), W2t: o.W2t.slice(),
    f: o.f.slice(), ft: o.ft.slice(), qf: o.qf,
  };
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
  return {
    Q: rows(o.Q, o.K, o.K), R: rows(o.R, o.K, o.M), T: rows(o.T, o.M, o.M),
    W2: Array.from(o.W2), W2t: Array.from(o.W2t), f: Array.from(o.f), ft: Array.from(o.ft), qf: o.qf,
  };
}

/**
 * Overlaps from their JSON form (shapes are assumed checked, as `parseConfig` does).
 * @example
 * ```ts
 * const o = overlapsFromJson({ Q: [[1]], R: [[0]], T: [[1]], W2: [0], W2t: [1], f: [0.2], ft: [0], qf: 1 });
 * ```
 */
export function overlapsFromJson(j: OverlapsJson): Overlaps {
  const K = j.W2.length;
  const M = j.W2t.length;
  const o = emptyOverlaps(K, M);
  o.Q.set(j.Q.flat());
  o.R.set(j.R.flat());
  o.T.set(j.T.flat());
  o.W2.set(j.W2);
  o.W2t.set(j.W2t);
  o.f.set(j.f);
  o.ft.set(j.ft);
  o.qf = j.qf;
  return o;
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
  return o;
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
