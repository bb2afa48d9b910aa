/**
 * The ODE state as one flat Float64Array (what the integrators move) and the resolved system.
 * Layout: y = [Q upper triangle row-major (K(K+1)/2) | R (K·M) | W2 (K) | f (K)], and with weight
 * mirroring (docs/rules.md "Weight mirroring") also [P (K·K) | P̃ (M·K) | G upper triangle (K(K+1)/2) | F2 (K)].
 * A deeper student (docs/rules.md "Deeper students") has no W2: y = [Q | R | f | head (W_mid, W3, …)].
 * T and W̃2 do not move and live in the system; so do f̃ and q_f when F is fixed. With a mirror
 * f, f̃ and q_f are read from the mirror block (f = P F2, f̃ = P̃ F2, q_f = F2ᵀ G F2); the f slot is
 * then carried along with the same derivative, for readers of y. This file is the only one that knows
 * the layout: everything else goes through stateLayout, qIndex, packState, unpackState, stateNames.
 */
import { resolveLearningSetup, type LearningSetup } from '../src/core/learningSetup.ts';
import { emptyMirrorOverlaps, feedbackFromMirror, type MirrorSpec } from '../src/core/mirror.ts';
import { emptyOverlaps, type Overlaps } from '../src/core/overlaps.ts';
import { headNames, type DeepNet } from '../src/core/deep.ts';
import type { TheoryProblem } from './problem.ts';

/** A problem resolved for the right-hand sides: the setup's objects and the constant overlaps. */
export interface OdeSystem extends LearningSetup {
  readonly K: number;
  readonly M: number;
  /** constants */
  readonly T: Float64Array;
  readonly W2t: Float64Array;
  readonly ft: Float64Array;
  readonly qf: number;
}

/** Resolve a (validated) problem into the system its right-hand sides integrate. */
export function odeSystem(problem: TheoryProblem): OdeSystem {
  const { K, M, initial } = problem;
  return {
    ...resolveLearningSetup(problem.setup, K),
    K, M, T: initial.T.slice(), W2t: initial.W2t.slice(), ft: initial.ft.slice(), qf: initial.qf,
  };
}

/**
 * Names of the state components, as in the CSV columns (1-based): Q_1_1, Q_1_2, …, R_k_m, W2_k, f_k,
 * and with a mirror P_k_j, Pt_m_j, G_i_j (i ≤ j), F2_j.
 */
export function stateNames(K: number, M: number, mirrored = false, deep: DeepNet | null = null): string[] {
  const names: string[] = [];
  for (let k = 1; k <= K; k++) for (let l = k; l <= K; l++) names.push(`Q_${k}_${l}`);
  for (let k = 1; k <= K; k++) for (let m = 1; m <= M; m++) names.push(`R_${k}_${m}`);
  if (deep === null) for (let k = 1; k <= K; k++) names.push(`W2_${k}`);
  for (let k = 1; k <= K; k++) names.push(`f_${k}`);
  if (deep !== null) return [...names, ...headNames(deep)];
  if (!mirrored) return names;
  for (let k = 1; k <= K; k++) for (let j = 1; j <= K; j++) names.push(`P_${k}_${j}`);
  for (let m = 1; m <= M; m++) for (let j = 1; j <= K; j++) names.push(`Pt_${m}_${j}`);
  for (let i = 1; i <= K; i++) for (let j = i; j <= K; j++) names.push(`G_${i}_${j}`);
  for (let j = 1; j <= K; j++) names.push(`F2_${j}`);
  return names;
}

/** dy ← RHS(t, y). Must not allocate. */
export type RhsFunction = (t: number, y: Float64Array, dy: Float64Array) => void;

export interface StateLayout {
  K: number;
  M: number;
  /** offsets into y */
  offR: number;
  offW2: number;
  offF: number;
  /** with a mirror: offsets of P (K·K row-major), P̃ (M·K), G's upper triangle, F2 (K); else all = offF + K */
  offP: number;
  offPt: number;
  offG: number;
  offF2: number;
  /** a deeper student's head (no W2 then: offW2 = offF); else = size */
  offHead: number;
  size: number;
}

/** The layout of the state vector; `headSize` > 0 for a deeper student (no W2, the head after f; no mirror). */
export function stateLayout(K: number, M: number, mirrored = false, headSize = 0): StateLayout {
  const nQ = (K * (K + 1)) / 2;
  const offR = nQ;
  const offW2 = offR + K * M;
  if (headSize > 0) {
    const offHead = offW2 + K;
    return { K, M, offR, offW2, offF: offW2, offP: offHead, offPt: offHead, offG: offHead, offF2: offHead, offHead, size: offHead + headSize };
  }
  const offF = offW2 + K;
  const offP = offF + K;
  if (!mirrored) return { K, M, offR, offW2, offF, offP, offPt: offP, offG: offP, offF2: offP, offHead: offP, size: offP };
  const offPt = offP + K * K;
  const offG = offPt + M * K;
  const offF2 = offG + nQ;
  return { K, M, offR, offW2, offF, offP, offPt, offG, offF2, offHead: offF2 + K, size: offF2 + K };
}

/**
 * Where a per-sample integrand accumulates into a state-shaped vector: the offsets of R, W2, f and a
 * deeper student's head and the K×K table of Q indices (qIndex), for the allocation-free integrands
 * of the general and deep RHS (it is their FirstLayerSlots, theory/firstLayer.ts).
 */
export class StateAccumulator {
  readonly size: number;
  readonly offR: number;
  protected readonly offW2: number;
  readonly offF: number;
  protected readonly offHead: number;
  /** qIdx[k·K + l] = qIndex(K, k, l) */
  readonly qIdx: Int32Array;

  constructor(K: number, M: number, mirrored = false, headSize = 0) {
    const L = stateLayout(K, M, mirrored, headSize);
    this.size = L.size;
    this.offR = L.offR;
    this.offW2 = L.offW2;
    this.offF = L.offF;
    this.offHead = L.offHead;
    this.qIdx = new Int32Array(K * K);
    for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) this.qIdx[k * K + l] = qIndex(K, k, l);
  }
}

/** index of Q[k][l] (any order) in y */
export function qIndex(K: number, k: number, l: number): number {
  if (k > l) [k, l] = [l, k];
  return k * K - (k * (k - 1)) / 2 + (l - k);
}

/** The state vector of given overlaps (with their mirror block when they have one). */
export function packState(o: Overlaps, out?: Float64Array): Float64Array {
  const K = o.K;
  const L = stateLayout(K, o.M, o.mirror !== undefined, o.deep?.head.length ?? 0);
  const y = out ?? new Float64Array(L.size);
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) y[qIndex(K, k, l)] = o.Q[k * K + l];
  y.set(o.R, L.offR);
  if (o.deep) y.set(o.deep.head, L.offHead);
  else y.set(o.W2, L.offW2);
  y.set(o.f, L.offF);
  if (o.mirror) {
    y.set(o.mirror.P, L.offP);
    y.set(o.mirror.Pt, L.offPt);
    for (let i = 0; i < K; i++) for (let j = i; j < K; j++) y[L.offG + qIndex(K, i, j)] = o.mirror.G[i * K + j];
    y.set(o.mirror.F2, L.offF2);
  }
  return y;
}

/** Full Overlaps from a state vector and the system's constants (and, with a mirror, f, f̃, q_f from the mirror block). */
export function unpackState(
  y: ArrayLike<number>,
  p: Pick<OdeSystem, 'K' | 'M' | 'T' | 'W2t' | 'ft' | 'qf'> & { readonly mirror?: MirrorSpec | null; readonly deep?: { readonly net: DeepNet } | null },
  out?: Overlaps,
): Overlaps {
  const { K, M } = p;
  const mirrored = p.mirror !== undefined && p.mirror !== null;
  const net = p.deep?.net ?? null;
  const L = stateLayout(K, M, mirrored, net?.size ?? 0);
  const o = out ?? emptyOverlaps(K, M);
  if (net !== null) {
    const d = (o.deep ??= { hidden: net.hidden, head: new Float64Array(net.size) });
    for (let i = 0; i < net.size; i++) d.head[i] = y[L.offHead + i];
  }
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      const q = y[qIndex(K, k, l)];
      o.Q[k * K + l] = q;
      o.Q[l * K + k] = q;
    }
  }
  for (let i = 0; i < K * M; i++) o.R[i] = y[L.offR + i];
  for (let k = 0; k < K; k++) {
    // a deeper student has no W2 in the state: it stays zero
    o.W2[k] = net === null ? y[L.offW2 + k] : 0;
    o.f[k] = y[L.offF + k];
  }
  o.T.set(p.T);
  o.W2t.set(p.W2t);
  if (!mirrored) {
    o.ft.set(p.ft);
    o.qf = p.qf;
    return o;
  }
  const m = (o.mirror ??= emptyMirrorOverlaps(K, M));
  for (let i = 0; i < K * K; i++) m.P[i] = y[L.offP + i];
  for (let i = 0; i < M * K; i++) m.Pt[i] = y[L.offPt + i];
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const g = y[L.offG + qIndex(K, i, j)];
      m.G[i * K + j] = g;
      m.G[j * K + i] = g;
    }
  }
  for (let j = 0; j < K; j++) m.F2[j] = y[L.offF2 + j];
  o.qf = feedbackFromMirror(m, K, M, o.f, o.ft);
  return o;
}
